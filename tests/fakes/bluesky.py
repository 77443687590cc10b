"""The fake Bluesky PDS the tests use: fixture loading, ``FakePds`` and ``PdsServer``.

``FakePds`` is an ``httpx.MockTransport`` handler that behaves as the recordings in
``fixtures/bluesky/local-pds/`` show a real PDS behave: post record keys must be TIDs (else
400 InvalidRequest), ``putRecord`` repeated with the same rkey and content answers 200 with the
same uri and cid and stores nothing new, an unknown record is 400 RecordNotFound, an expired
access token is 400 ExpiredToken and a refresh rotates both tokens.

``PdsServer`` serves a ``FakePds`` on a real socket on 127.0.0.1 (for subprocess tests); its
``after_put`` is called once a new record is stored and before the answer is sent, so a crash
test can kill the client in the window where only the record key prevents a duplicate.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import json
import threading
from collections.abc import Callable, Mapping
from datetime import datetime
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any, Self

import httpx

from adapters.bluesky.session import BskySession
from adapters.records import Account
from adapters.tid import is_tid
from tests.loopback import Loopback

FIXTURES = Path(__file__).parent.parent / "fixtures" / "bluesky"
BRAND_DID = "did:plc:26qmx5zvzvo4rscgdusxj3mk"
FAN_DID = "did:plc:ayo56frzoqvuebyswcgum2yk"
PDS = "http://localhost:2583"  # the recorded DID documents' #atproto_pds endpoint
MENTION_URI = "at://did:plc:ayo56frzoqvuebyswcgum2yk/app.bsky.feed.post/3n2wpruwtxk2n"
MENTION_CID = "bafyreifeiymlsc2rh4qyigyprfobaonoi5dkvm4kcd4flwfvr3u3sugfde"

# Collections whose lexicon keys records by TID (posts, likes, reposts, follows).
TID_KEYED = (
    "app.bsky.feed.post",
    "app.bsky.feed.like",
    "app.bsky.feed.repost",
    "app.bsky.graph.follow",
)
Handler = Callable[[httpx.Request], httpx.Response]


def load(name: str) -> Any:
    """A fixture file's JSON."""
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def brand_session(access: str = "access-1", refresh: str = "refresh-1") -> BskySession:
    """The recorded brand account's session, with readable fake tokens."""
    return BskySession(BRAND_DID, "brand.test", access, refresh, PDS)


def brand_account() -> Account:
    """The ReplyDesk account of the recorded brand."""
    return Account(f"bluesky:{BRAND_DID}", "bluesky", "brand.test", "", PDS)


def reply(status: int, body: Any, headers: dict[str, str] | None = None) -> httpx.Response:
    """A JSON response."""
    return httpx.Response(status, json=body, headers=headers)


def nsid(request: httpx.Request) -> str:
    """The XRPC method a request calls."""
    return request.url.path.removeprefix("/xrpc/")


def cid_of(record: Any) -> str:
    """A stable content id for a record (real CIDs hash DAG-CBOR; equality is what matters)."""
    digest = hashlib.sha256(json.dumps(record, sort_keys=True).encode()).digest()
    return "bafyrei" + base64.b32encode(digest).decode().lower().rstrip("=")[:52]


