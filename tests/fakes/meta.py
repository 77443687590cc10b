"""A fake Graph API (Facebook Pages, Messenger, Instagram) in memory, with state.

Built on the recorded answers (``tests/fakes/meta_seed.py``). It serves what ReplyDesk uses:
``/me`` and ``/me/accounts``, a Page's posts (time paging) and comments (cursor paging,
``filter=stream``), conversations and messages, Instagram media, comments and replies; it
takes comment replies, Instagram replies and Send API messages (24 h window, one private reply
per comment within 7 days). Failure injection: ``fail_next``, ``usage`` headers on every
answer, ``expire_token``, ``permissions``, ``after_post`` (a crash after the POST landed).
Use ``transport()`` in-process or ``with FakeGraph(...)`` for a loopback socket.
"""

from __future__ import annotations

import base64
import json
import re
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx

from tests.fakes.meta_seed import (
    IG_ID,
    IG_NAME,
    PAGE_ID,
    PAGE_NAME,
    Comment,
    Message,
    fixture,
    graph_time,
    seed,
)
from tests.loopback import Loopback, mock_transport

Reply = tuple[int, dict[str, str], bytes]
ALL_PERMISSIONS = frozenset(
    {
        "pages_read_engagement",
        "pages_manage_engagement",
        "pages_messaging",
        "instagram_manage_comments",
    }
)


@dataclass
class Request:
    """One request the fake received (the token is kept out of it)."""

    method: str
    path: str
    query: dict[str, str]
    body: Any = None


def _cursor(item_id: str) -> str:
    return base64.urlsafe_b64encode(item_id.encode()).decode()


def _uncursor(cursor: str) -> str:
    """The id a cursor points after ("" for a cursor this fake never gave, e.g. a recorded one)."""
    try:
        return base64.urlsafe_b64decode(cursor.encode()).decode()
    except ValueError:
        return ""


def error(code: int, message: str, subcode: int | None = None, status: int = 400) -> Reply:
    """A Graph error envelope."""
    body: dict[str, Any] = {
        "message": message,
        "type": "OAuthException",
        "code": code,
        "fbtrace_id": "AFake",
    }
    if subcode is not None:
        body["error_subcode"] = subcode
    return status, {"Content-Type": "application/json"}, json.dumps({"error": body}).encode()


def ok(body: object) -> Reply:
    return 200, {"Content-Type": "application/json"}, json.dumps(body).encode()


