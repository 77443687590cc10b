"""The conversation around a Meta mention: the post, the parent comment and the replies, or a
direct conversation's last messages. A deleted post or parent is shown as such, never a crash.
"""

from __future__ import annotations

import logging

from adapters.errors import BadPayload, Gone
from adapters.meta.http import opt_str, read_data, read_obj, read_str, read_time
from adapters.meta.pull import COMMENT_FIELDS, IG_COMMENT, MetaPull
from adapters.meta.records import Brand, attachments_of, fb_author, ig_author, is_brand
from adapters.meta.text import CONVERSATION, REPLY_TO, Channel, channel_of
from adapters.records import Author, Mention, PostState, ThreadPost

log = logging.getLogger(__name__)

POST_FIELDS = "id,message,created_time,from{id,name}"
MEDIA_FIELDS = "id,caption,timestamp"
_GONE_AUTHOR = Author("", "", "")


def _attached(obj: dict[str, object]) -> str:
    """What stands for the text of an attachment-only message or comment."""
    found = attachments_of(obj)
    return f"[{', '.join(found)}]" if found else ""


def _missing(remote_id: str, mention: Mention) -> ThreadPost:
    return ThreadPost(remote_id, _GONE_AUTHOR, "", mention.created_at, state=PostState.NOT_FOUND)


class MetaThread(MetaPull):
    """Threads, and the brand's replies under a comment (for reconcile and "answered")."""

    def _post(
        self, item: object, brand: Brand, *, instagram: bool, focus: str
    ) -> ThreadPost | None:
        try:
            obj = read_obj(item, "a comment")
            author = ig_author(obj) if instagram else fb_author(obj)
            return ThreadPost(
                remote_id=read_str(obj, "id"),
                author=author,
                text=opt_str(obj, "text" if instagram else "message") or _attached(obj),
                created_at=read_time(obj, "timestamp" if instagram else "created_time"),
                is_brand=is_brand(author, brand),
                is_focus=obj.get("id") == focus,
                in_reply_to_id=opt_str(obj.get("parent"), "id") or None,
            )
        except BadPayload as exc:
            log.warning("Skipped an unreadable item of a Meta thread: %s", exc)
            return None

    async def _root(self, mention: Mention, brand: Brand, instagram: bool) -> ThreadPost:
        """The post or media the comment is under (as the brand's), or a gone placeholder."""
        object_id = mention.thread_root_id or ""
        fields = MEDIA_FIELDS if instagram else POST_FIELDS
        try:
            obj = read_obj(
                (await self._http.get(f"/{object_id}", [("fields", fields)], gone=True)).body,
                "the post",
            )
            return ThreadPost(
                object_id,
                brand.author(instagram),
                opt_str(obj, "caption" if instagram else "message"),
                read_time(obj, "timestamp" if instagram else "created_time"),
                is_brand=True,
            )
        except (Gone, BadPayload):
            return _missing(object_id, mention)

    async def replies_under(
        self, comment_id: str, brand: Brand, *, instagram: bool
    ) -> list[ThreadPost]:
        """The replies to a top-level comment, oldest first (one page of the newest 100)."""
        edge, fields = ("replies", IG_COMMENT) if instagram else ("comments", COMMENT_FIELDS)
        answer = await self._http.get(
            f"/{comment_id}/{edge}", [("fields", fields), ("limit", "100")], gone=True
        )
        posts = [
            self._post(i, brand, instagram=instagram, focus="")
            for i in read_data(answer.body, "The replies")
        ]
        return sorted((p for p in posts if p), key=lambda p: p.created_at)

    async def thread(self, mention: Mention) -> tuple[ThreadPost, ...]:
        """Oldest first: the post, the parent comment, the mention (``is_focus``) and the
        replies under the top-level comment; for a direct message, the last messages."""
        brand = await self.brand()
        channel = channel_of(mention)
        if channel.is_dm:
            return await self._dm_thread(mention, brand)
        if channel is Channel.IG_TAG:  # someone else's post: only what the tags edge gave
            post = ThreadPost(
                mention.remote_id, mention.author, mention.text, mention.created_at, is_focus=True
            )
            return (post,)
        instagram = channel.value.startswith("ig")
        top = mention.meta.get(REPLY_TO) or mention.remote_id
        root = await self._root(mention, brand, instagram)
        focus = ThreadPost(
            mention.remote_id,
            mention.author,
            mention.text,
            mention.created_at,
            is_focus=True,
            in_reply_to_id=mention.in_reply_to_id,
        )
        around: list[ThreadPost] = []
        if top != mention.remote_id:
            fields = IG_COMMENT if instagram else COMMENT_FIELDS
            try:
                parent = (await self._http.get(f"/{top}", [("fields", fields)], gone=True)).body
                around += filter(None, [self._post(parent, brand, instagram=instagram, focus="")])
            except Gone:
                around.append(_missing(top, mention))  # the parent was deleted
        try:
            replies = await self.replies_under(top, brand, instagram=instagram)
        except Gone:
            replies = []
        around += [r for r in replies if r.remote_id != mention.remote_id]
        ordered = sorted([focus, *around], key=lambda p: (p.state is PostState.OK, p.created_at))
        return (root, *ordered)

    async def _dm_thread(self, mention: Mention, brand: Brand) -> tuple[ThreadPost, ...]:
        conversation = mention.meta.get(CONVERSATION) or mention.thread_root_id or ""
        posts: list[ThreadPost] = []
        for item in await self.messages(conversation, limit=10):
            post = self._post(item, brand, instagram=False, focus=mention.remote_id)
            if post is not None:
                posts.append(post)
        if all(not p.is_focus for p in posts):
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
