"""Bluesky in: mentions, replies and quotes from the notifications, and the threads around them.

Pull reads ``app.bsky.notification.listNotifications`` newest first, page by page, until it
reaches what the previous sync saw (the cursor remembers the newest ``indexedAt``), the
first-sync window, or ``max_pages``.
"""

from __future__ import annotations

import json
import logging
from dataclasses import replace
from datetime import datetime, timedelta

from adapters.bluesky.http import Params, XrpcClient, XrpcRejected, relogin_hint
from adapters.bluesky.records import (
    Malformed,
    notification_to_mention,
    parse_datetime,
    post_url,
    thread_posts,
)
from adapters.bluesky.session import BskySession
from adapters.clock import Clock
from adapters.errors import AuthError, BadPayload
from adapters.records import (
    Account,
    Mention,
    PostState,
    PullBatch,
    SentReply,
    Skipped,
    ThreadPost,
)

log = logging.getLogger(__name__)

PAGE_SIZE = 50  # the lexicon's default (maximum 100)
PARENT_HEIGHT = 20  # enough context to read a conversation without fetching a hellthread
_MAX_SEEN = 100


class BlueskyPull:
    """The reading half of ``BlueskyAdapter``: the session's account, mentions, threads."""

    account: Account
    _xrpc: XrpcClient
    _clock: Clock
    _window: timedelta
    _max_pages: int

    @property
    def session(self) -> BskySession:
        """The current session (with refreshed tokens after a refresh)."""
        return self._xrpc.session

    async def whoami(self) -> Account:
        """Check the session with ``com.atproto.server.getSession``; the handle may change."""
        data = await self._xrpc.query("com.atproto.server.getSession")
        if data.get("did") != self.session.did:
            raise AuthError(
                f"The stored Bluesky login of {self.account.handle} belongs to another account; "
                f"{relogin_hint(self.account.handle)}"
            )
        handle = data.get("handle")
        return replace(
            self.account,
            handle=handle if isinstance(handle, str) and handle else self.account.handle,
        )

    async def pull(self, cursor: str | None) -> PullBatch:
        """Mentions, replies and quotes newer than ``cursor`` (None: the first-sync window)."""
        newest, seen = _read_cursor(cursor)
        since = newest if newest is not None else self._clock() - self._window
        top, top_seen = newest, set(seen)
        found: dict[str, Mention] = {}
        skipped: list[Skipped] = []
        page: str | None = None
        for _ in range(self._max_pages):
            params: dict[str, str | int | list[str]] = {
                "limit": PAGE_SIZE,
                "reasons": ["mention", "reply", "quote"],
            }
            if page:
                params["cursor"] = page
            data = await self._xrpc.query("app.bsky.notification.listNotifications", params)
            items = data.get("notifications")
            if not isinstance(items, list):
                raise BadPayload("Bluesky sent a notification page without notifications.")
            reached_old = False
            for item in items:
                uri, at = _uri_and_time(item)
                if at is not None:
                    if at < since:
                        reached_old = True  # newest first: everything after is older still
                        break
                    if at == newest and uri in seen:
                        continue
                    if top is None or at > top:
                        top, top_seen = at, set()
                    if at == top and uri:
                        top_seen.add(uri)
                result = notification_to_mention(item, self.account.id)
                if isinstance(result, Mention):
                    found[result.remote_id] = result
                elif isinstance(result, Skipped):
                    skipped.append(result)
            next_page = data.get("cursor")
            if reached_old or not items or not isinstance(next_page, str) or not next_page:
                break
            page = next_page
        mentions = sorted(found.values(), key=lambda mention: mention.created_at)
        return PullBatch(tuple(mentions), _write_cursor(top, top_seen), False, tuple(skipped))

    async def thread(self, mention: Mention) -> tuple[ThreadPost, ...]:
        """Parents oldest first, the mention, then the brand's replies to it."""
        return await self._thread(mention, PARENT_HEIGHT)

    async def answered(self, mention: Mention) -> SentReply | None:
        """The brand's earliest reply to ``mention`` on the network, if there is one."""
        posts = await self._thread(mention, 0)
        for post in posts:
            if post.is_brand and not post.is_focus and post.state is PostState.OK:
                return SentReply(
                    remote_id=post.remote_id,
                    in_reply_to_id=mention.remote_id,
                    text=post.text,
                    created_at=post.created_at,
                    url=post_url(post.remote_id),
                )
        return None

    async def _thread(self, mention: Mention, parent_height: int) -> tuple[ThreadPost, ...]:
        params: Params = {"uri": mention.remote_id, "depth": 1, "parentHeight": parent_height}
        try:
            data = await self._xrpc.query("app.bsky.feed.getPostThread", params)
        except XrpcRejected as exc:
            if exc.error != "NotFound":
                raise
            gone = ThreadPost(
                mention.remote_id,
                mention.author,
                "",
                mention.created_at,
                is_focus=True,
                state=PostState.NOT_FOUND,
            )
            return (gone,)
        try:
            return thread_posts(
                data.get("thread"), self.session.did, parent_height, mention.created_at
            )
        except Malformed as exc:
            raise BadPayload(f"Bluesky sent a thread that cannot be read: {exc}.") from exc


def _uri_and_time(item: object) -> tuple[str, datetime | None]:
    if not isinstance(item, dict):
        return "", None
    uri = item.get("uri")
    return (uri if isinstance(uri, str) else ""), parse_datetime(item.get("indexedAt"))


def _read_cursor(cursor: str | None) -> tuple[datetime | None, frozenset[str]]:
    """The newest ``indexedAt`` a previous sync saw, and the uris seen at exactly that time."""
    if cursor is None:
        return None, frozenset()
    try:
        state = json.loads(cursor)
        newest = parse_datetime(state["newest"])
        seen = frozenset(uri for uri in state.get("seen", []) if isinstance(uri, str))
    except (ValueError, TypeError, KeyError, AttributeError):
        newest, seen = None, frozenset()
    if newest is None:
        log.warning("unreadable Bluesky cursor %r: syncing the first-sync window again", cursor)
    return newest, seen


def _write_cursor(newest: datetime | None, seen: set[str]) -> str | None:
    if newest is None:
        return None
    return json.dumps({"newest": newest.isoformat(), "seen": sorted(seen)[:_MAX_SEEN]})
