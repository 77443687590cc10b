"""Threads in: mentions of the brand and replies to its recent posts, and the thread around one.

``/me/mentions`` pages by cursor without ``next`` URLs (the next request is built from
``paging.cursors.after``) and takes ``since`` in Unix seconds. Replies to the brand's own posts
are not mentions, so each sync also reads the replies to its posts of the first-sync window.
Ids are numeric strings and stay strings; ``timestamp`` reads like ``2024-01-01T18:20:00+0000``.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime, timedelta

import httpx

from adapters.clock import Clock, system_clock
from adapters.errors import AuthError, BadPayload, Gone
from adapters.payload import JsonObject, read_list, read_obj, read_opt_str, read_str, read_time
from adapters.records import (
    Account,
    Author,
    Mention,
    MentionKind,
    Platform,
    PostState,
    PullBatch,
    Skipped,
    ThreadPost,
)
from adapters.sign_in import expiry_notice
from adapters.threads.http import ThreadsHttp
from adapters.threads.login import ThreadsToken, refresh, relogin_hint, store_token

log = logging.getLogger(__name__)

POST_FIELDS = "id,text,username,timestamp,permalink,is_reply,replied_to,root_post,media_type"
PAGE_SIZE = 50
# How many of the brand's latest posts have their replies read on each sync.
OWN_POSTS = 10
# Meta's floor for ``since`` on /mentions (2023-07-05).
EARLIEST_SINCE = 1688540400


class ThreadsPull:
    """The reading half of ``ThreadsAdapter``: the connection, the token kept fresh, and reads.

    The token is refreshed before the first request once it is a day old (Meta's rule), so a
    daily user never sees it lapse; an expired one is an ``AuthError`` naming what to do.
    """

    def __init__(
        self,
        account: Account,
        token: ThreadsToken,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        clock: Clock = system_clock,
        first_sync_window: timedelta = timedelta(days=14),
        timeout: float = 20.0,
    ) -> None:
        self.account = account
        self._token = token
        self._clock = clock
        self._window = first_sync_window
        self._transport = transport
        self._timeout = timeout
        self._http = self._connect(token.token)

    def _connect(self, token: str) -> ThreadsHttp:
        return ThreadsHttp(
            self.account.server,
            token=token,
            who=self.account.at_handle,
            transport=self._transport,
            timeout=self._timeout,
        )

    def _now(self) -> datetime:
        return self._clock()

    def sign_in_notice(self) -> str | None:
        """The header's line when the token ends within a week or has ended (from the token
        in memory, kept current by ``_ready``; the keyring is not read)."""
        return expiry_notice(
            f"Threads ({self.account.at_handle})",
            relogin_hint(self.account.at_handle),
            self._token.expires_at,
            self._now(),
            refused=self._http.refused,
        )

    async def _ready(self) -> None:
        """Refresh the token when it is due; ``AuthError`` once it has expired."""
        now = self._now()
        if self._token.expired(now):
            raise AuthError(
                f"The Threads login of {self.account.at_handle} expired on "
                f"{self._token.expires_at:%Y-%m-%d}; {relogin_hint(self.account.at_handle)}"
            )
        if self._token.due_for_refresh(now):
            self._token = await refresh(self._http, self._token, self._clock)
            store_token(self.account, self._token)
            await self._http.aclose()
            self._http = self._connect(self._token.token)
            log.info("threads: refreshed the token of %s", self.account.at_handle)

    async def pull(self, cursor: str | None) -> PullBatch:
        """One page of mentions newer than ``cursor``; after the last page, the replies to the
        brand's recent posts. The cursor is ``{"since": unix seconds, "after": page cursor}``."""
        await self._ready()
        state = _read_cursor(cursor)
        first = int((self._now() - self._window).timestamp())
        since = max(_number(state, "since") or first, EARLIEST_SINCE)
        params = [("fields", POST_FIELDS), ("since", str(since)), ("limit", str(PAGE_SIZE))]
        after = state.get("after")
        if isinstance(after, str) and after:
            params.append(("after", after))
        body = await self._http.get("me/mentions", params)
        mentions, skipped = self._read_posts(body, MentionKind.MENTION)
        newest = max([since, *(int(m.created_at.timestamp()) for m in mentions)])
        newest = max(newest, _number(state, "newest"))
        next_after = _after(body)
        if next_after and len(read_list(body, "data")) >= PAGE_SIZE:
            more = {"since": since, "after": next_after, "newest": newest}
            return PullBatch(tuple(mentions), json.dumps(more), more=True, skipped=tuple(skipped))
        replies, reply_skips = await self._replies_to_own_posts(since)
        done = {"since": newest + 1}
        return PullBatch(
            tuple(mentions + replies), json.dumps(done), skipped=tuple(skipped + reply_skips)
        )

    async def thread(self, mention: Mention) -> tuple[ThreadPost, ...]:
        """The root post and every reply under it (all levels, oldest first)."""
        await self._ready()
        root_id = mention.thread_root_id or mention.remote_id
        posts: list[ThreadPost] = []
        try:
            root = await self._http.get(root_id, (("fields", POST_FIELDS),), gone=True)
            posts.append(self._thread_post(root, mention))
        except Gone:  # a deleted root still shows the replies under it
            posts.append(_missing(root_id))
        body = await self._http.get(
            f"{root_id}/conversation", (("fields", POST_FIELDS), ("reverse", "false"))
        )
        for item in read_list(body, "data"):
            if isinstance(item, dict):
                posts.append(self._thread_post(item, mention))
        if all(not p.is_focus for p in posts):
            posts.append(_as_thread_post(mention))
        return tuple(sorted(posts, key=lambda p: p.created_at))

    async def _replies_to_own_posts(self, since: int) -> tuple[list[Mention], list[Skipped]]:
        own = await self._http.get(
            "me/threads", (("fields", "id,timestamp"), ("limit", str(OWN_POSTS)))
        )
        mentions: list[Mention] = []
        skipped: list[Skipped] = []
        for post in read_list(own, "data"):
            if not isinstance(post, dict) or not isinstance(post.get("id"), str):
                continue
            body = await self._http.get(
                f"{post['id']}/replies", (("fields", POST_FIELDS), ("reverse", "false"))
            )
            found, bad = self._read_posts(body, MentionKind.REPLY)
            mentions += [m for m in found if m.created_at.timestamp() >= since]
            skipped += bad
        return mentions, skipped

    def _read_posts(
        self, body: JsonObject, kind: MentionKind
    ) -> tuple[list[Mention], list[Skipped]]:
        mentions: list[Mention] = []
        skipped: list[Skipped] = []
        for item in read_list(body, "data"):
            ident = str(item.get("id", "?")) if isinstance(item, dict) else "?"
            try:
                mention = self._mention(read_obj(item, "A Threads post"), kind)
            except BadPayload as error:
                skipped.append(Skipped(ident, error.msg))
                continue
            if mention is not None:
                mentions.append(mention)
        return mentions, skipped

    def _mention(self, post: JsonObject, kind: MentionKind) -> Mention | None:
        username = read_opt_str(post, "username")
        if username.casefold() == self.account.handle.lstrip("@").casefold():
            return None  # the brand's own post or reply
        parent = _ref(post, "replied_to")
        return Mention(
            account_id=self.account.id,
            remote_id=read_str(post, "id"),
            platform=Platform.THREADS,
            author=_author(username),
            text=read_opt_str(post, "text"),
            created_at=read_time(post, "timestamp"),
            url=read_opt_str(post, "permalink"),
            kind=MentionKind.REPLY if parent and kind is MentionKind.REPLY else kind,
            in_reply_to_id=parent,
            thread_root_id=_ref(post, "root_post"),
            attachments=_attachments(post),
        )

    def _thread_post(self, post: JsonObject, mention: Mention) -> ThreadPost:
        username = read_opt_str(post, "username")
        ident = read_str(post, "id")
        return ThreadPost(
            remote_id=ident,
            author=_author(username),
            text=read_opt_str(post, "text"),
            created_at=read_time(post, "timestamp"),
            is_brand=username.casefold() == self.account.handle.lstrip("@").casefold(),
            is_focus=ident == mention.remote_id,
            in_reply_to_id=_ref(post, "replied_to"),
        )


