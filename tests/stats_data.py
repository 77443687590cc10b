"""A small hand-built store whose every figure is worked out by hand in tests/test_stats.py.

Now is ``FROZEN`` (Fri 2026-11-20 15:00 UTC); the default SLA targets (complaint 1 h,
question 4 h, praise 24 h, other 48 h); one Mastodon account "acct" and one Bluesky "sky".
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from adapters.records import Author, Mention, Platform
from store import MentionState, Store, open_store
from store.mentions import TriageFields
from tests.conftest import FROZEN, FakeClock
from triage import MentionClass, default_sla_policy, due

H = timedelta(hours=1)


def add(
    store: Store,
    key: str,
    cls: str,
    posted: datetime,
    answered: datetime | None = None,
    *,
    author: str = "",
    platform: Platform = Platform.MASTODON,
) -> int:
    """One mention of ``cls`` posted at ``posted``, answered (elsewhere) at ``answered``."""
    account = "acct" if platform is Platform.MASTODON else "sky"
    who = author or f"u-{key}"
    record = Mention(
        account_id=account,
        remote_id=key,
        platform=platform,
        author=Author(who, f"@{who}", who.title(), 5),
        text=f"text of {key}",
        created_at=posted,
        answered_at=answered,
        answered_by="team" if answered else "",
    )
    deadline = due(posted, MentionClass(cls), platform, default_sla_policy())
    fields = TriageFields(cls, 0.0, (), deadline.rule, deadline.due_at, 10.0, deadline.at_risk_at)
    return store.upsert_mentions([(record, fields)])[0]


def known_store(path: Path, clock: FakeClock) -> Store:
    """The dataset the expected figures in tests/test_stats.py are worked out from."""
    store = open_store(path, clock)
    now = FROZEN
    add(store, "c1", "complaint", now - 10 * H, now - 10 * H + 0.5 * H)  # 30 min: met
    add(store, "c2", "complaint", now - 20 * H, now - 18 * H)  # 2 h: late
    add(store, "c3", "complaint", now - 5 * H)  # waiting, past due
    add(store, "c4", "complaint", now - 0.5 * H)  # waiting, not yet due
    add(store, "c5", "complaint", now - 72 * H, now - 72 * H - timedelta(minutes=10))  # skew
    add(store, "q1", "question", now - 48 * H, now - 47 * H, platform=Platform.BLUESKY)
    q2 = add(store, "q2", "question", now - 24 * H)
    store.set_state(q2, MentionState.DONE)  # closed without a reply
    add(store, "p1", "praise", now - 96 * H, now - 91 * H, author="fan")  # 5 h: met
    add(store, "p2", "praise", now - 144 * H, author="fan")  # waiting, 5 d past due
    add(store, "s1", "spam", now - 24 * H)
    o1 = add(store, "o1", "other", now - 2 * H)
    store.set_state(o1, MentionState.SPAM)  # marked spam by hand
    add(store, "old", "complaint", now - 240 * H, now - 239 * H)  # before the period
    gone = add(store, "g1", "complaint", now - 3 * H)
    store.mark_gone(gone, "deleted")
    return store
