"""The posts of the demo network and the factory that mints them with ids and links.

``DemoPost`` is the network's own record of a post (more than a ``Mention``: it knows whether
the brand wrote it, what it quotes, and the class the generator meant it as). ``DemoInbox`` is
the generated world; ``PostFactory`` gives every new post a unique, network-shaped address.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from adapters.demo import corpus
from adapters.demo.ids import address
from adapters.demo.people import Person, brand_author
from adapters.demo.voice import attachment_alts, bystander_post, content_warning
from adapters.records import Author, MentionKind, Platform, Visibility


@dataclass(frozen=True, slots=True)
class DemoPost:
    """A post as the demo network stores it.

    ``label`` is the class a mention was generated as ("" for other posts), kept for tests and
    triage benchmarks and never put in a ``Mention``. ``signer`` names who wrote a brand answer.
    """

    remote_id: str
    platform: Platform
    author: Author
    text: str
    created_at: datetime
    url: str
    is_brand: bool = False
    in_reply_to_id: str | None = None
    root_id: str | None = None
    quoted_id: str | None = None
    kind: MentionKind = MentionKind.MENTION
    visibility: Visibility = Visibility.PUBLIC
    content_warning: str = ""
    language: str = ""
    attachments: tuple[str, ...] = ()
    label: str = ""
    signer: str = ""
    hostile: str = ""


@dataclass(frozen=True, slots=True)
class DemoInbox:
    """The generated world: mentions per network (oldest first), every post by id, the brand's
    replies by the id they answer (oldest first), the authors, and the brand's announcements."""

    mentions: Mapping[Platform, tuple[DemoPost, ...]]
    posts: Mapping[str, DemoPost]
    brand_replies: Mapping[str, tuple[DemoPost, ...]]
    people: tuple[Person, ...]
    announcements: Mapping[Platform, tuple[DemoPost, ...]]
    # Posts that name the brand without tagging it, per network, oldest first (``heard.py``).
    heard: Mapping[Platform, tuple[DemoPost, ...]] = field(default_factory=dict)

    def parents(self, post: DemoPost) -> list[DemoPost]:
        """The posts ``post`` answers, root first; a quoted post counts as its parent."""
        chain: list[DemoPost] = []
        parent_id = post.in_reply_to_id or post.quoted_id
        while parent_id is not None and parent_id in self.posts:
            parent = self.posts[parent_id]
            chain.append(parent)
            parent_id = parent.in_reply_to_id or parent.quoted_id
        chain.reverse()
        return chain


