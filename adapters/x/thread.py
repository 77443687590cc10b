"""The conversation around an X mention, and the brand's own recent posts and messages.

Earlier posts are looked up by ``referenced_tweets`` (``GET /2/tweets?ids=``, each answer also
expanding the parent's parent), at most ``ANCESTOR_LOOKUPS`` requests deep. Whether the brand
already answered comes from its own timeline (``GET /2/users/:id/tweets``), read once per
``OWN_TTL`` for all threads of a sync: every post read costs against the app's allowance. The
same timeline, read fresh from just before the mention, is what ``reconcile`` searches.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from adapters.errors import BadPayload
from adapters.records import Mention, MentionKind, ThreadPost
from adapters.x.fields import (
    DM_FIELDS,
    MESSAGES_ONLY,
    PAGE,
    POST_EXPANSIONS,
    POST_FIELDS,
    USER_FIELDS,
    thread_post,
)
from adapters.x.parse import (
    DmEvent,
    Post,
    meta_token,
    read_dm,
    read_includes,
    read_list,
    read_post,
)
from adapters.x.pull import XPull, x_time

ANCESTOR_LOOKUPS = 2  # each lookup returns a post and its parent: up to 4 earlier posts
OWN_TTL = timedelta(minutes=2)
OWN_PAGES = 3
SKEW = timedelta(seconds=30)  # clocks differ: search from a little before the mention


class XThread(XPull):
    """Threads, and the brand's own posts that tell whether a mention was answered."""

    _own_cache: tuple[datetime, list[Post]] | None = None
    _ancestors: dict[str, tuple[ThreadPost, ...]]  # earlier posts rarely change: read once

    async def thread(self, mention: Mention) -> tuple[ThreadPost, ...]:
        """Earlier posts, the mention (``is_focus``), then the brand's replies to it."""
        if mention.kind is MentionKind.DIRECT:
            return await self._dm_thread(mention)
        before = self._ancestors.get(mention.remote_id)
        if before is None:
            before = self._ancestors[mention.remote_id] = await self._read_ancestors(mention)
        focus = ThreadPost(
            remote_id=mention.remote_id,
            author=mention.author,
            text=mention.text,
            created_at=mention.created_at,
            is_focus=True,
            in_reply_to_id=mention.in_reply_to_id,
        )
        replies = [
            thread_post(post, read_includes({}), self.brand)
            for post in await self._own_posts(mention.created_at, cached=True)
            if post.replied_to == mention.remote_id
        ]
        return (*before, focus, *sorted(replies, key=lambda p: p.created_at))

    async def _read_ancestors(self, mention: Mention) -> tuple[ThreadPost, ...]:
        before: list[ThreadPost] = []
        parent = mention.in_reply_to_id or ""
        for _ in range(ANCESTOR_LOOKUPS):
            if not parent:
                break
            answer = await self._http.get(
                "/2/tweets", [("ids", parent), POST_FIELDS, USER_FIELDS, POST_EXPANSIONS]
            )
            body = answer.body if isinstance(answer.body, dict) else {}
            includes = read_includes(body)
            posts = [read_post(item) for item in read_list(body, "data")]
            if not posts:
                break  # deleted or hidden: the thread starts at what is left
            post = posts[0]
            before.insert(0, thread_post(post, includes, self.brand))
            grand = includes.posts.get(post.replied_to)
            parent = post.replied_to
            if grand is not None:
                before.insert(0, thread_post(grand, includes, self.brand))
                parent = grand.replied_to
        return tuple(before)

    async def _own_posts(self, since: datetime, *, cached: bool) -> list[Post]:
        """The brand's posts since ``since`` (minus a skew margin), newest first."""
        now = self._clock()
        if cached and self._own_cache is not None and now - self._own_cache[0] < OWN_TTL:
            posts = self._own_cache[1]
        else:
            # One read of the last week serves every thread of a sync; reconcile reads fresh.
            start = now - timedelta(days=7) if cached else since - SKEW
            posts = await self._read_own(start)
            if cached:
                self._own_cache = (now, posts)
        return [p for p in posts if p.created_at >= since - SKEW]

    async def _read_own(self, start: datetime) -> list[Post]:
        params = [PAGE, POST_FIELDS, ("exclude", "retweets"), ("start_time", x_time(start))]
        posts: list[Post] = []
        token = ""
        for _ in range(OWN_PAGES):
            page = params + ([("pagination_token", token)] if token else [])
            answer = await self._http.get(f"/2/users/{self.brand_id}/tweets", page)
            body = answer.body if isinstance(answer.body, dict) else {}
            for item in read_list(body, "data"):
                try:
                    posts.append(read_post(item))
                except BadPayload:
                    continue
            token = meta_token(body, "next_token")
            if not token:
                break
        return posts

    async def _conversation_events(self, mention: Mention) -> list[DmEvent]:
        """The DM conversation of ``mention``, newest first (one page of 100)."""
        sender = mention.meta.get("sender_id") or mention.author.remote_id
        answer = await self._http.get(
            f"/2/dm_conversations/with/{sender}/dm_events", [PAGE, DM_FIELDS, MESSAGES_ONLY]
        )
        body = answer.body if isinstance(answer.body, dict) else {}
        events: list[DmEvent] = []
        for item in read_list(body, "data"):
            try:
                event = read_dm(item)
            except BadPayload:
                continue
            if event is not None:
                events.append(event)
        return events

    async def _dm_thread(self, mention: Mention) -> tuple[ThreadPost, ...]:
        posts: list[ThreadPost] = []
        for event in reversed(await self._conversation_events(mention)):
            mine = event.sender_id == self.brand_id
            posts.append(
                ThreadPost(
                    remote_id=event.remote_id,
                    author=self.brand if mine else mention.author,
                    text=event.text,
                    created_at=event.created_at,
                    is_brand=mine,
                    is_focus=event.remote_id == mention.remote_id,
                )
            )
        if not any(p.is_focus for p in posts):
            posts.append(
                ThreadPost(
                    mention.remote_id,
                    mention.author,
                    mention.text,
                    mention.created_at,
                    is_focus=True,
                )
            )
        return tuple(sorted(posts, key=lambda p: p.created_at))
