"""Recorded Mastodon answers for tests, and a tiny fake Mastodon server on 127.0.0.1.

``recorded(name)`` rebuilds a response recorded from a real server (tests/fixtures/mastodon/);
``Replay`` serves such responses through ``httpx.MockTransport``. ``FakeMastodon`` is a small,
stateful server built on the recorded GoToSocial scenario: it runs the whole login flow
(apps, authorize, token, verify_credentials, revoke), notifications with ``Link`` paging,
statuses with their context, and ``/api/v2/instance``. Use it as a context manager for a real
socket (``base_url``), or through ``transport()`` without one; ``requests`` records every call.
"""

from __future__ import annotations

import html
import json
import re
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx

from tests.loopback import Loopback, mock_transport

FIXTURES = Path(__file__).parent.parent / "fixtures" / "mastodon"
_DROPPED = {"content-length", "transfer-encoding", "connection", "content-encoding"}


def fixture_json(name: str) -> Any:
    """A recorded JSON body, e.g. ``"gotosocial/16_brand_reply_1.body.json"``."""
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def recorded(name: str) -> httpx.Response:
    """A recorded response: ``gotosocial/NN_x`` / ``takahe/NN_x`` or a root ``X`` (.http.json)."""
    headers: list[tuple[str, str]] = []
    if (FIXTURES / f"{name}.headers.txt").exists():
        status = 0
        for line in (FIXTURES / f"{name}.headers.txt").read_text(encoding="utf-8").splitlines():
            if line.startswith("< HTTP "):
                status = int(line.split()[2])
            elif line.startswith("< ") and ":" in line:
                key, _, value = line[2:].partition(":")
                headers.append((key.strip(), value.strip()))
        body = next(FIXTURES.glob(f"{name}.body.*")).read_bytes()
    else:
        meta = fixture_json(f"{name}.http.json")
        status = meta["status"]["code"]
        headers = [(k, v) for k, values in meta["headers"].items() for v in values]
        sibling = FIXTURES / f"{name}.json"
        body = meta["body"].encode() if "body" in meta else sibling.read_bytes()
    kept = [(k, v) for k, v in headers if k.lower() not in _DROPPED]
    return httpx.Response(status, headers=kept, content=body)


def json_response(
    body: object, status: int = 200, headers: Mapping[str, str] | None = None
) -> httpx.Response:
    """A JSON response built in a test."""
    return httpx.Response(status, json=body, headers=headers)


class Replay:
    """A ``MockTransport`` answering (method, path) with queued responses, in order.

    A single response is served every time; a list is consumed one per request. Requests are
    kept in ``requests``; an unexpected request fails the test with an ``AssertionError``.
    """

    def __init__(self, routes: Mapping[tuple[str, str], httpx.Response | list[httpx.Response]]):
        self._routes = {
            key: value if isinstance(value, list) else [value] for key, value in routes.items()
        }
        self._repeat = {key for key, value in routes.items() if not isinstance(value, list)}
        self.requests: list[httpx.Request] = []
        self.transport = httpx.MockTransport(self._handle)

    def _handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        key = (request.method, request.url.path)
        queue = self._routes.get(key)
        if not queue:
            raise AssertionError(f"unexpected request {request.method} {request.url}")
        answer = queue[0] if key in self._repeat else queue.pop(0)
        return httpx.Response(answer.status_code, headers=answer.headers, content=answer.content)