@dataclass
class FakeGraph:
    """The Graph API for one Page (and its Instagram account), answering as of ``clock()``."""

    clock: Callable[[], datetime]
    page_token: str = "fake-page-token"
    user_token: str = "fake-user-token"  # long-lived
    short_token: str = "fake-short-user-token"  # what Facebook Login hands the browser
    app_secret: str = "fake-app-secret"
    permissions: set[str] = field(default_factory=lambda: set(ALL_PERMISSIONS))
    usage: dict[str, str] = field(default_factory=dict)
    requests: list[Request] = field(default_factory=list)
    after_post: Callable[[dict[str, Any]], None] | None = None
    base_url: str = "https://graph.facebook.com/v21.0"

    def __post_init__(self) -> None:
        state = seed(self.clock())
        self.posts, self.comments = state.posts, state.comments
        self.conversations, self.media = state.conversations, state.media
        self.sent: list[dict[str, Any]] = []
        # Posts by others that tag the Instagram account (``tag``: none until a test adds some).
        self.tagged: list[dict[str, Any]] = []
        self.tag_comments: list[dict[str, str]] = []
        self._faults: list[tuple[str, str, Reply]] = []
        self._expired = False
        self._lock = threading.Lock()
        self._loopback: Loopback | None = None
        self._serial = 0

    # -- control ----------------------------------------------------------------------------
    def fail_next(self, method: str, path_pattern: str, reply: Reply) -> None:
        """Answer the next request matching (``method``, regex on the path) with ``reply``."""
        self._faults.append((method, path_pattern, reply))

    def expire_token(self) -> None:
        """Every later request fails with code 190 / 463 (expired)."""
        self._expired = True

    def transport(self) -> httpx.MockTransport:
        """The fake as an httpx transport (no socket)."""
        return mock_transport(self.handle)

    def __enter__(self) -> FakeGraph:
        self._loopback = Loopback(self.handle, lambda: None)
        self.base_url = f"{self._loopback.base_url}/v21.0"
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._loopback is not None
        self._loopback.close()

    # -- dispatch ---------------------------------------------------------------------------
    def handle(self, method: str, target: str, headers: Mapping[str, str], body: bytes) -> Reply:
        """Answer one request: status, headers, body (thread-safe)."""
        parts = urlsplit(target)
        path = re.sub(r"^/v\d+\.\d+", "", parts.path)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        lower = {k.lower(): v for k, v in headers.items()}
        payload: Any = None
        if body:
            kind = lower.get("content-type", "")
            payload = (
                json.loads(body)
                if "json" in kind
                else {k: v[0] for k, v in parse_qs(body.decode()).items()}
            )
        with self._lock:
            self.requests.append(Request(method, path, query, payload))
            status, out, content = self._answer(method, path, query, lower, payload)
        return status, {**out, **self.usage}, content

    def _answer(
        self, method: str, path: str, query: dict[str, str], headers: dict[str, str], payload: Any
    ) -> Reply:
        for n, (m, pattern, reply) in enumerate(self._faults):
            if m == method and re.fullmatch(pattern, path):
                del self._faults[n]
                return reply
        if (method, path) == ("POST", "/oauth/access_token"):
            return self._exchange(payload or {})
        token = headers.get("authorization", "").removeprefix("Bearer ")
        if self._expired:
            return error(190, "Error validating access token: Session has expired.", 463)
        if token in (self.user_token, self.short_token):
            return self._as_user(path)
        if token != self.page_token:
            return error(190, "Invalid OAuth access token - Cannot parse access token")
        if method == "POST":
            return self._post(path, payload or {})
        return self._get(path, query)

    def _exchange(self, form: dict[str, str]) -> Reply:
        """fb_exchange_token: a short-lived user token for a long-lived one (needs the secret)."""
        if form.get("client_secret") != self.app_secret:
            return error(1, "Error validating client secret.")
        if form.get("fb_exchange_token") != self.short_token:
            return error(190, "Invalid OAuth access token.")
        return ok({"access_token": self.user_token, "token_type": "bearer", "expires_in": 5183944})

    def _as_user(self, path: str) -> Reply:
        if path == "/me":
            return ok(
                {"id": "10220000000000001", "name": "Pat Admin", "metadata": {"type": "user"}}
            )
        if path == "/me/accounts":
            page = {
                "id": PAGE_ID,
                "name": PAGE_NAME,
                "access_token": self.page_token,
                "instagram_business_account": {"id": IG_ID, "username": IG_NAME},
            }
            other = {
                "id": "245628824887810",
                "name": "Second Page",
                "access_token": "other-page-token",
            }
            return ok({"data": [page, other]})
        return error(100, "(#100) A Page access token is required for this call.")

    def _needs(self, permission: str) -> Reply | None:
        if permission in self.permissions:
            return None
        if permission == "pages_read_engagement":
            body = fixture("graph_error_100_permission.json")
            return 400, {"Content-Type": "application/json"}, json.dumps(body).encode()
        return error(200, f"(#200) This endpoint requires the '{permission}' permission.")

    # -- reads ------------------------------------------------------------------------------
    def _get(self, path: str, query: dict[str, str]) -> Reply:
        parts = path.strip("/").split("/")
        if path == "/me" or parts == [PAGE_ID]:
            return ok(
                {
                    "id": PAGE_ID,
                    "name": PAGE_NAME,
                    "metadata": {"type": "page"},
                    "instagram_business_account": {"id": IG_ID, "username": IG_NAME},
                }
            )
        if parts == [PAGE_ID, "posts"]:
            return self._posts(query)
        if parts == [PAGE_ID, "conversations"]:
            return self._needs("pages_messaging") or self._conversations(query)
        if len(parts) == 2 and parts[1] == "messages":
            return self._needs("pages_messaging") or self._messages(parts[0], query)
        if parts == [IG_ID, "media"]:
            return self._needs("instagram_manage_comments") or self._page(
                self.media, query, key=lambda m: m["id"]
            )
        if parts == [IG_ID, "tags"]:
            return self._needs("instagram_manage_comments") or self._page(
                sorted(self.tagged, key=lambda m: m["timestamp"], reverse=True),
                query,
                key=lambda m: m["id"],
            )
        if len(parts) == 2 and parts[1] in ("comments", "replies"):
            return self._comment_list(parts[0], query)
        if len(parts) == 1:
            return self._object(parts[0])
        return error(100, f"(#100) Unknown path components: {path}", 2500)

    def _page(
        self,
        items: list[Any],
        query: dict[str, str],
        *,
        key: Callable[[Any], str],
        render: Callable[[Any], Any] = lambda x: x,
    ) -> Reply:
        """Cursor paging: ``after`` is the last item's id; ``next`` only while more remain."""
        start = 0
        if "after" in query:
            ids = [key(i) for i in items]
            start = (
                ids.index(_uncursor(query["after"])) + 1
                if _uncursor(query["after"]) in ids
                else len(items)
            )
        limit = int(query.get("limit", "25"))
        chunk = items[start : start + limit]
        body: dict[str, Any] = {"data": [render(i) for i in chunk]}
        if chunk:
            body["paging"] = {
                "cursors": {"before": _cursor(key(chunk[0])), "after": _cursor(key(chunk[-1]))}
            }
            if start + limit < len(items):
                q = urlencode(
                    {
                        "access_token": self.page_token,
                        "limit": limit,
                        "after": _cursor(key(chunk[-1])),
                    }
                )
                body["paging"]["next"] = f"{self.base_url}/next?{q}"
        return ok(body)

    def _posts(self, query: dict[str, str]) -> Reply:
        since = float(query.get("since", "0") or 0)
        until = float(query.get("until", "9e12") or 9e12)
        posts = [
            p
            for p in sorted(self.posts, key=lambda p: p["created_time"], reverse=True)
            if since <= _epoch(p["created_time"]) < until
        ]
        limit = int(query.get("limit", "25"))
        body: dict[str, Any] = {"data": posts[:limit], "paging": {}}
        if len(posts) > limit:
            q = urlencode(
                {
                    "access_token": self.page_token,
                    "until": int(_epoch(posts[limit - 1]["created_time"])),
                    "__paging_token": "tok",
                }
            )
            body["paging"]["next"] = f"{self.base_url}/{PAGE_ID}/posts?{q}"
        return ok(body)

    def _render(self, c: Comment) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": c.id,
            "created_time" if not c.instagram else "timestamp": graph_time(c.created),
        }
        out["text" if c.instagram else "message"] = c.text
        if c.author is not None:
            out["from"] = c.author
            if c.instagram:
                out["username"] = c.author["username"]
        if c.parent:
            out["parent"] = {"id": c.parent}
        if c.instagram and c.parent is None:
            out["media"] = {"id": c.object_id}
            out["replies"] = {"data": [self._render(r) for r in self.comments if r.parent == c.id]}
        return {**out, **c.extra}

    def _comment_list(self, object_id: str, query: dict[str, str]) -> Reply:
        target = next((c for c in self.comments if c.id == object_id), None)
        instagram = any(m["id"] == object_id for m in self.media) or (
            target is not None and target.instagram
        )
        missing = self._needs("instagram_manage_comments" if instagram else "pages_read_engagement")
        if missing:
            return missing
        if target is not None:
            items = [c for c in self.comments if c.parent == object_id]
        elif any(p["id"] == object_id for p in self.posts) or instagram:
            items = [c for c in self.comments if c.object_id == object_id]
            if query.get("filter") != "stream" or instagram:
                items = [c for c in items if c.parent is None]
        else:
            return error(100, "(#100) Object does not exist", 33)
        items.sort(
            key=lambda c: c.created,
            reverse=instagram or query.get("order") == "reverse_chronological",
        )
        return self._page(items, query, key=lambda c: c.id, render=self._render)

    def _object(self, object_id: str) -> Reply:
        for c in self.comments:
            if c.id == object_id:
                return ok(self._render(c))
        for p in self.posts + self.media:
            if p["id"] == object_id:
                return ok(p)
        return error(
            100, f"(#100) Unsupported get request. Object with ID '{object_id}' does not exist", 33
        )

    def _conversations(self, query: dict[str, str]) -> Reply:
        platform = query.get("platform", "messenger")
        items = sorted(
            (c for c in self.conversations if c.platform == platform),
            key=lambda c: c.updated,
            reverse=True,
        )

        def render(c: Any) -> dict[str, Any]:
            people = [c.person, {"id": PAGE_ID, "name": PAGE_NAME}]
            return {
                "id": c.id,
                "updated_time": graph_time(c.updated),
                "participants": {"data": people},
            }

        return self._page(items, query, key=lambda c: c.id, render=render)

    def _messages(self, conversation_id: str, query: dict[str, str]) -> Reply:
        conversation = next((c for c in self.conversations if c.id == conversation_id), None)
        if conversation is None:
            return error(100, "(#100) Object does not exist", 33)

        def render(m: Message) -> dict[str, Any]:
            out: dict[str, Any] = {
                "id": m.id,
                "created_time": graph_time(m.created),
                "from": m.sender,
                "message": m.text,
            }
            if m.attachments:
                out["attachments"] = {"data": m.attachments}
            return out

        return self._page(
            list(reversed(conversation.messages)), query, key=lambda m: m.id, render=render
        )

    # -- writes -----------------------------------------------------------------------------
    def _next_id(self) -> int:
        self._serial += 1
        return self._serial

    def _post(self, path: str, payload: dict[str, Any]) -> Reply:
        parts = path.strip("/").split("/")
        if parts == [PAGE_ID, "messages"]:
            return self._needs("pages_messaging") or self._send_message(payload)
        if parts == [IG_ID, "mentions"]:
            return self._needs("instagram_manage_comments") or self._answer_tag(payload)
        target = next((c for c in self.comments if c.id == parts[0]), None)
        if len(parts) != 2 or target is None:
            return error(100, "(#100) Object does not exist", 33)
        if parts[1] == "replies" and target.instagram:
            missing = self._needs("instagram_manage_comments")
            author = {"id": IG_ID, "username": IG_NAME}
            new_id = f"1790000000000{self._next_id():04d}"
        elif parts[1] == "comments" and not target.instagram:
            missing = self._needs("pages_manage_engagement")
            author = {"id": PAGE_ID, "name": PAGE_NAME}
            new_id = f"{target.id.split('_')[0]}_88800000{self._next_id():04d}"
        else:
            return error(100, "(#100) Unsupported post request", 33)
        if missing:
            return missing
        top = target.parent or target.id  # a reply to a reply joins the top-level comment
        comment = Comment(
            new_id,
            target.object_id,
            payload.get("message", ""),
            self.clock(),
            author,
            parent=top,
            instagram=target.instagram,
        )
        self.comments.append(comment)
        return self._landed(
            {"id": new_id, "created_time": graph_time(comment.created), "message": comment.text}
        )

    def _send_message(self, payload: dict[str, Any]) -> Reply:
        recipient = payload.get("recipient", {})
        text = payload.get("message", {}).get("text", "")
        now = self.clock()
        if "comment_id" in recipient:
            comment = next((c for c in self.comments if c.id == recipient["comment_id"]), None)
            if comment is None:
                return error(100, "(#100) Object does not exist", 33)
            if comment.private_replied:
                return error(10900, "(#10900) Activity already replied to")
            if now - comment.created > timedelta(days=7):
                return error(10903, "(#10903) This activity can't be replied to")
            comment.private_replied = True
            person = comment.author or {"id": "0"}
            return self._landed(
                {"recipient_id": person["id"], "message_id": f"m_private_{self._next_id()}"}
            )
        conversation = next(
            (c for c in self.conversations if c.person["id"] == recipient.get("id")), None
        )
        if conversation is None:
            return error(100, "(#100) No matching user found", 2018001)
        last = max(m.created for m in conversation.messages if m.sender["id"] != PAGE_ID)
        tagged = (
            payload.get("messaging_type") == "MESSAGE_TAG" and payload.get("tag") == "HUMAN_AGENT"
        )
        if now - last > (timedelta(days=7) if tagged else timedelta(hours=24)):
            return error(10, "(#10) This message is sent outside of allowed window.", 2018278)
        message = Message(
            f"m_sent_{self._next_id()}", text, now, {"id": PAGE_ID, "name": PAGE_NAME}
        )
        conversation.messages.append(message)
        return self._landed({"recipient_id": recipient["id"], "message_id": message.id})

    def tag(self, media: dict[str, Any], ago: timedelta) -> None:
        """Someone's post (a recorded ``tags`` item) tagging the account ``ago`` before now."""
        self.tagged.append({**media, "timestamp": graph_time(self.clock() - ago)})

    def _answer_tag(self, payload: dict[str, Any]) -> Reply:
        """POST /{ig-user-id}/mentions: a comment on a post that tags the account."""
        if not any(m["id"] == payload.get("media_id") for m in self.tagged):
            return error(100, "(#100) Invalid parameter", 33)
        self.tag_comments.append(payload)
        return self._landed({"id": f"1790000000001{self._next_id():04d}"})

    def _landed(self, body: dict[str, Any]) -> Reply:
        """The write is stored; ``after_post`` may now crash the answer (unknown outcome)."""
        self.sent.append(body)
        if self.after_post is not None:
            self.after_post(body)
        return ok(body)


def _epoch(text: str) -> float:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S%z").timestamp()