class FakePds:
    """A PDS (and the AppView it proxies) for one account, storing records by rkey."""

    def __init__(self) -> None:
        self.access: str | None = "access-1"
        self.refresh = "refresh-1"
        self.expired: set[str] = set()
        self.records: dict[str, dict[str, Any]] = {}
        self.handles = {"fan.test": FAN_DID, "brand.test": BRAND_DID}
        self.routes: dict[str, Handler] = {}
        self.calls: list[str] = []
        self.requests: list[httpx.Request] = []
        self.generation = 1

    def transport(self) -> httpx.MockTransport:
        """A transport that answers every request from this PDS."""
        return httpx.MockTransport(self.handle)

    def expire_access(self) -> None:
        """The access token expires (the refresh token stays valid)."""
        if self.access is not None:
            self.expired.add(self.access)
        self.access = None

    def handle(self, request: httpx.Request) -> httpx.Response:
        """Answer one request."""
        method = nsid(request)
        self.calls.append(method)
        self.requests.append(request)
        if method == "com.atproto.server.refreshSession":
            return self._refresh(request)
        refused = self._check_access(request)
        if refused is not None:
            return refused
        if method in self.routes:
            return self.routes[method](request)
        if method == "com.atproto.repo.putRecord":
            return self._put_record(json.loads(request.content))
        if method == "com.atproto.repo.deleteRecord":
            # As a PDS: deleting a record that is not there succeeds too.
            self.records.pop(json.loads(request.content)["rkey"], None)
            return reply(200, {})
        if method == "com.atproto.repo.getRecord":
            return self._get_record(request.url.params)
        if method == "com.atproto.identity.resolveHandle":
            did = self.handles.get(request.url.params.get("handle", ""))
            if did is None:
                return reply(
                    400, {"error": "InvalidRequest", "message": "Unable to resolve handle"}
                )
            return reply(200, {"did": did})
        return reply(501, {"error": "MethodNotImplemented", "message": "Method Not Implemented"})

    def _check_access(self, request: httpx.Request) -> httpx.Response | None:
        token = request.headers.get("authorization", "").removeprefix("Bearer ")
        if not token:
            return reply(401, load("local-pds/error-no-auth.json"))
        if token in self.expired:
            return reply(400, load("local-pds/error-expired-token.json"))
        if token != self.access:
            return reply(400, load("local-pds/error-invalid-token.json"))
        return None

    def _refresh(self, request: httpx.Request) -> httpx.Response:
        if request.headers.get("authorization") != f"Bearer {self.refresh}":
            return reply(400, load("local-pds/error-invalid-token.json"))
        self.generation += 1
        self.access = f"access-{self.generation}"
        self.refresh = f"refresh-{self.generation}"
        session = load("local-pds/createSession-brand.json")
        session |= {"accessJwt": self.access, "refreshJwt": self.refresh}
        return reply(200, session)

    def _put_record(self, body: dict[str, Any]) -> httpx.Response:
        rkey, collection, record = body["rkey"], body["collection"], body["record"]
        if body["repo"] != BRAND_DID:
            return reply(400, {"error": "InvalidRequest", "message": "Invalid repo"})
        if collection in TID_KEYED and not is_tid(rkey):
            message = (
                f"Invalid record key for {collection}: Invalid TID string (got {rkey!r}) at $"
            ).replace("'", '"')
            return reply(400, {"error": "InvalidRequest", "message": message})
        uri = f"at://{BRAND_DID}/{collection}/{rkey}"
        cid = cid_of(record)
        stored = self.records.get(rkey)
        if stored is not None and stored["cid"] == cid:
            return reply(200, {"uri": uri, "cid": cid, "validationStatus": "valid"})
        self.records[rkey] = {"uri": uri, "cid": cid, "value": record}
        commit = {"cid": cid_of([uri, cid]), "rev": "3n2wprxfvb22n"}
        return reply(200, {"uri": uri, "cid": cid, "commit": commit, "validationStatus": "valid"})

    def _get_record(self, params: httpx.QueryParams) -> httpx.Response:
        stored = self.records.get(params.get("rkey", ""))
        if stored is None:
            uri = f"at://{params.get('repo')}/{params.get('collection')}/{params.get('rkey')}"
            return reply(
                400, {"error": "RecordNotFound", "message": f"Could not locate record: {uri}"}
            )
        return reply(200, stored)


