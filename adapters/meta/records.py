"""Graph objects read into ReplyDesk records: comments, messages and the people behind them.

Every reader takes one untrusted JSON item and returns a record or raises ``BadPayload``; the
callers skip that one item and keep the page. A comment without ``from`` (the person's privacy
settings hide them from the Page) is kept, with an anonymous author.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from adapters.errors import BadPayload
from adapters.meta.http import JsonObject, opt_str, read_obj, read_str, read_time
from adapters.meta.text import (
    CHANNEL,
    PRIVATE_REPLY_WINDOW,
    PRIVATE_UNTIL,
    REPLY_TO,
    Channel,
)
from adapters.records import Author, Mention, MentionKind, Platform

HIDDEN_FB = Author(remote_id="", handle="Facebook user", display_name="Facebook user (name hidden)")
HIDDEN_IG = Author(remote_id="", handle="Instagram user", display_name="Instagram user")


@dataclass(frozen=True, slots=True)
class Brand:
    """The Page and its linked Instagram business account (ids as Meta gives them)."""

    page_id: str
    page_name: str
    ig_id: str = ""
    ig_username: str = ""

    def author(self, instagram: bool) -> Author:
        """The brand as the author of its own replies."""
        if instagram and self.ig_id:
            return Author(self.ig_id, f"@{self.ig_username}", self.ig_username)
        return Author(self.page_id, self.page_name, self.page_name)


def fb_author(item: JsonObject) -> Author:
    """The ``from`` of a Facebook comment or message (anonymous without one)."""
    who = item.get("from")
    if not isinstance(who, dict) or not opt_str(who, "id"):
        return HIDDEN_FB
    name = opt_str(who, "name") or "Facebook user"
    return Author(remote_id=opt_str(who, "id"), handle=name, display_name=name)


def ig_author(item: JsonObject) -> Author:
    """The author of an Instagram comment: ``from{id,username}`` or the bare ``username``."""
    who = item.get("from")
    username = opt_str(who, "username") or opt_str(item, "username")
    user_id = opt_str(who, "id") or opt_str(item.get("user"), "id")
    if not username and not user_id:
        return HIDDEN_IG
    return Author(
        remote_id=user_id or username,
        handle=f"@{username}" if username else "Instagram user",
        display_name=username,
    )


def is_brand(author: Author, brand: Brand) -> bool:
    """Whether a comment or message was written by the Page or its Instagram account."""
    own = {brand.page_id, brand.ig_id, f"@{brand.ig_username}" if brand.ig_username else ""} - {""}
    return author.remote_id in own or author.handle in own


def attachments_of(item: JsonObject) -> tuple[str, ...]:
    """What is attached to a comment (``attachment``) or message (``attachments.data``)."""
    found: list[str] = []
    single = item.get("attachment")
    if isinstance(single, dict):
        found.append(opt_str(single, "type") or "attachment")
    many = item.get("attachments")
    data = many.get("data") if isinstance(many, dict) else None
    for entry in data if isinstance(data, list) else ():
        found.append(opt_str(entry, "mime_type") or opt_str(entry, "name") or "attachment")
    return tuple(found)


def comment_mention(
    account_id: str, item: object, *, object_id: str, instagram: bool, parent: str | None = None
) -> Mention:
    """A comment on one of the brand's posts (or Instagram media) as a mention.

    ``parent`` is the top-level comment a reply belongs to (Instagram lists replies inside
    their comment; Facebook's stream names it in ``parent{id}``).
    """
    comment = read_obj(item, "a comment")
    remote_id = read_str(comment, "id")
    parent = parent or opt_str(comment.get("parent"), "id") or None
    created = read_time(comment, "timestamp" if instagram else "created_time")
    author = ig_author(comment) if instagram else fb_author(comment)
    meta = {
        CHANNEL: (Channel.IG_COMMENT if instagram else Channel.FB_COMMENT).value,
        REPLY_TO: parent or remote_id,  # Meta answers replies under the top-level comment
        "object_id": object_id,
    }
    if author.remote_id:
        meta[PRIVATE_UNTIL] = (created + PRIVATE_REPLY_WINDOW).isoformat()
    return Mention(
        account_id=account_id,
        remote_id=remote_id,
        platform=Platform.INSTAGRAM if instagram else Platform.FACEBOOK,
        author=author,
        text=opt_str(comment, "text" if instagram else "message"),
        created_at=created,
        url=opt_str(comment, "permalink_url") or opt_str(comment, "permalink"),
        kind=MentionKind.REPLY,
        in_reply_to_id=parent or object_id,
        thread_root_id=object_id,
        attachments=attachments_of(comment),
        meta=meta,
    )


def tag_mention(account_id: str, item: object) -> Mention:
    """A post by someone else that tags the brand's Instagram account (the ``tags`` edge):
    its caption is the text, its owner the author (hidden when Meta leaves ``username`` out)."""
    media = read_obj(item, "a tagged post")
    media_id = read_str(media, "id")
    username = opt_str(media, "username")
    author = Author(username, f"@{username}", username) if username else HIDDEN_IG
    return Mention(
        account_id=account_id,
        remote_id=media_id,
        platform=Platform.INSTAGRAM,
        author=author,
        text=opt_str(media, "caption"),
        created_at=read_time(media, "timestamp"),
        url=opt_str(media, "permalink"),
        kind=MentionKind.MENTION,
        thread_root_id=media_id,
        meta={CHANNEL: Channel.IG_TAG.value, "object_id": media_id},
    )


def time_of(item: object, key: str) -> datetime | None:
    """An item's time, or ``None`` if it has none that reads (the item is skipped later)."""
    try:
        return read_time(read_obj(item, "an item"), key)
    except BadPayload:
        return None
