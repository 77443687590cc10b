"""Bluesky JSON → ReplyDesk records: notifications into mentions, threads into thread posts.

Everything here is untrusted network data. A malformed item becomes ``Skipped`` with a reason
(or, inside a thread, a post shown as written without its bad parts); it never raises
anything but ``BadPayload`` for a page or thread that is unreadable as a whole.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from adapters.bluesky.text import is_web_url, render
from adapters.records import Author, Mention, MentionKind, Platform, PostState, Skipped, ThreadPost

log = logging.getLogger(__name__)

POST_COLLECTION = "app.bsky.feed.post"
KEPT_REASONS: Mapping[str, MentionKind] = {
    "mention": MentionKind.MENTION,
    "reply": MentionKind.REPLY,
    "quote": MentionKind.QUOTE,
}
UNKNOWN_EMBED = "[an attachment ReplyDesk cannot show]"
_LANGUAGE_RE = re.compile(r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8})*$")


class Malformed(Exception):
    """An item that cannot become a record; the message is the reason logged and shown."""


@dataclass(frozen=True, slots=True)
class PostBody:
    """A post record's readable parts: text (links spelled out, quote/link embeds appended)
    and its media as attachment descriptions."""

    text: str
    attachments: tuple[str, ...]


def is_language_tag(value: object) -> bool:
    """Whether ``value`` looks like a BCP 47 language tag ("en", "pt-BR", "zh-Hant")."""
    return isinstance(value, str) and _LANGUAGE_RE.match(value) is not None


def parse_datetime(value: object) -> datetime | None:
    """An ISO 8601 datetime with a timezone, or ``None`` (naive or unreadable)."""
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None


def parse_at_uri(uri: object) -> tuple[str, str, str] | None:
    """``(authority, collection, rkey)`` of a record AT-URI, or ``None``."""
    if not isinstance(uri, str) or not uri.startswith("at://"):
        return None
    parts = uri[len("at://") :].split("/")
    if len(parts) != 3 or not all(parts):
        return None
    return parts[0], parts[1], parts[2]


def post_url(uri: str) -> str:
    """The bsky.app address of a post AT-URI ("" when it is not one)."""
    parsed = parse_at_uri(uri)
    if parsed is None or parsed[1] != POST_COLLECTION:
        return ""
    return f"https://bsky.app/profile/{parsed[0]}/post/{parsed[2]}"


def parse_author(value: object) -> Author:
    """An ``Author`` from a profile view; ``Malformed`` without a did and handle."""
    if not isinstance(value, dict):
        raise Malformed("author is missing")
    did, handle = value.get("did"), value.get("handle")
    if not (isinstance(did, str) and did.startswith("did:") and isinstance(handle, str)):
        raise Malformed("author has no did or handle")
    return Author(
        remote_id=did,
        handle=handle,
        display_name=_str(value.get("displayName")),
        bio=_str(value.get("description")),
        url=f"https://bsky.app/profile/{did}",
    )


def post_body(record: dict[str, Any], where: str) -> PostBody:
    """The readable parts of a post ``record``; ``Malformed`` if it has no text at all."""
    text = record.get("text")
    if not isinstance(text, str):
        raise Malformed("post has no text")
    rich = render(text, record.get("facets"))
    if rich.dropped:
        log.info("%s: ignored %d malformed facet(s)", where, rich.dropped)
    lines, attachments = _embed(record.get("embed"))
    return PostBody("\n".join([rich.text, *lines]).strip("\n"), tuple(attachments))


def strong_ref(value: object) -> tuple[str, str] | None:
    """``(uri, cid)`` of a ``com.atproto.repo.strongRef``, or ``None``."""
    if not isinstance(value, dict):
        return None
    uri, cid = value.get("uri"), value.get("cid")
    if parse_at_uri(uri) is None or not isinstance(cid, str) or not cid:
        return None
    return str(uri), cid


def reply_refs(record: dict[str, Any]) -> tuple[tuple[str, str], tuple[str, str]] | None:
    """``(root, parent)`` strong refs of a reply; ``None`` for a top-level post."""
    reply = record.get("reply")
    if reply is None:
        return None
    root = strong_ref(reply.get("root")) if isinstance(reply, dict) else None
    parent = strong_ref(reply.get("parent")) if isinstance(reply, dict) else None
    if root is None or parent is None:
        # Answering would attach our reply to the wrong conversation: never guess.
        raise Malformed("reply reference is malformed")
    return root, parent


def notification_to_mention(item: object, account_id: str) -> Mention | Skipped | None:
    """One notification as a ``Mention``, ``Skipped`` if unreadable, ``None`` if not kept."""
    if not isinstance(item, dict):
        return Skipped("", "notification is not an object")
    reason = item.get("reason")
    if not isinstance(reason, str) or reason not in KEPT_REASONS:
        return None
    uri = item.get("uri")
    remote_id = uri if isinstance(uri, str) else ""
    try:
        return _mention(item, remote_id, KEPT_REASONS[reason], account_id)
    except Malformed as exc:
        log.info("skipped Bluesky notification %s: %s", remote_id, exc)
        return Skipped(remote_id, str(exc))


def post_to_mention(item: object, account_id: str) -> Mention | Skipped:
    """A post view (a search result) as a ``Mention``, ``Skipped`` if unreadable."""
    if not isinstance(item, dict):
        return Skipped("", "post is not an object")
    uri = item.get("uri")
    remote_id = uri if isinstance(uri, str) else ""
    try:
        return _mention(item, remote_id, MentionKind.MENTION, account_id)
    except Malformed as exc:
        log.info("skipped Bluesky post %s: %s", remote_id, exc)
        return Skipped(remote_id, str(exc))


def thread_posts(
    thread: object, brand_did: str, max_parents: int, focus_time: datetime
) -> tuple[ThreadPost, ...]:
    """Parents (oldest first), the focus, then the brand's direct replies to the focus.

    ``focus_time`` dates the focus when the network says only that it is gone or blocked.
    """
    focus = _node(thread, focus_time, brand_did)
    if focus is None:
        raise Malformed("thread has no readable post")
    focus = replace(focus, is_focus=True)
    parents: list[ThreadPost] = []
    node = thread.get("parent") if isinstance(thread, dict) else None
    later = focus.created_at
    while isinstance(node, dict) and len(parents) < max_parents:
        post = _node(node, later, brand_did)
        if post is None:
            break  # an unreadable ancestor ends the visible chain
        parents.append(post)
        later = post.created_at
        node = node.get("parent") if post.state is PostState.OK else None
    replies = thread.get("replies") if isinstance(thread, dict) else None
    brand = [
        post
        for reply in (replies if isinstance(replies, list) else [])
        if (post := _node(reply, focus.created_at, brand_did)) is not None
        and post.is_brand
        and post.in_reply_to_id == focus.remote_id
    ]
    brand.sort(key=lambda post: post.created_at)
    return (*reversed(parents), focus, *brand)


def _mention(item: dict[str, Any], uri: str, kind: MentionKind, account_id: str) -> Mention:
    if parse_at_uri(uri) is None:
        raise Malformed("notification has no post address")
    cid = item.get("cid")
    record = item.get("record")
    if not isinstance(cid, str) or not cid or not isinstance(record, dict):
        raise Malformed("notification has no post record")
    if record.get("$type", POST_COLLECTION) != POST_COLLECTION:
        raise Malformed("notification record is not a post")
    author = parse_author(item.get("author"))
    body = post_body(record, uri)
    created = _post_time(record, item.get("indexedAt"))
    refs = reply_refs(record)
    root, parent = refs if refs is not None else ((uri, cid), None)
    meta = {"cid": cid, "root_uri": root[0], "root_cid": root[1], "author_did": author.remote_id}
    if parent is not None:
        meta |= {"parent_uri": parent[0], "parent_cid": parent[1]}
    langs = record.get("langs")
    language = langs[0] if isinstance(langs, list) and langs else ""
    return Mention(
        account_id=account_id,
        remote_id=uri,
        platform=Platform.BLUESKY,
        author=author,
        text=body.text,
        created_at=created,
        url=post_url(uri),
        kind=kind,
        in_reply_to_id=parent[0] if parent else None,
        thread_root_id=root[0] if parent else None,
        language=language if is_language_tag(language) else "",
        attachments=body.attachments,
        meta=meta,
    )


def _post_time(record: dict[str, Any], indexed_at: object) -> datetime:
    # createdAt is client-declared (can be far in the future); like the AppView, sort by the
    # earlier of it and the time the network indexed the post.
    times = [t for t in (parse_datetime(record.get("createdAt")), parse_datetime(indexed_at)) if t]
    if not times:
        raise Malformed("post has no readable time")
    return min(times)


def _node(node: object, later: datetime, brand_did: str) -> ThreadPost | None:
    """A thread node as a post; deleted/blocked ones take ``later`` (the time of the post
    below them) since the network does not say when they were written."""
    if not isinstance(node, dict):
        return None
    uri = node.get("uri")
    if isinstance(uri, str):
        if node.get("notFound") is True:
            return ThreadPost(uri, Author("", ""), "", later, state=PostState.NOT_FOUND)
        if node.get("blocked") is True:
            author = node.get("author")
            did = _str(author.get("did")) if isinstance(author, dict) else ""
            return ThreadPost(uri, Author(did, ""), "", later, state=PostState.BLOCKED)
    view = node.get("post")
    if not isinstance(view, dict) or not isinstance(view.get("record"), dict):
        return None
    post_uri = view.get("uri")
    try:
        if parse_at_uri(post_uri) is None:
            raise Malformed("post has no address")
        author = parse_author(view.get("author"))
        record = view["record"]
        body = post_body(record, str(post_uri))
        created = _post_time(record, view.get("indexedAt"))
        refs = reply_refs(record)
    except Malformed as exc:
        log.info("unreadable Bluesky thread post %s: %s", post_uri, exc)
        return None
    text = "\n".join([body.text, *(f"[{a}]" for a in body.attachments)]).strip("\n")
    return ThreadPost(
        remote_id=str(post_uri),
        author=author,
        text=text,
        created_at=created,
        is_brand=author.remote_id == brand_did,
        in_reply_to_id=refs[1][0] if refs else None,
    )


def _embed(embed: object) -> tuple[list[str], list[str]]:
    """Text lines (links, quotes) and attachment descriptions (media) of a record embed."""
    if embed is None:
        return [], []
    kind = embed.get("$type") if isinstance(embed, dict) else None
    if not isinstance(embed, dict) or not isinstance(kind, str):
        return [UNKNOWN_EMBED], []
    if kind == "app.bsky.embed.images":
        images = embed.get("images")
        items = images if isinstance(images, list) else []
        return [], [_described("image", image) for image in items if isinstance(image, dict)]
    if kind == "app.bsky.embed.video":
        return [], [_described("video", embed)]
    if kind == "app.bsky.embed.external":
        return _external(embed.get("external")), []
    if kind == "app.bsky.embed.record":
        return _quoted(embed.get("record")), []
    if kind == "app.bsky.embed.recordWithMedia":
        lines, attachments = _embed(embed.get("media"))
        record = embed.get("record")
        quoted = _quoted(record.get("record")) if isinstance(record, dict) else [UNKNOWN_EMBED]
        return lines + quoted, attachments
    return [UNKNOWN_EMBED], []


def _described(kind: str, media: dict[str, Any]) -> str:
    alt = _str(media.get("alt")).strip()
    return f"{kind}: {alt}" if alt else f"{kind} (no description)"


def _external(external: object) -> list[str]:
    if not isinstance(external, dict):
        return [UNKNOWN_EMBED]
    uri = _str(external.get("uri"))
    if not is_web_url(uri):
        return [UNKNOWN_EMBED]  # never show a link target that is not a plain web address
    title = _str(external.get("title")).strip()
    return [f"[link: {title} — {uri}]" if title else f"[link: {uri}]"]


def _quoted(ref: object) -> list[str]:
    uri = ref.get("uri") if isinstance(ref, dict) else None
    if parse_at_uri(uri) is None:
        return [UNKNOWN_EMBED]
    url = post_url(str(uri))
    return [f"[quotes {url}]" if url else f"[embeds {uri}]"]


def _str(value: object) -> str:
    return value if isinstance(value, str) else ""