class PdsServer:
    """A ``FakePds`` behind ``base_url``; use as a context manager."""

    def __init__(self) -> None:
        self.pds = FakePds()
        self.after_put: Callable[[], None] | None = None
        # Given each socket request first; True when it answered it itself (fault tests).
        self.socket_fault: Callable[[BaseHTTPRequestHandler], bool] | None = None
        self.base_url = "http://127.0.0.1"
        self._lock = threading.Lock()
        self._loopback: Loopback | None = None

    def answer(
        self, method: str, target: str, headers: Mapping[str, str], body: bytes
    ) -> tuple[int, dict[str, str], bytes]:
        """One request through the fake PDS (thread-safe): status, headers and body."""
        request = httpx.Request(method, self.base_url + target, headers=headers, content=body)
        with self._lock:
            before = len(self.pds.records)
            response = self.pds.handle(request)
            stored = len(self.pds.records) > before
        if stored and self.after_put is not None:
            self.after_put()
        content_type = response.headers.get("content-type", "application/json")
        return response.status_code, {"Content-Type": content_type}, response.read()

    def __enter__(self) -> Self:
        self._loopback = Loopback(self.answer, lambda: self.socket_fault)
        self.base_url = self._loopback.base_url
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._loopback is not None
        self._loopback.close()


SEARCH = "app.bsky.feed.searchPosts"


def found_post(number: int, text: str, at: str, author_did: str = FAN_DID) -> dict[str, Any]:
    """A search result built on the recorded ``searchPosts`` answer: its post view with a
    new uri, text and time (the mention facet dropped: the post names, not tags, the brand)."""
    post: dict[str, Any] = copy.deepcopy(load("local-pds/searchPosts-mentions-brand.json"))
    post = post["posts"][0]
    post["uri"] = f"at://{author_did}/app.bsky.feed.post/3n2wsearch{number:04d}"
    post["cid"] = cid_of([number, text])
    post["author"]["did"] = author_did
    post["record"].pop("facets", None)
    post["record"] |= {"text": text, "createdAt": at}
    post["indexedAt"] = at
    return post


class FakeSearch:
    """``app.bsky.feed.searchPosts`` over ``posts``, as the AppView answers it: posts whose text
    holds the query's words (case-insensitive; ``#tag`` and ``"phrase"`` as written), newest
    first, at or after ``since``, ``size`` a page with cursors s1, s2, … (the last has none).

    ``faults`` are answered first, one per request (a 429, an error); ``fail_on`` answers the
    request of that number (1-based) instead; ``empty_pages`` makes the first N pages empty with
    a cursor, as a busy AppView sometimes does.
    """

    def __init__(self, posts: list[dict[str, Any]], size: int = 2) -> None:
        self.posts = posts
        self.size = size
        self.faults: list[httpx.Response] = []
        self.fail_on: dict[int, httpx.Response] = {}
        self.empty_pages = 0
        self.requests: list[httpx.Request] = []

    def install(self, pds: FakePds) -> FakePds:
        """Serve searches from ``pds`` (returned for chaining)."""
        pds.routes[SEARCH] = self
        return pds

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self.faults:
            return self.faults.pop(0)
        if len(self.requests) in self.fail_on:
            return self.fail_on.pop(len(self.requests))
        params = request.url.params
        if params.get("sort") != "latest":
            return reply(400, {"error": "InvalidRequest", "message": "sort must be latest"})
        if self.empty_pages:
            self.empty_pages -= 1
            return reply(200, {"posts": [], "cursor": f"e{self.empty_pages}"})
        words = params.get("q", "").replace('"', "").casefold()
        since = datetime.fromisoformat(params.get("since", "1970-01-01T00:00:00Z"))
        hits = [
            p
            for p in sorted(self.posts, key=lambda p: p["indexedAt"], reverse=True)
            if words in p["record"]["text"].casefold()
            and datetime.fromisoformat(p["indexedAt"]) >= since
        ]
        cursor = params.get("cursor")
        start = int(cursor.removeprefix("s")) * self.size if cursor and cursor[0] == "s" else 0
        body: dict[str, Any] = {"posts": hits[start : start + self.size], "hitsTotal": len(hits)}
        if start + self.size < len(hits):
            body["cursor"] = f"s{start // self.size + 1}"
        return reply(200, body)

    @property
    def cursors(self) -> list[str | None]:
        """The ``cursor`` of every request, in order."""
        return [request.url.params.get("cursor") for request in self.requests]
