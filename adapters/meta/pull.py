"""Meta in: comments on the Page's recent posts, Instagram comments, Messenger conversations.

Polling (a terminal app has no public webhook endpoint): each pull lists the Page's posts of
the sync window (time paging), reads each post's comments with ``filter=stream`` from where
it stopped (cursor paging to the last page), the Instagram media's comments newest first down
to the last one read, and the conversations updated since the last pull. Ids are opaque
strings; order comes from the times. A part the token lacks a permission for (Messenger,
Instagram) is reported as skipped and the rest is still read.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime, timedelta

from adapters.clock import Clock
from adapters.errors import BadPayload
from adapters.meta.cursor import PullState, decode
from adapters.meta.faults import PermissionMissing
from adapters.meta.http import GraphHttp, after_cursor, opt_str, page_params, read_data, read_obj
from adapters.meta.messages import MetaMessages
from adapters.meta.records import Brand, comment_mention, is_brand, tag_mention, time_of
from adapters.records import Account, Mention, PullBatch, Skipped

log = logging.getLogger(__name__)

MAX_MEDIA = 10  # Instagram media whose comments are read each pull (the newest)
COMMENT_FIELDS = "id,message,created_time,from{id,name},parent{id},permalink_url,attachment{type}"
IG_COMMENT = "id,text,timestamp,username,from{id,username}"
IG_FIELDS = f"{IG_COMMENT},replies{{{IG_COMMENT}}}"
TAG_FIELDS = "id,caption,timestamp,permalink,username,media_type"


class _Found:
    """What one pull gathers across the listings."""

    def __init__(self) -> None:
        self.mentions: dict[str, Mention] = {}
        self.skipped: list[Skipped] = []
        self.more = False

    def add(self, mention: Mention) -> None:
        self.mentions.setdefault(mention.remote_id, mention)

    def skip(self, remote_id: str, reason: str) -> None:
        log.warning("Skipped a Meta item %r: %s", remote_id, reason)
        self.skipped.append(Skipped(remote_id, reason))


class MetaPull(MetaMessages):
    """The reading half of ``MetaAdapter``: the Page, its comments and its inbox."""

    account: Account
    _http: GraphHttp
    _clock: Clock
    _window: timedelta
    _max_pages: int
    _page_size: str
    _brand: Brand | None

    async def brand(self) -> Brand:
        """The Page and its linked Instagram account (read once)."""
        if self._brand is None:
            fields = "id,name,instagram_business_account{id,username}"
            me = read_obj((await self._http.get("/me", [("fields", fields)])).body, "/me")
            ig = me.get("instagram_business_account")
            self._brand = Brand(
                page_id=opt_str(me, "id") or self.account.id.partition(":")[2],
                page_name=opt_str(me, "name") or self.account.display_name,
                ig_id=opt_str(ig, "id"),
                ig_username=opt_str(ig, "username"),
            )
        return self._brand

    async def whoami(self) -> Account:
        """Verify the token: the account, named as the Page is named now."""
        brand = await self.brand()
        return Account(
            self.account.id,
            self.account.network,
            self.account.handle,
            brand.page_name,
            self.account.server,
        )

    async def pull(self, cursor: str | None) -> PullBatch:
        """Everything new since ``cursor`` (``None``: the first-sync window), oldest first."""
        state = decode(cursor)
        brand = await self.brand()
        now = self._clock()
        since = now - self._window
        found = _Found()
        for post_id in await self._recent_posts(since):
            await self._post_comments(post_id, state, since, brand, found)
        async with _optional(found, "instagram comments"):
            if brand.ig_id:
                await self._instagram(state, since, brand, found)
        async with _optional(found, "instagram tags"):
            if brand.ig_id:
                await self._tagged(state, since, found)
        floor = state.messages_since or since
        for platform in ("messenger", "instagram") if brand.ig_id else ("messenger",):
            async with _optional(found, f"{platform} messages"):
                inbox = await self.conversations(platform, floor, brand)
                for mention in inbox.mentions:
                    found.add(mention)
                for item in inbox.skipped:
                    found.skip(item.remote_id, item.reason)
                found.more = found.more or inbox.more
                newest = [t for t in (state.messages_since, inbox.newest) if t]
                state.messages_since = max(newest, default=None)
        mentions = sorted(found.mentions.values(), key=lambda m: m.created_at)
        return PullBatch(tuple(mentions), state.encode(), found.more, tuple(found.skipped))

    async def _recent_posts(self, since: datetime) -> list[str]:
        """The ids of the Page's posts created in the window (time paging, bounded)."""
        brand = await self.brand()
        params = [
            ("fields", "id,created_time"),
            ("since", str(int(since.timestamp()))),
            ("limit", "25"),
        ]
        ids: list[str] = []
        for _ in range(self._max_pages):
            answer = await self._http.get(f"/{brand.page_id}/posts", params)
            ids += [
                opt_str(p, "id")
                for p in read_data(answer.body, "The Page's posts")
                if opt_str(p, "id")
            ]
            following = page_params(answer.body)
            if not following:
                break
            params = [("fields", "id,created_time"), ("limit", "25"), *following]
        return ids

    async def _post_comments(
        self, post_id: str, state: PullState, since: datetime, brand: Brand, found: _Found
    ) -> None:
        """A post's comment stream from its stored cursor to the last page."""
        after = state.comments.get(post_id)
        base = [
            ("filter", "stream"),
            ("order", "chronological"),
            ("fields", COMMENT_FIELDS),
            ("limit", self._page_size),
        ]
        for _ in range(self._max_pages):
            answer = await self._http.get(
                f"/{post_id}/comments", base + ([("after", after)] if after else [])
            )
            for item in read_data(answer.body, "The comments"):
                self._keep_comment(
                    item, post_id, since if state.first else None, brand, found, instagram=False
                )
            paging = answer.body.get("paging") if isinstance(answer.body, dict) else None
            # The last page has no ``next`` but still its cursors: resume after its last item.
            after = (
                opt_str(paging.get("cursors") if isinstance(paging, dict) else None, "after")
                or after
            )
            if after:
                state.comments[post_id] = after
            if after_cursor(answer.body) is None:
                return
        found.more = True

    def _keep_comment(
        self,
        item: object,
        object_id: str,
        since: datetime | None,
        brand: Brand,
        found: _Found,
        *,
        instagram: bool,
        parent: str | None = None,
    ) -> None:
        try:
            mention = comment_mention(
                self.account.id, item, object_id=object_id, instagram=instagram, parent=parent
            )
        except BadPayload as exc:
            url = opt_str(item, "permalink_url") or opt_str(item, "id") or object_id
            found.skip(url, f"a comment that cannot be read ({exc})")
            return
        if is_brand(mention.author, brand) or (since is not None and mention.created_at < since):
            return
        found.add(mention)

    async def _instagram(
        self, state: PullState, since: datetime, brand: Brand, found: _Found
    ) -> None:
        """Comments and replies on the newest media, down to the last one read."""
        floor = state.instagram_since or since
        newest = state.instagram_since
        media = read_data(
            (
                await self._http.get(
                    f"/{brand.ig_id}/media", [("fields", "id,timestamp"), ("limit", str(MAX_MEDIA))]
                )
            ).body,
            "The media",
        )
        for item in media:
            media_id = opt_str(item, "id")
            params = [("fields", IG_FIELDS), ("limit", self._page_size)]
            for _ in range(self._max_pages):
                answer = await self._http.get(f"/{media_id}/comments", params)
                comments = read_data(answer.body, "The Instagram comments")
                for comment in comments:
                    for when in self._ig_thread(comment, media_id, floor, brand, found):
                        newest = max(newest or when, when)
                times = [t for t in (time_of(c, "timestamp") for c in comments) if t]
                cursor = after_cursor(answer.body)
                if cursor is None or (times and min(times) <= floor):
                    break  # newest first: the rest was read before (their replies come inline)
                params = [("fields", IG_FIELDS), ("limit", self._page_size), ("after", cursor)]
        state.instagram_since = newest

    async def _tagged(self, state: PullState, since: datetime, found: _Found) -> None:
        """Posts by others that tag the Instagram account, newer than the last one read.

        The ``tags`` edge is the one kind of Instagram mention a poll can list: @mentions in
        captions and comments reach an app only as ids in webhooks (README: Instagram
        mentions). Newest first, so one page a pull reaches back far enough."""
        floor = state.tags_since or since
        brand = await self.brand()
        answer = await self._http.get(
            f"/{brand.ig_id}/tags", [("fields", TAG_FIELDS), ("limit", self._page_size)]
        )
        for item in read_data(answer.body, "The posts that tag the account"):
            try:
                mention = tag_mention(self.account.id, item)
            except BadPayload as exc:
                found.skip(opt_str(item, "id") or "a tagged post", f"unreadable ({exc})")
                continue
            if mention.created_at > floor:
                found.add(mention)
                state.tags_since = max(state.tags_since or floor, mention.created_at)

    def _ig_thread(
        self, comment: object, media_id: str, floor: datetime, brand: Brand, found: _Found
    ) -> list[datetime]:
        """A top-level Instagram comment and its inline replies newer than ``floor``."""
        times: list[datetime] = []
        top_id = opt_str(comment, "id")
        replies = comment.get("replies") if isinstance(comment, dict) else None
        data = replies.get("data") if isinstance(replies, dict) else None
        for item, parent in [
            (comment, None),
            *((r, top_id) for r in (data if isinstance(data, list) else [])),
        ]:
            when = time_of(item, "timestamp")
            if when is not None:
                times.append(when)
            self._keep_comment(item, media_id, floor, brand, found, instagram=True, parent=parent)
        return times


@asynccontextmanager
async def _optional(found: _Found, what: str) -> AsyncIterator[None]:
    """Read a part of the inbox whose permission the person may not have granted: without
    it, the part is reported as skipped (with the permission named) and the pull goes on."""
    try:
        yield
    except PermissionMissing as error:
        found.skip(what, error.msg)