@dataclass
class FakeRequest:
    """One request the fake server received."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    form: dict[str, str] = field(default_factory=dict)


ENGAGE = re.compile(
    r"/api/v1/(statuses/[^/]+/(?:un)?(?:favourite|reblog)|accounts/[^/]+/(?:un)?follow)"
)
"""The paths of the quick actions and their undo."""


class FakeMastodon:
    """A Mastodon-compatible server in memory; honours ``Idempotency-Key`` unless told not to."""

    CODE = "fake-authorization-code"
    CLIENT_SECRET = "fake-client-secret"

    def __init__(
        self, *, honour_idempotency: bool = True, token: str = "fake-access-token"
    ) -> None:
        self.honour_idempotency = honour_idempotency
        self.token = token
        self.revoked = False
        self.requests: list[FakeRequest] = []
        self.app = fixture_json("gotosocial/03_apps_create.body.json")
        self.brand = fixture_json("gotosocial/06_verify_credentials_brand.body.json")
        self.notifications: list[dict[str, Any]] = fixture_json(
            "gotosocial/35_brand_notifications_after_dm.body.json"
        )
        self.notifications += fixture_json("gotosocial/12_brand_notifications_mention.body.json")
        self.posted: list[dict[str, Any]] = []
        # Public posts that name the brand, newest first: served by hashtag timelines and, when
        # ``full_text`` (a Mastodon 4.2+ instance), by /api/v2/search (``add_public``).
        self.public: list[dict[str, Any]] = []
        self.full_text = False
        self.search_faults: list[tuple[int, dict[str, str], bytes]] = []
        # Called with each new status after it is recorded, before it is answered (crash tests).
        self.after_post: Callable[[dict[str, Any]], None] | None = None
        # Given each socket request first; True when it answered it itself (fault tests).
        self.socket_fault: Callable[[BaseHTTPRequestHandler], bool] | None = None
        self._by_key: dict[str, dict[str, Any]] = {}
        # Quick actions in effect (favourite, reblog: status ids; follow: account ids). Each
        # is a state, as on Mastodon: doing it twice leaves it as it is.
        self.engaged: dict[str, set[str]] = {"favourite": set(), "reblog": set(), "follow": set()}
        self._lock = threading.Lock()
        self._loopback: Loopback | None = None
        self.base_url = "http://127.0.0.1"

    # -- the socket -------------------------------------------------------------------------
    def __enter__(self) -> FakeMastodon:
        self._loopback = Loopback(self.handle, lambda: self.socket_fault)
        self.base_url = self._loopback.base_url
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._loopback is not None
        self._loopback.close()

    def transport(self) -> httpx.MockTransport:
        """The same fake without a socket."""
        return mock_transport(self.handle)

    # -- the API ----------------------------------------------------------------------------
    def handle(
        self, method: str, target: str, headers: Mapping[str, str], body: bytes
    ) -> tuple[int, dict[str, str], bytes]:
        """Answer one request (thread-safe): status, headers and body."""
        parts = urlsplit(target)
        lower = {k.lower(): v for k, v in headers.items()}
        form = {k: v[0] for k, v in parse_qs(body.decode()).items()} if body else {}
        request = FakeRequest(method, parts.path, parse_qs(parts.query), lower, form)
        with self._lock:
            self.requests.append(request)
            return self._route(request)

    def _route(self, req: FakeRequest) -> tuple[int, dict[str, str], bytes]:
        route = (req.method, req.path)
        if route == ("POST", "/api/v1/apps"):
            return _json({**self.app, "client_secret": self.CLIENT_SECRET})
        if route == ("GET", "/oauth/authorize"):
            page = (
                f"<html><body><p>Your code:</p><code>{html.escape(self.CODE)}</code></body></html>"
            )
            return 200, {"Content-Type": "text/html"}, page.encode()
        if route == ("POST", "/oauth/token"):
            if (
                req.form.get("code") != self.CODE
                or req.form.get("client_id") != self.app["client_id"]
            ):
                return _json(
                    {
                        "error": "invalid_grant",
                        "error_description": "The provided authorization grant is invalid.",
                    },
                    400,
                )
            self.revoked = False
            return _json(
                {
                    "access_token": self.token,
                    "token_type": "Bearer",
                    "scope": "read write",
                    "created_at": 1795389020,
                }
            )
        if route == ("POST", "/oauth/revoke"):
            if req.form.get("client_secret") != self.CLIENT_SECRET:
                return _json({"error": "unauthorized_client"}, 403)
            self.revoked = self.revoked or req.form.get("token") == self.token
            return _json({})
        if req.headers.get("authorization") != f"Bearer {self.token}" or self.revoked:
            return _json({"error": "The access token is invalid"}, 401)
        if route == ("GET", "/api/v1/accounts/verify_credentials"):
            return _json(self.brand)
        if route == ("GET", "/api/v2/instance"):
            if self.full_text:
                return _json(fixture_json("instance_v2.json"))
            return _json(fixture_json("gotosocial/02_instance_v2.body.json"))
        if req.path.startswith("/api/v1/timelines/tag/") or route == ("GET", "/api/v2/search"):
            return self._search(req)
        if route == ("GET", "/api/v1/notifications"):
            return self._notifications(req)
        if route == ("POST", "/api/v1/statuses"):
            return self._post_status(req)
        if (
            req.method == "GET"
            and req.path.startswith("/api/v1/statuses/")
            and req.path.endswith("/context")
        ):
            status_id = req.path.split("/")[4]
            if status_id not in self._known_ids():
                return _json({"error": "Record not found"}, 404)
            replies = [s for s in self.posted if s["in_reply_to_id"] == status_id]
            return _json({"ancestors": [], "descendants": replies})
        if req.method == "POST" and ENGAGE.fullmatch(req.path):
            return self._engage(req.path)
        return _json({"error": "Record not found"}, 404)

    def _engage(self, path: str) -> tuple[int, dict[str, str], bytes]:
        """Favourite, reblog or follow (or their undo) on a status or account the server knows."""
        _, _, _, kind, target, verb = path.split("/")
        act = verb.removeprefix("un")
        if kind == "statuses" and target not in self._known_ids():
            return _json({"error": "Record not found"}, 404)
        if verb.startswith("un"):
            self.engaged[act].discard(target)
        else:
            self.engaged[act].add(target)
        if kind == "accounts":
            return _json({"id": target, "following": target in self.engaged["follow"]})
        flags = {"favourited": target in self.engaged["favourite"]}
        return _json({"id": target, **flags, "reblogged": target in self.engaged["reblog"]})

    def _known_ids(self) -> set[str]:
        return {n["status"]["id"] for n in self.notifications if n.get("status")} | {
            s["id"] for s in self.posted
        }

    def _notifications(self, req: FakeRequest) -> tuple[int, dict[str, str], bytes]:
        items = self.notifications  # newest first, as servers list them
        types = req.query.get("types[]")
        ids = [n["id"] for n in items]
        if "max_id" in req.query and req.query["max_id"][0] in ids:
            items = items[ids.index(req.query["max_id"][0]) + 1 :]
        limit = int(req.query.get("limit", ["40"])[0])
        items = [n for n in items if not types or n["type"] in types]
        kept = [n["id"] for n in items]
        if "min_id" in req.query and req.query["min_id"][0] in kept:
            # Mastodon answers min_id with the page just after it (the oldest newer items).
            items = items[: kept.index(req.query["min_id"][0])][-limit:]
        items = items[:limit]
        headers = {}
        if items:
            link = f"{self.base_url}/api/v1/notifications?"
            older = urlencode({"max_id": items[-1]["id"], "types[]": "mention"})
            newer = urlencode({"min_id": items[0]["id"], "types[]": "mention"})
            headers["Link"] = f'<{link}{older}>; rel="next", <{link}{newer}>; rel="prev"'
        return _json(items, headers=headers)

    def _post_status(self, req: FakeRequest) -> tuple[int, dict[str, str], bytes]:
        key = req.headers.get("idempotency-key", "")
        if self.honour_idempotency and key in self._by_key:
            return _json(self._by_key[key])
        parent = req.form.get("in_reply_to_id")
        if parent and parent not in self._known_ids():
            return _json({"error": "Not Found: target status not found"}, 404)
        status = dict(fixture_json("gotosocial/16_brand_reply_1.body.json"))
        status.update(
            id=f"01FAKE{len(self.posted):020d}",
            created_at=f"2026-11-22T23:11:{len(self.posted) % 60:02d}.000Z",
            content=f"<p>{html.escape(req.form.get('status', ''))}</p>",
            in_reply_to_id=parent,
            visibility=req.form.get("visibility", "public"),
            spoiler_text=req.form.get("spoiler_text", ""),
        )
        self.posted.append(status)
        if key:
            self._by_key[key] = status
        if self.after_post is not None:
            self.after_post(status)
        return _json(status)

    def _search(self, req: FakeRequest) -> tuple[int, dict[str, str], bytes]:
        """A tag timeline or a full-text search over ``public``, paged like notifications."""
        if self.search_faults:
            return self.search_faults.pop(0)
        if req.path == "/api/v2/search":
            if not self.full_text:  # a server without full-text search finds no posts by words
                return _json({"accounts": [], "statuses": [], "hashtags": []})
            words = req.query.get("q", [""])[0].replace('"', "").casefold()
            found = [s for s in self.public if words in s["content"].casefold()]
        else:
            tag = req.path.rsplit("/", 1)[1].casefold()
            found = [s for s in self.public if tag in [t["name"] for t in s["tags"]]]
        # The fake's ids grow with time (as ULIDs and Snowflakes do), so they page by order.
        if "max_id" in req.query:
            found = [s for s in found if s["id"] < req.query["max_id"][0]]
        limit = int(req.query.get("limit", ["40"])[0])
        if "min_id" in req.query:  # the page just after min_id: the oldest newer posts
            found = [s for s in found if s["id"] > req.query["min_id"][0]][-limit:]
        page = found[:limit]
        headers = {}
        if page:
            link = f"{self.base_url}{req.path}?"
            older = urlencode({"max_id": page[-1]["id"]})
            newer = urlencode({"min_id": page[0]["id"]})
            headers["Link"] = f'<{link}{older}>; rel="next", <{link}{newer}>; rel="prev"'
        if req.path == "/api/v2/search":
            return _json({"accounts": [], "statuses": page, "hashtags": []}, headers=headers)
        return _json(page, headers=headers)

    def add_public(self, text: str, at: datetime, tags: tuple[str, ...] = ()) -> str:
        """A public post by the fan naming (not tagging) the brand, built on the recorded
        mention's status; its id (ids grow with time, as ULIDs do)."""
        model = fixture_json("gotosocial/12_brand_notifications_mention.body.json")[0]["status"]
        with self._lock:
            status = {
                **model,
                "id": f"01PUBLIC{at.strftime('%Y%m%d%H%M%S')}{len(self.public):04d}",
                "created_at": at.isoformat().replace("+00:00", "Z"),
                "content": f"<p>{html.escape(text)}</p>",
                "mentions": [],
                "in_reply_to_id": None,
                "in_reply_to_account_id": None,
                "tags": [{"name": tag.casefold(), "url": ""} for tag in tags],
            }
            self.public.append(status)
            self.public.sort(key=lambda s: s["id"], reverse=True)
        return str(status["id"])

    def add_mentions(self, count: int, at: datetime | None = None) -> list[str]:
        """``count`` more mentions of the brand (copies of the recorded one, posted ``at`` if
        given); their status ids."""
        model = fixture_json("gotosocial/12_brand_notifications_mention.body.json")[0]
        ids: list[str] = []
        with self._lock:
            first = len(self.notifications)
            for number in range(first, first + count):
                status = {**model["status"], "id": f"01MSYNTH{number:018d}"}
                if at is not None:
                    status["created_at"] = at.isoformat().replace("+00:00", "Z")
                self.notifications.insert(
                    0, {**model, "id": f"01NSYNTH{number:018d}", "status": status}
                )
                ids.append(status["id"])
        return ids


def _json(
    body: object, status: int = 200, headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], bytes]:
    return (
        status,
        {"Content-Type": "application/json", **(headers or {})},
        json.dumps(body).encode(),
    )
