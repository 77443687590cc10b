"""What every network is normalized into.

Adapters return these frozen records, never raw JSON; the store takes and returns them. Times
are timezone-aware UTC ``datetime``s. Remote ids are opaque strings: never compare them as
numbers (GoToSocial uses ULIDs, Bluesky AT-URIs).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from types import MappingProxyType

EMPTY_META: Mapping[str, str] = MappingProxyType({})


class Platform(StrEnum):
    """The rule set a network follows for length counting and addressing."""

    MASTODON = "mastodon"
    BLUESKY = "bluesky"
    THREADS = "threads"
    X = "x"
    FACEBOOK = "facebook"  # Page comments and Messenger
    INSTAGRAM = "instagram"  # comments and DMs of a Page's linked business account


class MentionKind(StrEnum):
    """How the brand was reached."""

    MENTION = "mention"
    REPLY = "reply"
    QUOTE = "quote"
    DIRECT = "direct"


class Visibility(StrEnum):
    """Who can see a post, widest first (Mastodon's scale; Bluesky is always public)."""

    PUBLIC = "public"
    UNLISTED = "unlisted"
    PRIVATE = "private"
    DIRECT = "direct"


@dataclass(frozen=True, slots=True)
class Account:
    """One brand account on one network.

    ``id`` is the local, stable key ("demo:mastodon", "mastodon:@brand@example.social").
    ``network`` names the adapter ("demo", "mastodon", "bluesky"); ``server`` its base URL.
    """

    id: str
    network: str
    handle: str
    display_name: str = ""
    server: str = ""

    @property
    def at_handle(self) -> str:
        """How a person knows the account, ``@brand.test`` or ``@brand@social.example``; the
        internal ``id`` only when no handle is known (ids are for scripts and ``--json``)."""
        handle = self.handle.strip().lstrip("@")
        return f"@{handle}" if handle else self.id


@dataclass(frozen=True, slots=True)
class Author:
    """The person behind a post, as the network describes them (all text untrusted)."""

    remote_id: str
    handle: str
    display_name: str = ""
    followers: int = 0
    bio: str = ""
    url: str = ""


@dataclass(frozen=True, slots=True)
class Mention:
    """A post that reached the brand and may need an answer.

    ``meta`` carries network-specific facts the adapter needs again to reply (e.g. Bluesky's
    root/parent strong refs); it is stored as JSON and never shown.
    ``answered_at`` is set when the brand already replied elsewhere (web, phone, teammate).
    ``found_by`` is the watch term whose search brought in a post that did not address the
    brand (an *indirect* mention); empty for a post that tagged or answered the brand.
    """

    account_id: str
    remote_id: str
    platform: Platform
    author: Author
    text: str
    created_at: datetime
    url: str = ""
    kind: MentionKind = MentionKind.MENTION
    visibility: Visibility = Visibility.PUBLIC
    in_reply_to_id: str | None = None
    thread_root_id: str | None = None
    content_warning: str = ""
    language: str = ""
    attachments: tuple[str, ...] = ()
    answered_at: datetime | None = None
    answered_by: str = ""
    meta: Mapping[str, str] = field(default_factory=lambda: EMPTY_META, compare=False)
    found_by: str = ""

    @property
    def is_indirect(self) -> bool:
        """Found by a watch term's search: the author did not address the brand."""
        return bool(self.found_by)


class PostState(StrEnum):
    """Whether a thread post could be read."""

    OK = "ok"
    NOT_FOUND = "not_found"
    BLOCKED = "blocked"


@dataclass(frozen=True, slots=True)
class ThreadPost:
    """One post of the conversation around a mention, oldest first.

    ``is_brand`` marks the brand's own posts (earlier replies); ``is_focus`` the mention itself.
    """

    remote_id: str
    author: Author
    text: str
    created_at: datetime
    is_brand: bool = False
    is_focus: bool = False
    state: PostState = PostState.OK
    in_reply_to_id: str | None = None


@dataclass(frozen=True, slots=True)
class OutgoingReply:
    """A reply the person approved, as the adapter needs it to post it."""

    account_id: str
    mention: Mention
    text: str
    visibility: Visibility = Visibility.PUBLIC
    content_warning: str = ""
    # What ``Preparing.prepare`` made for this reply (a Threads container), once stored.
    network_ref: str = ""


@dataclass(frozen=True, slots=True)
class SentReply:
    """The network's record of a posted reply."""

    remote_id: str
    in_reply_to_id: str
    text: str
    created_at: datetime
    url: str = ""


@dataclass(frozen=True, slots=True)
class Skipped:
    """An item of a page that could not be read; the rest of the page is kept."""

    remote_id: str
    reason: str


@dataclass(frozen=True, slots=True)
class PullBatch:
    """One page of new mentions.

    ``cursor`` is opaque and is saved only after the mentions are committed; ``more`` says
    another page is ready now (pull again at once), ``skipped`` lists unreadable items.
    """

    mentions: tuple[Mention, ...]
    cursor: str | None
    more: bool = False
    skipped: tuple[Skipped, ...] = ()


@dataclass(frozen=True, slots=True)
class SearchBatch:
    """What one search for one watch term brought: posts as mentions (``found_by`` set).

    ``cursor`` (opaque) resumes the search where it stopped and is saved only after the
    mentions are committed; ``more`` says another page is ready now; ``notice`` is what the
    network could not do for this term, said to the person ("this server offers no full-text
    search: only hashtags are watched"); ``excluded`` counts the posts an exclusion kept out
    (the queue's summary row says how many were held back); ``reads`` the posts the network
    billed for (X bills each post read: the sync keeps a month's reads under the config's cap).
    """

    mentions: tuple[Mention, ...]
    cursor: str | None
    more: bool = False
    skipped: tuple[Skipped, ...] = ()
    notice: str = ""
    excluded: int = 0
    reads: int = 0


@dataclass(frozen=True, slots=True)
class Limits:
    """How the network measures a post (fed to the persona checker's length rule).

    ``max_chars`` counts grapheme clusters with every URL as ``url_chars`` (Mastodon), X's
    weighted characters (``adapters.x.text``), or graphemes with every emoji as its UTF-8 bytes
    (Threads); ``max_graphemes`` and ``max_bytes`` are Bluesky's two limits; ``max_links`` the
    most links a post may hold (Threads). ``None`` means no such limit.
    """

    platform: Platform
    max_chars: int | None = None
    url_chars: int | None = None
    max_graphemes: int | None = None
    max_bytes: int | None = None
    max_links: int | None = None


MASTODON_DEFAULT_LIMITS = Limits(Platform.MASTODON, max_chars=500, url_chars=23)
BLUESKY_LIMITS = Limits(Platform.BLUESKY, max_graphemes=300, max_bytes=3000)
THREADS_LIMITS = Limits(Platform.THREADS, max_chars=500, max_links=5)
X_LIMITS = Limits(Platform.X, max_chars=280, url_chars=23)
# Meta documents no comment maximum; these are the caps schedulers apply (unverified).
FACEBOOK_LIMITS = Limits(Platform.FACEBOOK, max_graphemes=8000)
INSTAGRAM_LIMITS = Limits(Platform.INSTAGRAM, max_graphemes=2200)
_DEFAULT_LIMITS = {
    Platform.MASTODON: MASTODON_DEFAULT_LIMITS,
    Platform.BLUESKY: BLUESKY_LIMITS,
    Platform.THREADS: THREADS_LIMITS,
    Platform.X: X_LIMITS,
    Platform.FACEBOOK: FACEBOOK_LIMITS,
    Platform.INSTAGRAM: INSTAGRAM_LIMITS,
}


def default_limits(platform: Platform) -> Limits:
    """The documented default limits of a platform, before the server says otherwise."""
    return _DEFAULT_LIMITS[platform]
