"""A seeded, generated store for the Stats figures: thousands of mentions over three accounts,
four networks, every state, clock skew, labels and assignees, written with one
``executemany`` (as ``bench/stats_perf.py`` does). Its figures are recorded in
``tests/fixtures/stats/seeded.json``, so a faster query must give the very same numbers."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from pathlib import Path

from store import Store, open_store
from store.timefmt import to_db
from tests.conftest import FROZEN, FakeClock

SLA_HOURS = {"complaint": 1, "question": 4, "praise": 24, "other": 48}
ACCOUNTS = (("brand", "mastodon"), ("brand", "bluesky"), ("page", "facebook"), ("gram", "x"))
STATES = ("new", "open", "snoozed", "done", "spam")
TEAM = ("", "", "sam", "kim")
LABELS = ("", "", " billing ", " billing vip ", " shipping ")
COLUMNS = (
    "account_id, remote_id, platform, author_id, author_handle, author_name, text, created_at, "
    "kind, visibility, cls, due_at, state, answered_at, rank_group, first_seen_at, updated_at, "
    "gone, assignee, labels"
)


def _row(rng: random.Random, i: int, now: datetime) -> tuple[object, ...]:
    cls = rng.choices(("complaint", "question", "praise", "other", "spam"), (25, 25, 20, 20, 10))[0]
    account, platform = rng.choice(ACCOUNTS)
    created = now - timedelta(seconds=rng.uniform(0, 40 * 86400))
    due = None if cls == "spam" else created + timedelta(hours=SLA_HOURS[cls])
    answered = None
    if cls != "spam" and rng.random() < 0.7:
        # Mostly within hours, a few stamped before the mention (clock skew).
        answered = created + timedelta(seconds=rng.expovariate(1 / 5400) - 120)
        answered = answered if answered < now else None
    state = "done" if answered else rng.choice(STATES)
    author = f"a{rng.randrange(60)}"
    return (
        account,
        f"m{i}",
        platform,
        author,
        f"@{author}",
        author.upper(),
        "text",
        to_db(created),
        "mention",
        "public",
        cls,
        None if due is None else to_db(due),
        state,
        None if answered is None else to_db(answered),
        0 if cls == "spam" or state == "spam" else 1,
        to_db(created),
        to_db(created),
        int(rng.random() < 0.02),
        rng.choice(TEAM),
        rng.choice(LABELS),
    )


def seeded_store(path: Path, clock: FakeClock, n: int = 4000) -> Store:
    """``n`` mentions over the 40 days before ``FROZEN`` (seed 20)."""
    rng = random.Random(20)
    store = open_store(path, clock)
    marks = ", ".join("?" * len(COLUMNS.split(",")))
    with store.tx() as conn:
        conn.executemany(
            f"INSERT INTO mentions ({COLUMNS}) VALUES ({marks})",
            [_row(rng, i, FROZEN) for i in range(n)],
        )
    return store
