"""Ingest speed: pull → triage → store of 100 000 demo mentions, vs a raw bulk insert.

    python -m bench.ingest [--mentions N] [--runs N]      (also part of ``make bench``)

The demo network's live stream (one mention a second, so 100 000 of them are a day and a bit
of traffic) is pulled once through ``DemoAdapter`` and its batches recorded; generating them is
the fake network's cost, reported apart. Each run then replays the batches through the real
``sync.pull.pull_account`` (triage and the store, one transaction per page of 100) into a fresh
store, and, paired in the same run, writes the same rows with sqlite-utils' ``insert_all``
(pages of 100, one commit each) into another fresh store of the same schema. The figures are
medians over the runs; the ratio is the median of the per-run ratios. For the record, the same
pages are also timed stage by stage (triage alone, the store alone) into a third store. Also
counted: the SQL statements one page costs (a page of 10 and a page of 100 must cost the same).

Targets: ≥ 10 000 mentions/s end to end, and ≥ 0.3× the raw insert.
Writes ``bench/results/ingest.json``; exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from adapters.demo.adapter import DemoAdapter
from adapters.demo.http import DemoNetwork
from adapters.demo.login import demo_accounts
from adapters.records import Account, PullBatch
from bench.clock import ManualClock, save
from bench.sqlcount import count_statements
from store import Store, open_store
from sync.pull import pull_account
from sync.triaging import TriageSettings, triage_fields

ROOT = Path(__file__).resolve().parent
RESULTS = ROOT / "results" / "ingest.json"
MENTIONS = 100_000
RUNS = 3
TARGET_PER_S = 10_000.0
TARGET_RATIO = 0.3


@dataclass
class Replay:
    """An adapter that hands out recorded pages again (the ``pull`` half of ``Adapter``)."""

    account: Account
    batches: list[PullBatch]
    position: int = 0

    async def pull(self, cursor: str | None) -> PullBatch:
        """The next recorded page, saying whether another one is ready."""
        batch = self.batches[self.position]
        self.position += 1
        more = self.position < len(self.batches)
        return PullBatch(batch.mentions, batch.cursor, more, batch.skipped)


async def record(mentions: int, home: Path) -> list[PullBatch]:
    """Pull ``mentions`` live mentions from the demo network's Mastodon side, page by page."""
    clock = ManualClock()
    network = DemoNetwork(home / "demo-network.json", clock, arrival_interval=timedelta(seconds=1))
    network.ensure_ready()
    # The Mastodon side gets ~60 % of the stream; leave room so the count is reached.
    clock.now = network.anchor + timedelta(seconds=int(mentions / 0.55) + 400)
    adapter = DemoAdapter(demo_accounts()[0], network)
    batches: list[PullBatch] = []
    cursor: str | None = None
    got = 0
    while got < mentions:
        batch = await adapter.pull(cursor)
        keep = batch.mentions[: mentions - got]
        batches.append(PullBatch(keep, batch.cursor, True))
        got += len(keep)
        cursor = batch.cursor
        if not batch.more:
            break
    return batches


def _store_stage(store: Store, batches: list[PullBatch]) -> tuple[float, float]:
    """Seconds of triage alone, and of the store alone (``others_waiting`` + upsert), for the
    same pages: where the pipeline's time goes."""
    settings = TriageSettings()
    triage_s = store_s = 0.0
    for batch in batches:
        start = time.perf_counter()
        others = store.others_waiting(batch.mentions)
        store_s += time.perf_counter() - start
        start = time.perf_counter()
        items = [
            (m, triage_fields(m, settings, n)) for m, n in zip(batch.mentions, others, strict=True)
        ]
        triage_s += time.perf_counter() - start
        start = time.perf_counter()
        store.upsert_mentions(items)
        store_s += time.perf_counter() - start
    return triage_s, store_s


