"""A Threads API in memory (graph.threads.net), built on Meta's documented samples.

No real Threads response was ever recorded publicly (tests/fixtures/threads/README.md); the
shapes here are the documented ones in ``tests/fixtures/threads/``: posts with ``replied_to`` and
``root_post``, cursor paging without ``next`` URLs, two-step publishing, the Graph error
envelope. State: the brand's posts and the replies to them, mentions, containers and what was
published. Served through a loopback socket (``with FakeThreads() as fake``) or an httpx
``MockTransport``.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx

from adapters.records import Account, Mention
from adapters.threads.adapter import ThreadsAdapter
from adapters.threads.login import ThreadsToken
from tests.loopback import Loopback

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "threads"
BRAND_ID = "17841405793187218"  # above 2**53: must never pass through a float
BRAND = "fernbrookcoffee"
TOKEN = "THQVJfake-long-lived-token"
APP_SECRET = "fake-app-secret"
Reply = tuple[int, dict[str, str], bytes]
ACCOUNT = Account(f"threads:{BRAND_ID}", "threads", f"@{BRAND}", server="https://t.test/v1.0")


def fixture(name: str) -> Any:
    """A documented sample from ``tests/fixtures/threads/``."""
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def stamp(when: datetime) -> str:
    """A time as Threads writes it: ``2024-01-01T18:20:00+0000``."""
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+0000")


@dataclass
class FakeThreads:
    """The Threads API for one brand account."""

    now: datetime = field(default_factory=lambda: datetime(2026, 11, 20, 15, 0, tzinfo=UTC))
    tokens: set[str] = field(default_factory=lambda: {TOKEN})
    mentions: list[dict[str, Any]] = field(default_factory=list)  # newest first
    own_posts: list[dict[str, Any]] = field(default_factory=list)
    replies: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    containers: dict[str, dict[str, Any]] = field(default_factory=dict)
    published: list[dict[str, Any]] = field(default_factory=list)
    # "ok"; "ambiguous": post, then answer 500 code 10; "not_ready": refuse with 24/4279009 once
    publish_mode: str = "ok"
    throttled: bool = False
    reply_quota: int = 1000  # replies a day (docs_publishing_limit_all.json)
    # A container is IN_PROGRESS this long, and EXPIRED after a day unpublished; each status
    # read moves the clock by ``poll_step`` (the time a client waits between polls).
    ready_after: timedelta = timedelta(0)
    poll_step: timedelta = timedelta(seconds=1)
    # How long a published reply takes to show up in /me/replies (indexing lag).
    listing_lag: timedelta = timedelta(0)
    codes: set[str] = field(default_factory=set)  # authorization codes Threads handed out
    redirects: list[str] = field(default_factory=list)  # redirect_uri of each code exchange
    hidden: set[str] = field(default_factory=set)  # replies hidden with manage_reply
    requests: list[tuple[str, str, dict[str, list[str]]]] = field(default_factory=list)
    _made: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _loopback: Loopback | None = None
    base_url: str = "http://127.0.0.1"

    # -- building the world -----------------------------------------------------------------
    def post(self, text: str, username: str, minutes_ago: float, **extra: Any) -> dict[str, Any]:
        """A post as Threads lists it (``POST_FIELDS``), ``minutes_ago`` before ``now``."""
        self._made += 1
        number = self._made
        ident = str(18_000_000_000_000_000 + number)
        return {
            "id": ident,
            "text": text,
            "username": username,
            "timestamp": stamp(self.now - timedelta(minutes=minutes_ago)),
            "permalink": f"https://www.threads.net/@{username}/post/P{number}",
            "media_type": "TEXT_POST",
            "is_reply": "replied_to" in extra,
            "hide_status": "NOT_HUSHED",
            **extra,
        }

    def add_mentions(self, count: int, minutes_ago: float = 30) -> list[str]:
        """``count`` mentions of the brand, the newest first; their ids."""
        made = [
            self.post(f"@{BRAND} where is my order #{n}?", f"fan{n}", minutes_ago + n)
            for n in range(count)
        ]
        self.mentions = made + self.mentions
        return [m["id"] for m in made]

    def add_own_post(self, minutes_ago: float) -> str:
        """A post by the brand; its id."""
        post = self.post("New roast is out!", BRAND, minutes_ago)
        self.own_posts.insert(0, post)
        self.replies[post["id"]] = []
        return str(post["id"])

    def reply_to(self, post_id: str, text: str, username: str, minutes_ago: float) -> str:
        """A reply to the brand's post ``post_id``; its id."""
        ref = {"id": post_id}
        reply = self.post(text, username, minutes_ago, replied_to=ref, root_post=ref)
        self.replies[post_id].append(reply)
        return str(reply["id"])

    # -- the socket and the transport -------------------------------------------------------
    def __enter__(self) -> FakeThreads:
        self._loopback = Loopback(self.handle, lambda: None)
        self.base_url = self._loopback.base_url + "/v1.0"
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._loopback is not None
        self._loopback.close()

    def transport(self) -> httpx.MockTransport:
        """The same fake without a socket."""

        def handle(request: httpx.Request) -> httpx.Response:
            status, headers, content = self.handle(
                request.method, request.url.raw_path.decode(), dict(request.headers), request.read()
            )
            return httpx.Response(status, headers=headers, content=content)

        return httpx.MockTransport(handle)

    def handle(self, method: str, target: str, headers: Mapping[str, str], body: bytes) -> Reply:
        """Answer one request (thread-safe)."""
        parts = urlsplit(target)
        query = parse_qs(parts.query)
        form = {k: v[0] for k, v in parse_qs(body.decode()).items()} if body else {}
        path = parts.path.removeprefix("/v1.0").strip("/")
        auth = {k.lower(): v for k, v in headers.items()}.get("authorization", "")
        with self._lock:
            self.requests.append((method, path, query))
            if path in ("oauth/access_token", "access_token"):  # no bearer: the app's secret
                return self._exchange(path, {**{k: v[0] for k, v in query.items()}, **form})
            if auth.removeprefix("Bearer ") not in self.tokens:
                return _error(401, 190, "Error validating access token: Session has expired.")
            if self.throttled:
                return _error(400, 4, "Application request limit reached")
            return self._route(method, path, query, form, auth.removeprefix("Bearer "))

    def _route(
        self, method: str, path: str, query: dict[str, list[str]], form: dict[str, str], token: str
    ) -> Reply:
        if (method, path) == ("GET", "me"):
            return _json({"id": BRAND_ID, "username": BRAND, "name": "Fernbrook Coffee"})
        if (method, path) == ("GET", "refresh_access_token"):
            fresh = token + "-r"
            self.tokens = {fresh}
            return _json({"access_token": fresh, "token_type": "bearer", "expires_in": 5183944})
        if (method, path) == ("GET", "me/mentions"):
            since = int(query.get("since", ["0"])[0])
            # A post without a time (a malformed one) is listed anyway: the adapter must cope.
            items = [m for m in self.mentions if _unix(m.get("timestamp", "")) >= since]
            return _page(items, query)
        if (method, path) == ("GET", "me/threads"):
            return _page(self.own_posts, query)
        if (method, path) == ("GET", "me/threads_publishing_limit"):
            usage = fixture("docs_publishing_limit_all.json")
            usage["data"][0]["reply_quota_usage"] = len(self.published)
            usage["data"][0]["reply_config"]["quota_total"] = self.reply_quota
            return _json(usage)
        if (method, path) == ("GET", "me/replies"):
            listed = [r for r in self.published if _unix(r["timestamp"]) <= self._listed_until()]
            return _page(list(reversed(listed)), query)
        if (method, path) == ("POST", "me/threads"):
            return self._container(form)
        if (method, path) == ("POST", "me/threads_publish"):
            return self._publish(form)
        head, _, tail = path.partition("/")
        if (method, tail) == ("POST", "manage_reply"):
            return self._manage(head, form)
        if method == "GET" and tail in ("replies", "conversation"):
            return _page(self.replies.get(head, []), query)
        if method == "GET" and head in self.containers and not tail:
            self.now += self.poll_step
            return _json({"id": head, "status": self.status(head)})
        everything = self.mentions + self.own_posts + [r for v in self.replies.values() for r in v]
        for post in everything:
            if method == "GET" and post["id"] == head and not tail:
                return _json(post)
        return _json(fixture("error_100_33_THApiException.issue.json"), 400)

    def _exchange(self, path: str, given: dict[str, str]) -> Reply:
        """The two token exchanges of the browser sign-in: code → short → long-lived."""
        refused = _json(fixture("docs_oauth_access_token_error.json"), 400)
        if given.get("client_secret") != APP_SECRET:
            return refused
        if path == "oauth/access_token":
            code = given.get("code", "")
            if given.get("grant_type") != "authorization_code" or code not in self.codes:
                return refused
            self.codes.discard(code)  # good once
            self.redirects.append(given.get("redirect_uri", ""))
            short = fixture("docs_oauth_access_token.json")
            short["access_token"] = f"short-{code}"
            return _json(short)
        if given.get("grant_type") != "th_exchange_token":
            return refused
        if not given.get("access_token", "").startswith("short-"):
            return refused
        return _json({"access_token": TOKEN, "token_type": "bearer", "expires_in": 5183944})

    def _manage(self, reply_id: str, form: dict[str, str]) -> Reply:
        top_level = [r["id"] for v in self.replies.values() for r in v]
        if reply_id not in top_level or form.get("hide") not in ("true", "false"):
            return _json(fixture("error_100_33_THApiException.issue.json"), 400)
        if form["hide"] == "true":
            self.hidden.add(reply_id)
        else:
            self.hidden.discard(reply_id)
        return _json(fixture("docs_manage_reply_hide.json"))

    def _container(self, form: dict[str, str]) -> Reply:
        if form.get("media_type") != "TEXT" or not form.get("text"):
            return _error(400, 100, "Invalid parameter")
        ident = str(17_889_615_691_921_000 + len(self.containers))
        self.containers[ident] = {**form, "made": self.now, "published": False}
        return _json({"id": ident})

    def status(self, container_id: str) -> str:
        """A container's status now: IN_PROGRESS, FINISHED, PUBLISHED or EXPIRED."""
        container = self.containers[container_id]
        age = self.now - container["made"]
        if container["published"]:
            return "PUBLISHED"
        if age > timedelta(hours=24):
            return "EXPIRED"
        return "IN_PROGRESS" if age < self.ready_after else "FINISHED"

    def _listed_until(self) -> float:
        return (self.now - self.listing_lag).timestamp()

    def _publish(self, form: dict[str, str]) -> Reply:
        ident = form.get("creation_id", "")
        container = self.containers.get(ident)
        not_ready = container is None or self.status(ident) == "IN_PROGRESS"
        if not_ready or self.publish_mode == "not_ready":
            self.publish_mode = "ok"
            return _json(fixture("error_24_4279009_media_not_found.issue.json"), 400)
        assert container is not None
        if self.status(ident) != "FINISHED":
            return _error(400, 10, "This container cannot be published")
        container["published"] = True
        reply = {
            "id": str(18_100_000_000_000_000 + len(self.published)),
            "text": container["text"],
            "timestamp": stamp(self.now),
            "permalink": f"https://www.threads.net/@{BRAND}/post/R{len(self.published)}",
            "replied_to": {"id": container["reply_to_id"]},
            "username": BRAND,
        }
        self.published.append(reply)
        if self.publish_mode == "ambiguous":  # posted, yet answered with an error
            recorded = fixture("error_10_publish_ambiguous.assembled.http.json")
            return recorded["status"]["code"], {}, recorded["body"].encode()
        return _json({"id": reply["id"]})


