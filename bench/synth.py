"""Synthetic stores of 10 000, 100 000 and 1 000 000 mentions, built once and cached.

    python -m bench.synth [SIZE ...]      (``make bench`` builds what it needs)

The text model is the demo network's (``adapters.demo.corpus.compose``: the same class mix,
fragments, typos and shouting). Composing and classifying a million texts would take the
real triage ~5 minutes a store, so a pool of ``POOL`` composed texts is classified once by the
real triage (rules, sentiment, complaint score) and every mention draws its text from the pool;
its own time, author and reach then give it its own SLA, due time and priority, exactly as a
pull would. Authors: each mention's author is, with probability 0.2, one seen before (repeat
contact), else a new one. Over a year of history, mentions older than their class's response
target are mostly answered; about a third of the store waits, so paging has depth.

The database lands in ``bench/cache/store-<size>-v<version>.db`` (git-ignored) and is reused
until the generator or the schema changes. Benchmarks copy it before writing to it.
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from adapters.demo import corpus
from adapters.demo.login import demo_accounts
from adapters.records import Author, Mention, Platform
from bench.clock import BENCH_NOW, ManualClock
from store import Store, open_store
from store.mentions import triage_columns
from store.rows import mention_columns
from store.schema import SCHEMA_VERSION
from store.timefmt import from_db, to_db
from sync.triaging import TriageSettings, triage_fields

CACHE = Path(__file__).resolve().parent / "cache"
SIZES = (10_000, 100_000, 1_000_000)
GENERATOR_VERSION = 1
POOL = 4_000
REPEAT_SHARE = 0.2
WAITING_SHARE = 0.33
HISTORY = timedelta(days=365)
BATCH = 20_000


def store_path(size: int) -> Path:
    """Where the cached store of ``size`` mentions lives."""
    return CACHE / f"store-{size}-v{GENERATOR_VERSION}.{SCHEMA_VERSION}.db"


def _pool(rng: random.Random, settings: TriageSettings) -> list[tuple[str, Any]]:
    """``POOL`` demo texts with what triage says about each (as a mention of nobody, now)."""
    nobody = Author("pool", "@pool@example", "", 0)
    classes = list(corpus.CLASS_MIX)
    weights = [corpus.CLASS_MIX[c] for c in classes]
    pool = []
    for n in range(POOL):
        text = corpus.compose(rng, rng.choices(classes, weights)[0], "@fernbrook")
        probe = Mention("pool", f"p{n}", Platform.MASTODON, nobody, text, BENCH_NOW)
        pool.append((text, triage_fields(probe, settings, 0)))
    return pool


def _rows(size: int, now: datetime, seed: int = 21) -> Iterator[list[dict[str, Any]]]:
    """The store's rows as of ``now``, ``BATCH`` at a time, oldest first."""
    rng = random.Random(seed)
    settings = TriageSettings()
    pool = _pool(rng, settings)
    account = demo_accounts()[0]
    authors: list[Author] = []
    now_text = to_db(now)
    batch: list[dict[str, Any]] = []
    for n in range(size):
        if authors and rng.random() < REPEAT_SHARE:
            author = rng.choice(authors)
        else:
            name = f"user{len(authors)}"
            followers = int(rng.paretovariate(1.2) * 20)
            author = Author(name, f"@{name}@social.example", f"User {n}", followers)
            authors.append(author)
        # Oldest first, spread over the year; the last stretch is the fresh, waiting part.
        age = HISTORY * (1 - (n + 1) / size) * rng.uniform(0.98, 1.0)
        text, fields = rng.choice(pool)
        created = now - age
        mention = Mention(account.id, f"synth-{n}", Platform.MASTODON, author, text, created)
        fields = _moved(fields, settings, mention)
        waiting = rng.random() < WAITING_SHARE
        row = {**mention_columns(mention), **triage_columns(fields, now)}
        row.update(
            cls_auto=fields.cls,
            first_seen_at=now_text,
            updated_at=now_text,
            state="new" if waiting else "done",
            answered_at=None if waiting else now_text,
            answered_by="" if waiting else "@fernbrook",
        )
        batch.append(row)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _moved(fields: Any, settings: TriageSettings, mention: Mention) -> Any:
    """The pool text's triage, with the due time and priority of this mention (its own time,
    author's reach): what ``triage_fields`` gives, without classifying the text again."""
    from triage import MentionClass, base_priority, due

    cls = MentionClass(fields.cls)
    deadline = due(mention.created_at, cls, mention.platform, settings.policy)
    score = base_priority(
        cls, fields.sentiment, mention.author.followers, 0, fields.complaint_score
    )
    return type(fields)(
        cls=fields.cls,
        sentiment=fields.sentiment,
        reasons=fields.reasons,
        sla_rule=deadline.rule,
        due_at=deadline.due_at,
        priority=score.score,
        at_risk_at=deadline.at_risk_at,
        complaint_score=fields.complaint_score,
    )


def anchor(store: Store) -> datetime:
    """The moment a synthetic store was built for (its newest mention is just before it)."""
    return from_db(str(store.scalar("SELECT max(created_at) FROM mentions")))


def build(size: int) -> Path:
    """The cached store of ``size`` mentions, built now if missing."""
    path = store_path(size)
    if path.exists():
        return path
    CACHE.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    for leftover in CACHE.glob(partial.name + "*"):
        leftover.unlink()
    started = time.perf_counter()
    store = open_store(partial, ManualClock())
    from tui.profile import refresh_demo_accounts

    refresh_demo_accounts(store)  # the app opens it as the demo profile's store
    # Anchored at the real now: the app opens it as a returning user's store, whose ranks only
    # moved by the time since the build (``anchor`` reads the time back).
    for rows in _rows(size, datetime.now(UTC)):
        names = ", ".join(rows[0])
        marks = ", ".join(f":{k}" for k in rows[0])
        with store.tx() as conn:
            conn.executemany(f"INSERT INTO mentions ({names}) VALUES ({marks})", rows)
    store.conn.execute("ANALYZE")
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    partial.replace(path)
    print(f"built {path.name} in {time.perf_counter() - started:.0f} s", flush=True)
    return path


def main(argv: Sequence[str] | None = None) -> int:
    """Build the stores named (default: all three)."""
    sizes = [int(a) for a in (argv if argv is not None else sys.argv[1:])] or list(SIZES)
    for size in sizes:
        print(build(size))
    return 0


if __name__ == "__main__":
    sys.exit(main())