class PostFactory:
    """Mints posts with unique addresses and keeps them by id while the world is generated."""

    def __init__(self) -> None:
        self.posts: dict[str, DemoPost] = {}
        self.answers: dict[str, list[DemoPost]] = {}
        self._serial = 0
        self._counters: dict[tuple[Platform, str], int] = {}

    def _address(
        self, platform: Platform, author: Author, when: datetime, prefix: str
    ) -> tuple[str, str]:
        self._serial += 1
        counter = self._counters.get((platform, prefix), 0) + 1
        self._counters[(platform, prefix)] = counter
        local_id = f"{prefix}-{counter:06d}"
        where = address(platform, author, when, local_id, self._serial)
        return where.remote_id, where.url

    def _keep(self, post: DemoPost) -> DemoPost:
        if post.remote_id in self.posts:  # a TID or id collision would merge two posts silently
            raise AssertionError(f"duplicate demo post id {post.remote_id}")
        self.posts[post.remote_id] = post
        return post

    def brand_post(
        self,
        platform: Platform,
        text: str,
        when: datetime,
        parent: DemoPost | None = None,
        chain: Sequence[DemoPost] = (),
    ) -> DemoPost:
        """A post by the brand: an announcement, or a reply inside a conversation."""
        author = brand_author(platform)
        remote_id, url = self._address(platform, author, when, "b")
        return self._keep(
            DemoPost(
                remote_id,
                platform,
                author,
                text,
                when,
                url,
                is_brand=True,
                in_reply_to_id=parent.remote_id if parent else None,
                root_id=chain[0].remote_id if chain else None,
            )
        )

    def bystander_post(
        self,
        platform: Platform,
        person: Person,
        rng: random.Random,
        when: datetime,
        parent: DemoPost | None,
        chain: Sequence[DemoPost],
    ) -> DemoPost:
        """Another customer's post in the conversation, not addressed to the brand."""
        remote_id, url = self._address(platform, person.author, when, "p")
        return self._keep(
            DemoPost(
                remote_id,
                platform,
                person.author,
                bystander_post(rng),
                when,
                url,
                in_reply_to_id=parent.remote_id if parent else None,
                root_id=chain[0].remote_id if chain else None,
                language="en",
            )
        )

    def mention(
        self,
        platform: Platform,
        author: Author,
        text: str,
        when: datetime,
        rng: random.Random,
        *,
        label: str,
        kind: MentionKind,
        language: str,
        parents: Sequence[DemoPost],
        quoted: DemoPost | None,
        hostile: str,
    ) -> DemoPost:
        """A post that reaches the brand, with its warnings, images and visibility drawn."""
        remote_id, url = self._address(platform, author, when, "m")
        return self._keep(
            DemoPost(
                remote_id,
                platform,
                author,
                text,
                when,
                url,
                in_reply_to_id=parents[-1].remote_id if parents else None,
                root_id=parents[0].remote_id if parents else None,
                quoted_id=quoted.remote_id if quoted else None,
                kind=kind,
                visibility=_visibility(rng, platform, kind),
                content_warning=_warning(rng, platform, label, hostile),
                language=language,
                attachments=_attachments(rng, label),
                label=label,
                hostile=hostile,
            )
        )

    def answer(self, mention: DemoPost, text: str, when: datetime, signer: str) -> DemoPost:
        """The brand's reply to ``mention``, written by ``signer``."""
        author = brand_author(mention.platform)
        remote_id, url = self._address(mention.platform, author, when, "b")
        post = self._keep(
            DemoPost(
                remote_id,
                mention.platform,
                author,
                text,
                when,
                url,
                is_brand=True,
                in_reply_to_id=mention.remote_id,
                root_id=mention.root_id or mention.remote_id,
                signer=signer,
            )
        )
        self.answers.setdefault(mention.remote_id, []).append(post)
        return post

    def depth(self, post: DemoPost) -> int:
        """How many posts deep ``post`` sits (a post with no parent is 1)."""
        depth, parent_id = 1, post.in_reply_to_id or post.quoted_id
        while parent_id is not None:
            depth += 1
            parent = self.posts[parent_id]
            parent_id = parent.in_reply_to_id or parent.quoted_id
        return depth

    def freeze(
        self,
        mentions: Sequence[DemoPost],
        people: tuple[Person, ...],
        announcements: Mapping[Platform, tuple[DemoPost, ...]],
        heard: Sequence[DemoPost] = (),
    ) -> DemoInbox:
        """The finished, read-only world."""
        by_platform = {
            platform: tuple(m for m in mentions if m.platform is platform) for platform in Platform
        }
        replies: dict[str, list[DemoPost]] = {}
        for post in sorted(self.posts.values(), key=lambda p: p.created_at):
            if post.is_brand and post.in_reply_to_id is not None:
                replies.setdefault(post.in_reply_to_id, []).append(post)
        return DemoInbox(
            mentions=by_platform,
            posts=dict(self.posts),
            brand_replies={rid: tuple(posts) for rid, posts in replies.items()},
            people=people,
            announcements=announcements,
            heard={p: tuple(h for h in heard if h.platform is p) for p in Platform},
        )


def _visibility(rng: random.Random, platform: Platform, kind: MentionKind) -> Visibility:
    if kind is MentionKind.DIRECT:
        return Visibility.DIRECT
    if platform is Platform.BLUESKY:
        return Visibility.PUBLIC  # Bluesky has no narrower audience
    roll = rng.random()
    return (
        Visibility.PUBLIC
        if roll < 0.85
        else Visibility.UNLISTED
        if roll < 0.95
        else Visibility.PRIVATE
    )


def _warning(rng: random.Random, platform: Platform, label: str, hostile: str) -> str:
    if hostile == "long_body":
        return "long rant"
    if platform is Platform.MASTODON and rng.random() < 0.08:
        return content_warning(rng, label)
    return ""


def _attachments(rng: random.Random, label: str) -> tuple[str, ...]:
    chance = 0.25 if label == corpus.OTHER else 0.1
    return attachment_alts(rng, label) if rng.random() < chance else ()
