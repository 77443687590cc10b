"""The running app on a big store: holding ``j``, ``G`` and back, and its memory.

    python -m bench.queue_app [--sizes 100000 1000000] [--rows 1000]

Each size runs in a fresh process (so its peak RSS is its own): the cached synthetic store
(``bench.synth``) is copied in as the demo profile's database and the app runs headless
(``App.run_test``, 120×36, no timers). The child reports: seconds to the first queue on screen;
``j`` pressed ``--rows`` times as fast as the app takes keys (rows per second, i.e. frames in
the headless driver, since each key moves the cursor and redraws); ``G`` until the cursor is on
the queue's very last row, and ``g`` until it is back on the first; the rows the widget holds;
and the process's peak RSS after all that. The parent pairs the sizes: memory and speed at 1 M
against 100 k (target: < 200 MB, and a ratio near 1: nothing grows with the store).

Writes ``bench/results/queue_app.json``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.clock import save

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "queue_app.json"
SIZES = (100_000, 1_000_000)
ROWS = 1000
TARGET_RSS_MB = 200.0
REPORT = "REPORT "
CHILD_TIMEOUT = 1800


async def _drive(home: Path, rows: int) -> dict[str, Any]:
    from tests.pilot_helpers import wait_for
    from tui.app import make_app
    from tui.screens.main import MainScreen
    from tui.widgets.queue import QueueList

    started = time.perf_counter()
    app = make_app(home=home, demo=True, live=False)
    async with app.run_test(headless=True, size=(120, 36)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen), 600)
        queue = app.screen.query_one(QueueList)
        await wait_for(pilot, lambda: queue.option_count > 0, 600)
        first_queue = time.perf_counter() - started
        screen = app.screen
        assert isinstance(screen, MainScreen)
        await wait_for(pilot, screen.queue_current.is_set, 600)  # rescored, settled
        start = time.perf_counter()
        for _ in range(rows):
            await pilot.press("j")
        held = time.perf_counter() - start
        start = time.perf_counter()
        await pilot.press("G")
        await wait_for(pilot, lambda: queue.at_end and queue.highlighted == queue.option_count - 1)
        to_end = time.perf_counter() - start
        start = time.perf_counter()
        await pilot.press("g")
        await wait_for(pilot, lambda: queue.at_start and queue.highlighted == 0)
        back = time.perf_counter() - start
        held_rows = queue.option_count
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "first_queue_s": round(first_queue, 2),
        "j_rows": rows,
        "j_rows_per_s": round(rows / held, 1),
        "end_s": round(to_end, 3),
        "back_to_top_s": round(back, 3),
        "rows_held": held_rows,
        "peak_rss_mb": round(peak_kb / 1024, 1),
    }


def child(home: str, rows: int) -> None:
    """Run the app on ``home`` and print the report line."""
    print(REPORT + json.dumps(asyncio.run(_drive(Path(home), rows))), flush=True)


def measure(size: int, rows: int, tmp: Path) -> dict[str, Any]:
    """One child on a copy of the store of ``size`` mentions."""
    from bench.synth import build
    from settings.paths import default_paths

    home = tmp / f"home-{size}"
    db = default_paths(home).for_demo().db_file
    db.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    shutil.copyfile(build(size), db)
    db.chmod(0o600)
    argv = [sys.executable, "-m", "bench.queue_app", "--child", str(home), "--rows", str(rows)]
    done = subprocess.run(
        argv, cwd=ROOT, capture_output=True, text=True, timeout=CHILD_TIMEOUT, check=False
    )
    for line in done.stdout.splitlines():
        if line.startswith(REPORT):
            shutil.rmtree(home)
            return {"mentions": size, **json.loads(line[len(REPORT) :])}
    raise RuntimeError(f"the app child for {size} failed: {done.stderr[-2000:]}")


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    """Run the app benchmark for each size; returns (and writes) the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=list(SIZES))
    parser.add_argument("--rows", type=int, default=ROWS)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child, args.rows)
        return {}
    with tempfile.TemporaryDirectory() as tmp:
        runs = {str(size): measure(size, args.rows, Path(tmp)) for size in args.sizes}
    result: dict[str, Any] = {"sizes": runs, "target_rss_mb": TARGET_RSS_MB}
    if len(args.sizes) >= 2:
        small, big = runs[str(args.sizes[0])], runs[str(args.sizes[-1])]
        result["rss_ratio"] = round(big["peak_rss_mb"] / small["peak_rss_mb"], 2)
        result["j_speed_ratio"] = round(big["j_rows_per_s"] / small["j_rows_per_s"], 2)
    save(RESULTS, result)
    return result


if __name__ == "__main__":
    main(sys.argv[1:])
