"""A stateful fake X API v2 in memory (``httpx.MockTransport``), built on the recorded payloads.

Its mentions are the ten real mentions of @Twitter recorded by tweepy (ids and texts as
recorded; authors are the docs' sample users), served with the fields and expansions asked
for. It keeps posts, DMs, tokens (PKCE code exchange, rotating refresh tokens, revocation) and
per-endpoint rate limits (``x-rate-limit-*`` headers, 15-minute windows on the test's clock), can
be capped (429 ``usage-capped``) and can lose the answer to a POST that landed. Every request
to a path of the OpenAPI subset is validated against the spec (``tests.fakes.x_spec``).
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import html
import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, parse_qsl, urlsplit

import httpx

from adapters.records import Account
from adapters.x.adapter import XAdapter
from adapters.x.tokens import XTokens
from tests.fakes.x_spec import check_request, covered, fixture
from tests.loopback import Loopback

BRAND_ID = "783214"  # @Twitter, whose mentions were recorded
BRAND_NAME = "Twitter"
FAN_ID = "1234567890"  # the docs' sample users
OTHER_ID = "9876543210"
CLIENT_ID = "fake-client-id"
CODE = "fake-authorization-code"
EPOCH_MS = 1288834974657
WINDOW = timedelta(minutes=15)
Handler = Callable[[httpx.Request, re.Match[str]], httpx.Response]


@dataclass
class FakePost:
    """A post the fake knows."""

    id: str
    text: str
    author_id: str
    created_at: datetime
    conversation_id: str = ""
    replied_to: str = ""


@dataclass
class FakeDm:
    """A direct message the fake knows."""

    id: str
    text: str
    sender_id: str
    created_at: datetime
    conversation_id: str


def problem(status: int, name: str, headers: dict[str, str] | None = None) -> httpx.Response:
    """A recorded error body as a response."""
    return httpx.Response(status, json=fixture(name), headers=headers)


def _stamp(when: datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def conversation_with(participant: str) -> str:
    """A 1:1 DM conversation id: both user ids, smaller first, joined by ``-``."""
    return "-".join(sorted((participant, BRAND_ID), key=int))


class FakeX:
    """X as ReplyDesk's tests need it; ``transport`` is what the adapter is given."""

    def __init__(self, clock: Callable[[], datetime]) -> None:
        self.clock = clock
        self.users = {
            BRAND_ID: {"id": BRAND_ID, "username": BRAND_NAME, "name": "X"},
            FAN_ID: {"id": FAN_ID, "username": "developer", "name": "Dev Person"},
            OTHER_ID: {"id": OTHER_ID, "username": "example_user", "name": "Example"},
        }
        self.posts: dict[str, FakePost] = {}
        self.dms: list[FakeDm] = []
        recorded = fixture("users_mentions.json")["data"]
        for age, item in enumerate(recorded):
            author = FAN_ID if age % 2 == 0 else OTHER_ID
            when = clock() - timedelta(minutes=10 * (age + 1))
            self.posts[item["id"]] = FakePost(item["id"], item["text"], author, when, item["id"])
        self.access_token = "fake-access-1"
        self.refresh_token = "fake-refresh-1"
        self.token_expires = clock() + timedelta(hours=2)
        self.revoked = False
        self.challenge = ""  # the PKCE challenge of the authorize URL the test opened
        self.redirect_uri = ""
        self.limits: dict[str, int] = {}
        self.used: dict[str, tuple[datetime, int]] = {}
        self.capped = False
        self.dm_forbidden = False  # an app whose project has no DM access
        self.lose_answers = 0  # POSTs that land but whose answer is lost (a timeout)
        self.requests: list[httpx.Request] = []
        self.validated = 0
        self._seq = 0
        self._routes: list[tuple[str, re.Pattern[str], Handler]] = [
            ("GET", re.compile(r"/2/users/me"), self._me),
            ("GET", re.compile(r"/2/users/(\d+)/mentions"), self._mentions),
            ("GET", re.compile(r"/2/users/(\d+)/tweets"), self._own),
            ("GET", re.compile(r"/2/tweets"), self._lookup),
            ("POST", re.compile(r"/2/tweets"), self._create),
            ("GET", re.compile(r"/2/dm_events"), self._dm_events),
            ("GET", re.compile(r"/2/dm_conversations/with/(\d+)/dm_events"), self._dm_events),
            ("POST", re.compile(r"/2/dm_conversations/with/(\d+)/messages"), self._dm_send),
            ("POST", re.compile(r"/2/oauth2/token"), self._token),
            ("POST", re.compile(r"/2/oauth2/revoke"), self._revoke),
        ]
        self.transport = httpx.MockTransport(self._handle)

    # -- state a test sets up -----------------------------------------------------------------
    def new_id(self) -> str:
        """A Snowflake for "now" on the test's clock."""
        self._seq += 1
        millis = int(self.clock().timestamp() * 1000) - EPOCH_MS
        return str((millis << 22) + self._seq)

    def mention(self, text: str, author: str = FAN_ID, replied_to: str = "") -> FakePost:
        """A new post by ``author`` (a mention when it names @Twitter)."""
        post_id = self.new_id()
        parent = self.posts.get(replied_to)
        conversation = parent.conversation_id if parent else post_id
        post = FakePost(post_id, text, author, self.clock(), conversation, replied_to)
        self.posts[post_id] = post
        return post

    def dm(self, text: str, sender: str = FAN_ID, to: str = FAN_ID) -> FakeDm:
        """A new direct message in the brand's conversation with ``to``."""
        event = FakeDm(self.new_id(), text, sender, self.clock(), conversation_with(to))
        self.dms.append(event)
        return event

    @contextlib.contextmanager
    def serve(self) -> Iterator[str]:
        """Serve on a real socket on 127.0.0.1 (``--api-base`` tests); yields its base URL."""

        def answer(
            method: str, target: str, headers: Mapping[str, str], body: bytes
        ) -> tuple[int, dict[str, str], bytes]:
            url = f"https://api.x.com{target}"
            request = httpx.Request(method, url, headers=headers, content=body)
            response = self._handle(request)
            kept = {k: v for k, v in response.headers.items() if k.lower() != "content-length"}
            return response.status_code, kept, response.content

        loopback = Loopback(answer, lambda: None)
        try:
            yield loopback.base_url
        finally:
            loopback.close()

    async def consent(self, url: str, *, state: str | None = None, **extra: str) -> int:
        """What the person's browser does after allowing ReplyDesk at ``url``: follow X's
        redirect to the loopback address with the code (or ``extra``, e.g. an error)."""
        query = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
        self.challenge, self.redirect_uri = query["code_challenge"], query["redirect_uri"]
        back = {"code": CODE, "state": state or query["state"], **extra}
        async with httpx.AsyncClient() as client:
            answer = await client.get(query["redirect_uri"], params=back)
        return answer.status_code

    def brand_posts(self) -> list[FakePost]:
        """Everything the brand posted."""
        return [p for p in self.posts.values() if p.author_id == BRAND_ID]

    # -- the server ---------------------------------------------------------------------------
    def _handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if covered(request):
            check_request(request)
            self.validated += 1
        path = request.url.path
        found = [
            (handler, match)
            for method, pattern, handler in self._routes
            if method == request.method and (match := pattern.fullmatch(path))
        ]
        if not found:
            raise AssertionError(f"unexpected request {request.method} {request.url}")
        handler, match = found[0]
        if "oauth2" in path:
            return handler(request, match)
        if not self._authorized(request):
            return problem(401, "docs_error_401_unauthorized.json")
        if self.capped:
            return problem(429, "error_429_usage_capped.assembled.json")
        route = f"{request.method} {re.sub(r'(?<=.)/[0-9][0-9-]*(?=/|$)', '/:id', path)}"
        headers = self._count(route)
        if headers["x-rate-limit-remaining"] == "-1":
            headers["x-rate-limit-remaining"] = "0"
            return problem(429, "docs_error_429_rate_limits_page.json", headers)
        answer = handler(request, match)
        answer.headers.update(headers)
        return answer

    def _authorized(self, request: httpx.Request) -> bool:
        given = request.headers.get("authorization", "")
        fresh = self.clock() < self.token_expires and not self.revoked
        return fresh and given == f"Bearer {self.access_token}"

    def _count(self, route: str) -> dict[str, str]:
        now = self.clock()
        start, count = self.used.get(route, (now, 0))
        if now >= start + WINDOW:
            start, count = now, 0
        limit = self.limits.get(route, 450)
        self.used[route] = (start, count + 1)
        return {
            "x-rate-limit-limit": str(limit),
            "x-rate-limit-remaining": str(limit - count - 1),
            "x-rate-limit-reset": str(int((start + WINDOW).timestamp())),
        }

    def _render(self, post: FakePost, fields: set[str]) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": post.id,
            "text": html.escape(post.text, quote=False),  # X sends &amp; &lt; &gt;
            "edit_history_tweet_ids": [post.id],
        }
        if "created_at" in fields:
            out["created_at"] = _stamp(post.created_at)
        if "author_id" in fields:
            out["author_id"] = post.author_id
        if "conversation_id" in fields:
            out["conversation_id"] = post.conversation_id
        if "referenced_tweets" in fields and post.replied_to:
            out["referenced_tweets"] = [{"type": "replied_to", "id": post.replied_to}]
        return out

    def _page(self, request: httpx.Request, posts: list[FakePost]) -> httpx.Response:
        params = request.url.params
        fields = set(params.get("tweet.fields", "").split(","))
        expansions = set(params.get("expansions", "").split(","))
        posts = sorted(posts, key=lambda p: int(p.id), reverse=True)
        if "since_id" in params:
            posts = [p for p in posts if int(p.id) > int(params["since_id"])]
        if "start_time" in params:
            start = datetime.fromisoformat(params["start_time"])
            posts = [p for p in posts if p.created_at >= start]
        offset = int(params.get("pagination_token", "next-0").split("-")[1])
        size = int(params.get("max_results", "10"))
        page = posts[offset : offset + size]
        if not page:
            return httpx.Response(200, json={"meta": {"result_count": 0}})
        body: dict[str, Any] = {"data": [self._render(p, fields) for p in page]}
        includes: dict[str, Any] = {}
        if "author_id" in expansions:
            ids = {p.author_id for p in page}
            includes["users"] = [self.users[i] for i in sorted(ids) if i in self.users]
        if "referenced_tweets.id" in expansions:
            parents = [self.posts[p.replied_to] for p in page if p.replied_to in self.posts]
            if parents:
                includes["tweets"] = [self._render(p, fields) for p in parents]
        if includes:
            body["includes"] = includes
        meta: dict[str, Any] = {
            "result_count": len(page),
            "newest_id": page[0].id,
            "oldest_id": page[-1].id,
        }
        if offset + size < len(posts):
            meta["next_token"] = f"next-{offset + size}"
        body["meta"] = meta
        return httpx.Response(200, json=body)

    def _me(self, request: httpx.Request, match: re.Match[str]) -> httpx.Response:
        return httpx.Response(200, json={"data": self.users[BRAND_ID]})

    def _mentions(self, request: httpx.Request, match: re.Match[str]) -> httpx.Response:
        named = f"@{BRAND_NAME.lower()}"
        found = [
            p for p in self.posts.values() if named in p.text.lower() and p.author_id != match[1]
        ]
        return self._page(request, found)

    def _own(self, request: httpx.Request, match: re.Match[str]) -> httpx.Response:
        return self._page(request, [p for p in self.posts.values() if p.author_id == match[1]])

    def _lookup(self, request: httpx.Request, match: re.Match[str]) -> httpx.Response:
        ids = request.url.params.get("ids", "").split(",")
        found = [self.posts[i] for i in ids if i in self.posts]
        answer = self._page(request, found) if found else httpx.Response(200, json={})
        missing = [i for i in ids if i not in self.posts]
        if missing:
            body = answer.json()
            body["errors"] = [
                {
                    "resource_id": i,
                    "resource_type": "tweet",
                    "title": "Not Found Error",
                    "detail": f"Could not find tweet with id: [{i}].",
                    "type": "https://api.x.com/2/problems/resource-not-found",
                }
                for i in missing
            ]
            return httpx.Response(200, json=body)
        return answer

    def _landed(self, request: httpx.Request, body: dict[str, Any]) -> httpx.Response:
        if self.lose_answers > 0:
            self.lose_answers -= 1
            raise httpx.ReadTimeout("the answer was lost", request=request)
        return httpx.Response(201, json={"data": body})

    def _create(self, request: httpx.Request, match: re.Match[str]) -> httpx.Response:
        sent = json.loads(request.content)
        parent_id = sent.get("reply", {}).get("in_reply_to_tweet_id", "")
        parent = self.posts.get(parent_id)
        if parent_id and parent is None:
            return problem(400, "docs_error_400_invalid_request.json")
        if parent is not None and f"@{BRAND_NAME.lower()}" not in parent.text.lower():
            return httpx.Response(
                403,
                json={
                    "title": "Forbidden",
                    "type": "about:blank",
                    "status": 403,
                    "detail": "Reply to this conversation is not allowed because you have not "
                    "been mentioned or otherwise engaged by the author of the post you are "
                    "replying to.",
                },
            )
        post = self.mention(sent["text"], BRAND_ID, parent_id)
        return self._landed(request, {"id": post.id, "text": html.escape(post.text, quote=False)})

    def _dm_events(self, request: httpx.Request, match: re.Match[str]) -> httpx.Response:
        if self.dm_forbidden:
            return problem(403, "docs_error_403_client_forbidden.json")
        events = sorted(self.dms, key=lambda e: int(e.id), reverse=True)
        if match.groups():
            events = [e for e in events if e.conversation_id == conversation_with(match[1])]
        fields = set(request.url.params.get("dm_event.fields", "").split(","))
        offset = int(request.url.params.get("pagination_token", "next-0").split("-")[1])
        size = int(request.url.params.get("max_results", "100"))
        page = events[offset : offset + size]
        if not page:
            return httpx.Response(200, json={"meta": {"result_count": 0}})
        data = []
        for event in page:
            item: dict[str, Any] = {"id": event.id, "event_type": "MessageCreate"}
            item["text"] = html.escape(event.text, quote=False)
            if "sender_id" in fields:
                item["sender_id"] = event.sender_id
            if "created_at" in fields:
                item["created_at"] = _stamp(event.created_at)
            if "dm_conversation_id" in fields:
                item["dm_conversation_id"] = event.conversation_id
            data.append(item)
        body: dict[str, Any] = {"data": data, "meta": {"result_count": len(page)}}
        if "sender_id" in request.url.params.get("expansions", ""):
            senders = sorted({e.sender_id for e in page})
            body["includes"] = {"users": [self.users[s] for s in senders if s in self.users]}
        if offset + size < len(events):
            body["meta"]["next_token"] = f"next-{offset + size}"
        return httpx.Response(200, json=body)

    def _dm_send(self, request: httpx.Request, match: re.Match[str]) -> httpx.Response:
        event = self.dm(json.loads(request.content)["text"], BRAND_ID, match[1])
        return self._landed(
            request, {"dm_conversation_id": event.conversation_id, "dm_event_id": event.id}
        )

    def _issue(self) -> httpx.Response:
        number = int(self.refresh_token.rsplit("-", 1)[1]) + 1
        self.access_token = f"fake-access-{number}"
        self.refresh_token = f"fake-refresh-{number}"
        self.token_expires = self.clock() + timedelta(hours=2)
        self.revoked = False
        return httpx.Response(
            200,
            json={
                "token_type": "bearer",
                "expires_in": 7200,
                "access_token": self.access_token,
                "scope": "tweet.read tweet.write users.read dm.read dm.write offline.access",
                "refresh_token": self.refresh_token,
            },
        )

    def _token(self, request: httpx.Request, match: re.Match[str]) -> httpx.Response:
        form = dict(parse_qsl(request.content.decode()))
        refused = httpx.Response(
            400,
            json={
                "error": "invalid_request",
                "error_description": "Value passed for the token was invalid.",
            },
        )
        if form.get("client_id") != CLIENT_ID:
            return refused
        if form.get("grant_type") == "refresh_token":
            ok = form.get("refresh_token") == self.refresh_token and not self.revoked
            return self._issue() if ok else refused
        digest = hashlib.sha256(form.get("code_verifier", "").encode()).digest()
        challenge = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
        ok = (
            form.get("code") == CODE
            and challenge == self.challenge
            and form.get("redirect_uri") == self.redirect_uri
        )
        return self._issue() if ok else refused

    def _revoke(self, request: httpx.Request, match: re.Match[str]) -> httpx.Response:
        self.revoked = True
        return httpx.Response(200, json={"revoked": True})


def brand_account() -> Account:
    """The brand's account as ReplyDesk stores it."""
    return Account(f"x:{BRAND_ID}", "x", f"@{BRAND_NAME}", "X")


def oauth_tokens(fake: FakeX) -> XTokens:
    """The fake's current tokens as an OAuth login holds them (refreshable)."""
    return XTokens(fake.access_token, fake.refresh_token, fake.token_expires, CLIENT_ID)


def open_adapter(fake: FakeX, clock: Callable[[], datetime], **kwargs: Any) -> XAdapter:
    """An adapter for the brand over the fake; ``kwargs`` go to ``XAdapter``."""
    return XAdapter(
        brand_account(), oauth_tokens(fake), transport=fake.transport, clock=clock, **kwargs
    )