async def _pipeline(store: Store, account: Account, batches: list[PullBatch]) -> int:
    adapter: Any = Replay(account, batches)  # duck-typed: ``pull_account`` only pulls
    settings = TriageSettings()
    seen = 0
    while adapter.position < len(batches):
        seen += (await pull_account(adapter, store, settings)).seen
    return seen


def _raw(rows: list[dict[str, Any]], path: Path) -> float:
    """Seconds for sqlite-utils ``insert_all`` of ``rows`` into a fresh store's table."""
    store = open_store(path, ManualClock())
    table = store.db.table("mentions")
    start = time.perf_counter()
    for first in range(0, len(rows), 100):
        table.insert_all(rows[first : first + 100], batch_size=100)
    seconds = time.perf_counter() - start
    store.close()
    return seconds


def statements_per_page(batches: list[PullBatch], home: Path, sizes: Sequence[int]) -> list[int]:
    """SQL statements run to store one page of each size in ``sizes`` (``executemany`` is
    one), on a store already holding the pages before it."""
    store = open_store(home / "count.db", ManualClock())
    account = demo_accounts()[0]
    asyncio.run(_pipeline(store, account, batches[:10]))
    counts = []
    for offset, size in enumerate(sizes):
        page = batches[10 + offset]
        one = PullBatch(page.mentions[:size], page.cursor, False)
        with count_statements(store) as counted:
            asyncio.run(_pipeline(store, account, [one]))
        counts.append(counted.total)
    store.close()
    return counts


@dataclass
class Runs:
    """Per-run timings of the pipeline and of its raw baseline."""

    mine: list[float] = field(default_factory=list)
    raw: list[float] = field(default_factory=list)
    triage: list[float] = field(default_factory=list)
    store: list[float] = field(default_factory=list)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ingest benchmark; 1 when a target is missed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentions", type=int, default=MENTIONS)
    parser.add_argument("--runs", type=int, default=RUNS)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        start = time.perf_counter()
        batches = asyncio.run(record(args.mentions, home))
        generate_s = time.perf_counter() - start
        total = sum(len(b.mentions) for b in batches)
        runs = Runs()
        account = demo_accounts()[0]
        for run in range(args.runs):
            store = open_store(home / f"mine{run}.db", ManualClock())
            start = time.perf_counter()
            asyncio.run(_pipeline(store, account, batches))
            runs.mine.append(time.perf_counter() - start)
            rows = [dict(r) for r in store.rows("SELECT * FROM mentions ORDER BY id")]
            store.close()
            for row in rows:
                del row["id"]
            runs.raw.append(_raw(rows, home / f"raw{run}.db"))
            split = open_store(home / f"split{run}.db", ManualClock())
            triage_s, store_s = _store_stage(split, batches)
            split.close()
            runs.triage.append(triage_s)
            runs.store.append(store_s)
        statements = statements_per_page(batches, home, (10, 100))
    rate = total / statistics.median(runs.mine)
    raw_rate = total / statistics.median(runs.raw)
    ratio = statistics.median(r / m for m, r in zip(runs.mine, runs.raw, strict=True))
    result = {
        "mentions": total,
        "runs": args.runs,
        "demo_generate_s": round(generate_s, 2),
        "pipeline_per_s": round(rate),
        "raw_insert_all_per_s": round(raw_rate),
        "ratio_to_raw": round(ratio, 3),
        "triage_only_per_s": round(total / statistics.median(runs.triage)),
        "store_only_per_s": round(total / statistics.median(runs.store)),
        "store_only_ratio_to_raw": round(
            statistics.median(r / s for s, r in zip(runs.store, runs.raw, strict=True)), 3
        ),
        "statements_per_page": {"10": statements[0], "100": statements[1]},
        "target_per_s": TARGET_PER_S,
        "target_ratio": TARGET_RATIO,
    }
    save(RESULTS, result)
    met = rate >= TARGET_PER_S and ratio >= TARGET_RATIO and statements[0] == statements[1]
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
