"""The demo network's endless live stream: mention ``k`` arrives at anchor + (k + 1) * interval.

Each live mention is generated on its own from ``random.Random("fernbrook-live:<seed>:<k>")``
(string seeds are hashed with SHA-512, not Python's salted ``hash()``), so any one of them can be
rebuilt from its number alone, in any process, without generating the ones before it.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from adapters.demo import corpus
from adapters.demo.ids import bluesky_time, brand_tag, live_address, mastodon_live_index
from adapters.demo.posts import DemoInbox, DemoPost
from adapters.demo.voice import attachment_alts
from adapters.records import MentionKind, Platform, Visibility

LIVE_MASTODON_SHARE = 0.6


def _rng(seed: int, k: int) -> random.Random:
    return random.Random(f"fernbrook-live:{seed}:{k}")


def live_time(anchor: datetime, interval: timedelta, k: int) -> datetime:
    """When live mention ``k`` arrives."""
    return anchor + (k + 1) * interval


def live_platform(seed: int, k: int) -> Platform:
    """Which network live mention ``k`` arrives on (cheap: the first draw of its generator)."""
    return Platform.MASTODON if _rng(seed, k).random() < LIVE_MASTODON_SHARE else Platform.BLUESKY


def live_post(
    inbox: DemoInbox, seed: int, anchor: datetime, interval: timedelta, k: int
) -> DemoPost:
    """Live mention ``k``, by one of the inbox's authors, sometimes answering an announcement."""
    rng = _rng(seed, k)
    platform = Platform.MASTODON if rng.random() < LIVE_MASTODON_SHARE else Platform.BLUESKY
    label = rng.choices(corpus.CLASSES, weights=[corpus.CLASS_MIX[c] for c in corpus.CLASSES])[0]
    spam = label == corpus.SPAM
    pool = [p for p in inbox.people if p.platform is platform and p.spammer == spam]
    person = rng.choice(pool)
    when = live_time(anchor, interval, k)
    limit = 500 if platform is Platform.MASTODON else 300
    for _ in range(5):
        text = corpus.compose(rng, label, brand_tag(platform))
        if len(text) <= limit:
            break
    roll = rng.random()
    parent = inbox.announcements[platform][-1] if roll < 0.15 and not spam else None
    direct = platform is Platform.MASTODON and parent is None and 0.15 <= roll < 0.2
    kind = MentionKind.REPLY if parent else MentionKind.DIRECT if direct else MentionKind.MENTION
    where = live_address(platform, person.author, when, k)
    with_images = label != corpus.SPAM and rng.random() < 0.12
    return DemoPost(
        where.remote_id,
        platform,
        person.author,
        text,
        when,
        where.url,
        in_reply_to_id=parent.remote_id if parent else None,
        root_id=parent.remote_id if parent else None,
        kind=kind,
        visibility=Visibility.DIRECT if direct else Visibility.PUBLIC,
        language="en",
        attachments=attachment_alts(rng, label) if with_images else (),
        label=label,
    )


def live_index(
    platform: Platform, remote_id: str, anchor: datetime, interval: timedelta
) -> int | None:
    """The ``k`` a live mention id can only belong to, or ``None`` (the caller still checks the
    id against ``live_post(k)``, since a lookalike id may name no post)."""
    if platform is Platform.MASTODON:
        return mastodon_live_index(remote_id)
    when = bluesky_time(remote_id)
    if when is None or when <= anchor:
        return None
    slots, rest = divmod(when - anchor, interval)
    return slots - 1 if rest == timedelta(0) else None
