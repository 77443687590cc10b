"""The queue's reads at 10 000, 100 000 and 1 000 000 mentions, and rescoring beside them.

    python -m bench.queue_store [--sizes 10000 100000 1000000] [--runs N]

On each cached synthetic store (``bench.synth``, copied first: rescoring writes):

- **pages**: the first and the last page (``G``) of every tab (Inbox … All, and a search), and
  the inbox's page after a key halfway down, by keyset, each the median of ``--runs`` reads;
  paired in the same run with the inbox's last page read by ``OFFSET`` (what a list without
  keys would do), so the ratio shows what the keyset saves at depth. Page reads do not grow
  with the store.
- **rescore**: every waiting row is made due (the worst case: a rule change or a long
  absence) and ``Store.rescore`` runs in a thread (as the app's queue worker does) while this
  thread reads the inbox's first page as fast as it can. The figure is how much longer than
  the median read with no rescore running (the baseline, same run) a read took: the longest
  and the 99th percentile (target < 20 ms at 1 M). Pages are read on their own WAL connection,
  so what is left is the CPU the rescore's Python shares with the read.

Writes ``bench/results/queue_store.json``.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any

from bench.clock import ManualClock, save
from bench.synth import SIZES, anchor, build
from store import Store, open_store
from store.mentions import WAITING
from store.pages import PAGE, Listing
from store.query import parse_query
from store.rows import stored_from_row
from store.search import search_listing
from store.views import VIEW_KEYS, view_listing

ROOT = Path(__file__).resolve().parent
RESULTS = ROOT / "results" / "queue_store.json"
RUNS = 7
TARGET_WAIT_MS = 20.0


def _ms(read: Callable[[], object], runs: int) -> float:
    """Median milliseconds of ``runs`` calls."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        read()
        times.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(times), 3)


def _offset_last_page(store: Store, depth: int) -> object:
    """The last page the way a list without keys reads it: skipping every row before it
    (converted to records like a keyset page, so only the skipping differs)."""
    rows = store.rows(
        f"SELECT * FROM mentions WHERE {WAITING} AND rank_group >= 1 "
        "ORDER BY rank_group DESC, score DESC, created_at DESC, id DESC "
        "LIMIT :n OFFSET :skip",
        {"now": store.now_text(), "n": PAGE, "skip": max(0, depth - PAGE)},
    )
    return [stored_from_row(r) for r in rows]


def _tabs(store: Store) -> dict[str, Listing]:
    """Every built-in tab, and a search with a word and a filter, as of the store's now."""
    now = store.clock()
    tabs = {key: view_listing(key, now, me="") for key in VIEW_KEYS}
    tabs["search"] = search_listing(parse_query("refund class:complaint", now), now, "")
    return tabs


def _ends(store: Store, listing: Listing, runs: int) -> dict[str, float]:
    """Milliseconds for a tab's first page and its last (``G``)."""
    return {
        "first_page_ms": _ms(lambda: store.page(listing), runs),
        "last_page_ms": _ms(lambda: store.page(listing, last=True), runs),
    }


def pages(store: Store, runs: int) -> dict[str, Any]:
    """Page reads of one store, with the OFFSET baseline for the inbox's last page."""
    now = store.clock()
    waiting = store.counts(now).open
    inbox = view_listing("inbox", now)
    # A key halfway down: walk there by keyset pages of 1 000 (not timed).
    first = store.page(inbox, limit=1)
    key = first.keys[0] if first.keys else None
    for _ in range(waiting // 2 // 1000):
        if key is None:
            break
        step = store.page(inbox, after=key, limit=1000)
        key = step.keys[-1] if step.keys else None
    keyset_last = _ms(lambda: store.page(inbox, last=True), runs)
    offset_last = _ms(lambda: _offset_last_page(store, waiting), max(3, runs // 2))
    tabs = {name: _ends(store, listing, runs) for name, listing in _tabs(store).items()}
    return {
        "waiting": waiting,
        "tabs": tabs,
        "first_page_worst_ms": max(t["first_page_ms"] for t in tabs.values()),
        "last_page_worst_ms": max(t["last_page_ms"] for t in tabs.values()),
        "page_halfway_ms": _ms(lambda: store.page(inbox, after=key), runs) if key else None,
        "last_page_keyset_ms": keyset_last,
        "last_page_offset_ms": offset_last,
        "offset_to_keyset_ratio": round(offset_last / keyset_last, 1),
        "counts_ms": _ms(lambda: store.counts(now), runs),
    }


def rescore_beside_reads(store: Store, clock: ManualClock) -> dict[str, Any]:
    """The longest a page read waited for the store while every waiting row is rescored in
    another thread (the worst case: a rule change, or a long absence), beside the same reads
    with no rescore running."""
    idle = [_timed_read(store, clock) for _ in range(30)]
    clock.now += timedelta(hours=1)
    with store.tx() as conn:  # every waiting row due now
        conn.execute(
            f"UPDATE mentions SET rescore_at = :now WHERE {WAITING}", {"now": store.now_text()}
        )
    due = int(
        store.scalar("SELECT count(*) FROM mentions WHERE rescore_at <= ?", (store.now_text(),))
    )
    outcome: dict[str, float] = {}

    def rescore() -> None:
        start = time.perf_counter()
        outcome["rows"] = store.rescore(clock.now)
        outcome["seconds"] = time.perf_counter() - start

    worker = threading.Thread(target=rescore)
    reads: list[float] = []
    worker.start()
    while worker.is_alive():
        reads.append(_timed_read(store, clock))
    worker.join()
    reads.sort()
    base = statistics.median(idle)
    return {
        "rows_rescored": int(outcome["rows"]),
        "rows_due": due,
        "rescore_s": round(outcome["seconds"], 2),
        "reads_during": len(reads),
        "held_max_ms": round(reads[-1] - base, 2) if reads else None,
        "held_p99_ms": round(reads[int(len(reads) * 0.99)] - base, 2) if reads else None,
        "read_max_ms": round(reads[-1], 2) if reads else None,
        "read_median_ms": round(statistics.median(reads), 2) if reads else None,
        "read_idle_median_ms": round(base, 2),
        "target_max_ms": TARGET_WAIT_MS,
    }


def _timed_read(store: Store, clock: ManualClock) -> float:
    """Milliseconds of one read of the inbox's first page."""
    start = time.perf_counter()
    store.page(view_listing("inbox", clock.now))
    return (time.perf_counter() - start) * 1000


def measure(size: int, runs: int, tmp: Path) -> dict[str, Any]:
    """Every figure for the store of ``size`` mentions."""
    copy = tmp / f"store-{size}.db"
    shutil.copyfile(build(size), copy)
    clock = ManualClock()
    store = open_store(copy, clock)
    clock.now = anchor(store) + timedelta(seconds=1)
    result = {"mentions": size, **pages(store, runs)}
    result["rescore_all"] = rescore_beside_reads(store, clock)
    store.close()
    copy.unlink()
    return result


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    """Run the store-level queue benchmark; returns (and writes) its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=list(SIZES))
    parser.add_argument("--runs", type=int, default=RUNS)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        results = {str(size): measure(size, args.runs, Path(tmp)) for size in args.sizes}
    save(RESULTS, results)
    return results


if __name__ == "__main__":
    main(sys.argv[1:])
