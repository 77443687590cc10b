"""A loopback PDS for the fault runs: the brand is mentioned on demand, and the XRPC calls
``replydesk sync`` makes (``listNotifications`` page by page, ``getPostThread``) and
``replydesk account add bluesky`` makes (``createSession``) are answered from recorded
payloads (``tests/fixtures/bluesky/local-pds``)."""

from __future__ import annotations

import copy
import itertools
import json
import threading
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit

from tests.fakes.bluesky import FAN_DID, PdsServer, load

LIST = "/xrpc/app.bsky.notification.listNotifications"
THREAD = "/xrpc/app.bsky.feed.getPostThread"
SESSION = "/xrpc/com.atproto.server.createSession"
APP_PASSWORD = "abcd-efgh-ijkl-mnop"
Answer = tuple[int, dict[str, str], bytes]


def _json(body: object, status: int = 200) -> Answer:
    return status, {"Content-Type": "application/json"}, json.dumps(body).encode()


def _stamp(at: datetime) -> str:
    return at.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class FaultyPds(PdsServer):
    """``PdsServer`` whose brand account (``brand.test``) gets mentions from ``add_mentions``."""

    def __init__(self) -> None:
        super().__init__()
        self.notifications: list[dict[str, Any]] = []  # newest first, as Bluesky lists them
        self._model = load("local-pds/listNotifications-brand.json")["notifications"][0]
        self._thread = load("local-pds/getPostThread-before-reply.json")
        self._made = itertools.count()
        self._mentions_lock = threading.Lock()

    def add_mentions(self, count: int, at: datetime | None = None) -> list[str]:
        """``count`` more mentions of the brand (copies of the recorded one, indexed ``at`` if
        given); their uris."""
        when = self._model["indexedAt"] if at is None else _stamp(at)
        uris = []
        with self._mentions_lock:
            for _ in range(count):
                uri = f"at://{FAN_DID}/app.bsky.feed.post/3n2wpruwt{next(self._made):04d}"
                item = copy.deepcopy(self._model)
                item |= {"uri": uri, "indexedAt": when}
                item["record"]["createdAt"] = when
                self.notifications.insert(0, item)
                uris.append(uri)
        return uris

    def mention_ids(self) -> set[str]:
        """The uris of every mention the server holds."""
        with self._mentions_lock:
            return {n["uri"] for n in self.notifications}

    def answer(
        self, method: str, target: str, headers: Mapping[str, str], body: bytes
    ) -> tuple[int, dict[str, str], bytes]:
        """The fault runs' calls here; every other one through the fake PDS."""
        path = urlsplit(target).path
        query = {k: v[0] for k, v in parse_qs(urlsplit(target).query).items()}
        if path == SESSION:
            if json.loads(body or b"{}").get("password") != APP_PASSWORD:
                return _json(load("local-pds/error-createSession-bad-password.json"), 401)
            session = load("local-pds/createSession-brand.json")
            session["didDoc"]["service"][0]["serviceEndpoint"] = self.base_url  # this PDS
            return _json(session | {"accessJwt": self.pds.access, "refreshJwt": self.pds.refresh})
        if path == LIST:
            return self._page(int(query.get("cursor") or 0), int(query.get("limit") or 50))
        if path == THREAD:
            thread = copy.deepcopy(self._thread)
            thread["thread"]["post"]["uri"] = query.get("uri", "")
            return _json(thread)
        return super().answer(method, target, headers, body)

    def _page(self, start: int, limit: int) -> Answer:
        with self._mentions_lock:
            items = self.notifications[start : start + limit]
            more = start + limit < len(self.notifications)
        page: dict[str, Any] = {"notifications": items, "priority": False}
        if more:
            page["cursor"] = str(start + limit)
        return _json(page)