def _author(username: str) -> Author:
    name = username or "unknown"
    return Author(remote_id=name, handle=f"@{name}", url=f"https://www.threads.net/@{name}")


def _ref(post: JsonObject, key: str) -> str | None:
    value = post.get(key)
    ident = value.get("id") if isinstance(value, dict) else None
    return ident if isinstance(ident, str) and ident else None


def _attachments(post: JsonObject) -> tuple[str, ...]:
    kind = read_opt_str(post, "media_type")
    if kind in ("", "TEXT_POST", "TEXT"):
        return ()
    return (f"{kind.lower().replace('_', ' ')} (open the post to see it)",)


def _after(body: JsonObject) -> str | None:
    paging = body.get("paging")
    cursors = paging.get("cursors") if isinstance(paging, dict) else None
    after = cursors.get("after") if isinstance(cursors, dict) else None
    return after if isinstance(after, str) and after else None


def _number(state: dict[str, object], key: str) -> int:
    value = state.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _read_cursor(cursor: str | None) -> dict[str, object]:
    if not cursor:
        return {}
    try:
        state = json.loads(cursor)
    except ValueError:
        return {}
    return state if isinstance(state, dict) else {}


def _missing(remote_id: str) -> ThreadPost:
    return ThreadPost(
        remote_id, _author(""), "", datetime.fromtimestamp(0, UTC), state=PostState.NOT_FOUND
    )


def _as_thread_post(mention: Mention) -> ThreadPost:
    return ThreadPost(
        mention.remote_id,
        mention.author,
        mention.text,
        mention.created_at,
        is_focus=True,
        in_reply_to_id=mention.in_reply_to_id,
    )