def _unix(stamped: str) -> float:
    if not stamped:
        return float("inf")
    return datetime.strptime(stamped, "%Y-%m-%dT%H:%M:%S%z").timestamp()


def _page(items: list[dict[str, Any]], query: dict[str, list[str]]) -> Reply:
    """A cursor page: ``paging.cursors`` only, no ``next`` URL (as Threads pages posts)."""
    limit = int(query.get("limit", ["25"])[0])
    start = int(query.get("after", ["c0"])[0].removeprefix("c"))
    page = items[start : start + limit]
    body: dict[str, Any] = {"data": page}
    if page:
        body["paging"] = {"cursors": {"before": f"c{start}", "after": f"c{start + len(page)}"}}
    return _json(body)


def _json(body: object, status: int = 200) -> Reply:
    return status, {"Content-Type": "application/json"}, json.dumps(body).encode()


def _error(status: int, code: int, message: str, *, subcode: int | None = None) -> Reply:
    error: dict[str, Any] = {
        "message": message,
        "type": "OAuthException" if code in (190, 4) else "THApiException",
        "code": code,
        "fbtrace_id": "AbCdEf",
    }
    if subcode is not None:
        error["error_subcode"] = subcode
    return _json({"error": error}, status)


def open_adapter(fake: FakeThreads, issued_ago: timedelta = timedelta(hours=1)) -> ThreadsAdapter:
    """The brand's adapter on ``fake`` (no socket), its token issued ``issued_ago``, its clock
    the fake's, and no real pause between container polls (the fake's clock moves instead)."""
    token = ThreadsToken(next(iter(fake.tokens)), fake.now - issued_ago)
    threads = ThreadsAdapter(ACCOUNT, token, transport=fake.transport(), clock=lambda: fake.now)
    threads._pause = 0.0
    return threads


async def pull_all(
    threads: ThreadsAdapter, cursor: str | None = None
) -> tuple[list[Mention], str | None]:
    """Every page of one sync (at most 20), and the cursor it ends with."""
    mentions: list[Mention] = []
    for _ in range(20):
        batch = await threads.pull(cursor)
        mentions += batch.mentions
        cursor = batch.cursor
        if not batch.more:
            break
    return mentions, cursor
