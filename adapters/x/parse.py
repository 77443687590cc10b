"""Reading X API v2 bodies into typed values: posts, users, DM events.

Both field spellings are read: the Tweet-era ``referenced_tweets`` (2022 recordings, spec 2.159,
the docs) and the newer ``referenced_posts`` (spec 2.167). Ids stay strings end to end (a
JSON number is turned into its exact digits, never through float). Unknown fields are ignored.
Text comes HTML-escaped (``&amp;``) and is unescaped here. A post without ``created_at`` (not
requested) gets the time its Snowflake id encodes.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from adapters.errors import BadPayload
from adapters.payload import JsonObject as JsonObject
from adapters.payload import read_list as read_list
from adapters.payload import read_obj as read_obj
from adapters.records import Author

TWITTER_EPOCH_MS = 1288834974657  # Snowflake ids count milliseconds from here (bits 22+)


def read_id(obj: Mapping[str, object], key: str) -> str:
    """An id field as its exact digits ("" if absent); a float or anything else is refused."""
    value = obj.get(key)
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise BadPayload(f"'{key}' is not an id")


def read_text(obj: Mapping[str, object], key: str) -> str:
    """A text field ("" if absent), HTML entities unescaped as X escapes them."""
    value = obj.get(key)
    return html.unescape(value) if isinstance(value, str) else ""


def snowflake_time(remote_id: str) -> datetime | None:
    """The creation time a Snowflake id encodes (``None`` for an id that is not one)."""
    if not remote_id.isdigit():
        return None
    millis = (int(remote_id) >> 22) + TWITTER_EPOCH_MS
    return datetime.fromtimestamp(millis / 1000, UTC)


def read_time(obj: Mapping[str, object], key: str, remote_id: str) -> datetime:
    """``created_at`` (ISO 8601, ``…000Z``), else the id's Snowflake time."""
    value = obj.get(key)
    if isinstance(value, str) and value:
        try:
            when = datetime.fromisoformat(value)
        except ValueError as exc:
            raise BadPayload(f"'{key}' is not a date") from exc
        return (when if when.tzinfo else when.replace(tzinfo=UTC)).astimezone(UTC)
    fallback = snowflake_time(remote_id)
    if fallback is None:
        raise BadPayload(f"'{key}' is missing and the id {remote_id!r} tells no time")
    return fallback


@dataclass(frozen=True, slots=True)
class Post:
    """One post as X describes it (text unescaped)."""

    remote_id: str
    text: str
    created_at: datetime
    author_id: str = ""
    conversation_id: str = ""
    replied_to: str = ""
    quoted: str = ""


def read_post(value: object) -> Post:
    """A post object of ``data`` or ``includes.tweets``/``includes.posts``."""
    obj = read_obj(value, "a post")
    remote_id = read_id(obj, "id")
    if not remote_id:
        raise BadPayload("a post has no id")
    refs: dict[str, str] = {}
    for ref in read_list(obj, "referenced_tweets") or read_list(obj, "referenced_posts"):
        if isinstance(ref, dict) and isinstance(ref.get("type"), str):
            refs.setdefault(str(ref["type"]), read_id(ref, "id"))
    return Post(
        remote_id=remote_id,
        text=read_text(obj, "text"),
        created_at=read_time(obj, "created_at", remote_id),
        author_id=read_id(obj, "author_id"),
        conversation_id=read_id(obj, "conversation_id"),
        replied_to=refs.get("replied_to", ""),
        quoted=refs.get("quoted", ""),
    )


def read_author(value: object) -> Author:
    """A user object of ``includes.users`` as an ``Author``."""
    obj = read_obj(value, "a user")
    username = read_text(obj, "username")
    metrics = obj.get("public_metrics")
    followers = metrics.get("followers_count") if isinstance(metrics, dict) else None
    return Author(
        remote_id=read_id(obj, "id"),
        handle=f"@{username}" if username else read_id(obj, "id"),
        display_name=read_text(obj, "name"),
        followers=followers if isinstance(followers, int) and followers >= 0 else 0,
        bio=read_text(obj, "description"),
        url=f"https://x.com/{username}" if username else "",
    )


@dataclass(frozen=True, slots=True)
class Includes:
    """A page's ``includes``: users and referenced posts by id."""

    users: Mapping[str, Author]
    posts: Mapping[str, Post]

    def author(self, author_id: str) -> Author:
        """The user ``author_id``; one missing from ``includes`` is shown by its id only."""
        known = self.users.get(author_id)
        return known or Author(remote_id=author_id, handle=author_id or "unknown")


def read_includes(body: Mapping[str, object]) -> Includes:
    """The ``includes`` of a page (absent: empty); unreadable items are left out."""
    raw = body.get("includes")
    includes = raw if isinstance(raw, dict) else {}
    users: dict[str, Author] = {}
    for item in read_list(includes, "users"):
        try:
            author = read_author(item)
        except BadPayload:
            continue
        users[author.remote_id] = author
    posts: dict[str, Post] = {}
    for item in read_list(includes, "tweets") + read_list(includes, "posts"):
        try:
            post = read_post(item)
        except BadPayload:
            continue
        posts[post.remote_id] = post
    return Includes(users, posts)


@dataclass(frozen=True, slots=True)
class DmEvent:
    """One ``MessageCreate`` DM event."""

    remote_id: str
    text: str
    created_at: datetime
    sender_id: str
    conversation_id: str


def read_dm(value: object) -> DmEvent | None:
    """A DM event; ``None`` for events that are not messages (joins, leaves)."""
    obj = read_obj(value, "a DM event")
    kind = obj.get("event_type")
    if kind is not None and kind != "MessageCreate":
        return None
    remote_id = read_id(obj, "id")
    if not remote_id:
        raise BadPayload("a DM event has no id")
    return DmEvent(
        remote_id=remote_id,
        text=read_text(obj, "text"),
        created_at=read_time(obj, "created_at", remote_id),
        sender_id=read_id(obj, "sender_id"),
        conversation_id=read_id(obj, "dm_conversation_id"),
    )


def meta_token(body: Mapping[str, object], key: str) -> str:
    """A ``meta`` field such as ``next_token`` or ``newest_id`` ("" when absent)."""
    meta = body.get("meta")
    return read_id(meta, key) if isinstance(meta, dict) else ""
