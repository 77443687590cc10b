"""The query parameters ReplyDesk asks X for, and the mapping of posts to records.

The Tweet-era names are sent (``tweet.fields``, ``referenced_tweets.id``): the docs and spec 2.159
use them, and the 2022 recordings show the live API answering them; the parser reads both.
"""

from __future__ import annotations

from adapters.records import Author, Mention, MentionKind, Platform, ThreadPost, Visibility
from adapters.x.parse import DmEvent, Includes, Post

POST_FIELDS = ("tweet.fields", "created_at,author_id,conversation_id,referenced_tweets")
USER_FIELDS = ("user.fields", "username,name,description,public_metrics")
POST_EXPANSIONS = ("expansions", "author_id,referenced_tweets.id")
DM_FIELDS = ("dm_event.fields", "id,text,event_type,created_at,sender_id,dm_conversation_id")
DM_EXPANSIONS = ("expansions", "sender_id")
MESSAGES_ONLY = ("event_types", "MessageCreate")
PAGE = ("max_results", "100")  # mentions allow 5–100, DM events 1–100


def post_url(author: Author, remote_id: str) -> str:
    """The web address of a post (``/i/`` when the author's name is unknown)."""
    name = author.handle.lstrip("@") if author.handle.startswith("@") else "i"
    return f"https://x.com/{name}/status/{remote_id}"


def post_mention(account_id: str, brand_id: str, post: Post, includes: Includes) -> Mention:
    """A post of the mentions timeline as a ``Mention`` (the brand was summoned by it)."""
    author = includes.author(post.author_id)
    quoted = includes.posts.get(post.quoted) if post.quoted else None
    kind = MentionKind.MENTION
    if quoted is not None and quoted.author_id == brand_id:
        kind = MentionKind.QUOTE
    elif post.replied_to:
        parent = includes.posts.get(post.replied_to)
        if parent is not None and parent.author_id == brand_id:
            kind = MentionKind.REPLY
    return Mention(
        account_id=account_id,
        remote_id=post.remote_id,
        platform=Platform.X,
        author=author,
        text=post.text,
        created_at=post.created_at,
        url=post_url(author, post.remote_id),
        kind=kind,
        in_reply_to_id=post.replied_to or None,
        thread_root_id=post.conversation_id or None,
        meta={"conversation_id": post.conversation_id, "summoned": "1"},
    )


def dm_mention(account_id: str, event: DmEvent, includes: Includes) -> Mention:
    """A direct message to the brand as a ``Mention`` (answered in the same conversation)."""
    return Mention(
        account_id=account_id,
        remote_id=event.remote_id,
        platform=Platform.X,
        author=includes.author(event.sender_id),
        text=event.text,
        created_at=event.created_at,
        kind=MentionKind.DIRECT,
        visibility=Visibility.DIRECT,
        thread_root_id=event.conversation_id or None,
        meta={"dm_conversation_id": event.conversation_id, "sender_id": event.sender_id},
    )


def thread_post(post: Post, includes: Includes, brand: Author) -> ThreadPost:
    """A post of a conversation; the brand's own posts are marked."""
    is_brand = post.author_id == brand.remote_id
    return ThreadPost(
        remote_id=post.remote_id,
        author=brand if is_brand else includes.author(post.author_id),
        text=post.text,
        created_at=post.created_at,
        is_brand=is_brand,
        in_reply_to_id=post.replied_to or None,
    )
