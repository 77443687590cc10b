"""The Bluesky adapter: mentions, replies and quotes in, threaded replies out, over XRPC.

Pull reads ``app.bsky.notification.listNotifications`` newest first, page by page, until it
reaches what the previous sync saw (the cursor remembers the newest ``indexedAt``), the
first-sync window, or ``max_pages``. Send writes an ``app.bsky.feed.post`` with
``com.atproto.repo.putRecord`` under a record key derived from the outbox row (a TID), with a
``createdAt`` derived from the same key: a retry writes the very same record, which the PDS
answers with the same uri and cid instead of a second post.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

import httpx

from adapters.bluesky_login import BskySession
from adapters.bluesky_records import (
    POST_COLLECTION,
    Malformed,
    is_language_tag,
    notification_to_mention,
    parse_at_uri,
    parse_datetime,
    post_url,
    thread_posts,
)
from adapters.bluesky_text import build_facets
from adapters.bluesky_xrpc import JsonObject, Params, XrpcClient, XrpcRejected, relogin_hint
from adapters.clock import Clock, system_clock
from adapters.errors import AuthError, BadPayload, ConfigError
from adapters.records import (
    BLUESKY_LIMITS,
    Account,
    Limits,
    Mention,
    OutgoingReply,
    PostState,
    PullBatch,
    SentReply,
    Skipped,
    ThreadPost,
)
from adapters.tid import tid_datetime, tid_from_key

log = logging.getLogger(__name__)

PAGE_SIZE = 50  # the lexicon's default (maximum 100)
PARENT_HEIGHT = 20  # enough context to read a conversation without fetching a hellthread
_MAX_SEEN = 100


class BlueskyAdapter:
    """One Bluesky account, speaking XRPC to its PDS (which proxies the AppView reads)."""

    def __init__(
        self,
        account: Account,
        session: BskySession,
        *,
        on_session: Callable[[BskySession], None] | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        clock: Clock = system_clock,
        first_sync_window: timedelta = timedelta(days=14),
        max_pages: int = 10,
        timeout: float = 20.0,
    ) -> None:
        self.account = account
        self._xrpc = XrpcClient(
            account,
            session,
            on_session=on_session,
            transport=transport,
            clock=clock,
            timeout=timeout,
        )
        self._clock = clock
        self._window = first_sync_window
        self._max_pages = max(1, max_pages)

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

    async def send(self, reply: OutgoingReply, idempotency_key: str) -> SentReply:
        """Post ``reply`` under the record key derived from ``idempotency_key`` (see module)."""
        rkey = _rkey(idempotency_key)
        # Milliseconds, as written in createdAt, so send and reconcile report the same time.
        moment = tid_datetime(rkey)
        created = moment.replace(microsecond=moment.microsecond // 1000 * 1000)
        record: JsonObject = {
            "$type": POST_COLLECTION,
            "text": reply.text,
            "createdAt": _iso(created),
            "reply": _reply_refs(reply.mention),
        }
        if is_language_tag(reply.mention.language):
            # The draft answers in the mention's language; Bluesky wants it for feeds/filters.
            # A malformed tag would make the PDS refuse the whole record, so it is left out.
            record["langs"] = [reply.mention.language]
        facets = await build_facets(reply.text, self._resolve_handle)
        if facets:
            record["facets"] = facets
        body = {
            "repo": self.session.did,
            "collection": POST_COLLECTION,
            "rkey": rkey,
            "record": record,
        }
        try:
            data = await self._xrpc.procedure("com.atproto.repo.putRecord", body)
        except XrpcRejected as exc:
            # Should a PDS ever refuse the same key as taken, the post exists: that is "sent".
            if exc.error == "InvalidSwap" or "already exists" in exc.msg.lower():
                existing = await self.reconcile(reply, idempotency_key)
                if existing is not None:
                    return existing
            raise
        uri = data.get("uri")
        if parse_at_uri(uri) is None:
            raise BadPayload("Bluesky accepted the reply but did not say where it is.")
        return SentReply(str(uri), reply.mention.remote_id, reply.text, created, post_url(str(uri)))

    async def reconcile(self, reply: OutgoingReply, idempotency_key: str) -> SentReply | None:
        """The reply written under this key's record key, if the PDS has it."""
        rkey = _rkey(idempotency_key)
        params = {"repo": self.session.did, "collection": POST_COLLECTION, "rkey": rkey}
        try:
            data = await self._xrpc.query("com.atproto.repo.getRecord", params)
        except XrpcRejected as exc:
            if exc.error == "RecordNotFound":
                return None
            raise
        uri, value = data.get("uri"), data.get("value")
        if parse_at_uri(uri) is None or not isinstance(value, dict):
            raise BadPayload("Bluesky answered the record lookup without the record.")
        text = value.get("text")
        return SentReply(
            remote_id=str(uri),
            in_reply_to_id=reply.mention.remote_id,
            text=text if isinstance(text, str) else reply.text,
            created_at=parse_datetime(value.get("createdAt")) or tid_datetime(rkey),
            url=post_url(str(uri)),
        )

    async def limits(self) -> Limits:
        """300 graphemes and 3 000 UTF-8 bytes (the post lexicon's limits)."""
        return BLUESKY_LIMITS

    async def aclose(self) -> None:
        """Release connections."""
        await self._xrpc.aclose()

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

    async def _resolve_handle(self, handle: str) -> str | None:
        try:
            data = await self._xrpc.query("com.atproto.identity.resolveHandle", {"handle": handle})
        except XrpcRejected:
            return None  # unknown or invalid handle: the mention stays plain text
        did = data.get("did")
        return did if isinstance(did, str) and did.startswith("did:") else None


def _reply_refs(mention: Mention) -> dict[str, Any]:
    meta = mention.meta
    cid, root_uri, root_cid = meta.get("cid"), meta.get("root_uri"), meta.get("root_cid")
    if not (cid and root_uri and root_cid):
        raise BadPayload(
            "This mention lacks the Bluesky references a reply needs; sync the account again."
        )
    return {
        "root": {"uri": root_uri, "cid": root_cid},
        "parent": {"uri": mention.remote_id, "cid": cid},
    }


def _rkey(idempotency_key: str) -> str:
    try:
        return tid_from_key(idempotency_key)
    except ValueError as exc:
        raise ConfigError(
            f"The outbox entry's key cannot become a Bluesky record key ({exc}); "
            "discard the queued reply and write it again."
        ) from exc


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


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
