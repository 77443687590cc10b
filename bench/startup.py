"""Start-up and command-line speed, each paired in the same run with its baseline.

    python -m bench.startup [--runs N]      (also part of ``make bench``)

Every figure is wall time from the parent starting a fresh process to that process reporting
(or exiting), so interpreter start and imports count, as they do for a user. Each run times the
subject and its baseline back to back (alternating which goes first), so a busy machine slows
both; the figures are medians of ``--runs`` runs and the ratio is the median of the per-run
ratios.

- **app**: ``replydesk --demo`` (the CLI's imports and logging set-up, then the app, headless
  via ``App.run_test``) until the queue has rows and the screen has been refreshed with them,
  vs a bare Textual app with one ``Static`` until it has been refreshed. The demo home has
  synced once, as a returning user's has. Target ≤ 1.5×.
- **cli**: ``replydesk queue --limit 5`` (a profile holding the demo's mentions) and
  ``replydesk check`` (a draft against the example persona), each vs
  ``python -c 'import httpx'``. Target ≤ 2× and ≤ 0.5 s.
- The project's modules are compiled to bytecode first (``compileall``), as an installed app's
  are (pip compiles them on install) and as Textual's in ``site-packages`` already are: with
  ``PYTHONDONTWRITEBYTECODE`` set (as on shared machines) every run would otherwise compile the
  app's sources again, a cost only the subject would pay.
- For the record, not checked: ``replydesk queue --demo --limit 5`` (which pulls the demo
  network first) and ``replydesk classify`` of one line (which compiles the triage rules).

Results go to ``bench/results/startup.json``; exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import compileall
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.geometry import Region
    from textual.strip import Strip
    from textual.widget import Widget

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "startup.json"
RUNS = 7
SIZE = (120, 36)
APP_RATIO = 1.5
CLI_RATIO = 2.0
CLI_SECONDS = 0.5
PAINTED = "painted"
DRAFT = "Hi Sam, sorry about the late parcel! We'll send a fresh bag today. — The team\n"
#: The app's packages, and this one (both children import it).
PACKAGES = (
    *("adapters", "analytics", "persona", "settings", "store", "sync", "themes", "triage", "tui"),
    "bench",
)
# A child that never paints is a failure, not a hang.
CHILD_TIMEOUT = 120.0


# --- the children: one process each, reporting when the first paint is done ---------------


async def _paint_then_report(
    app: object, shown: Callable[[], Widget | None], kind: type[Widget]
) -> None:
    """Run ``app`` headless; print a line from the first frame that draws the ``kind`` widget
    ``shown()`` finds with its content (found before that frame was composed).

    The frame is caught as it is drawn (a hook on the screen's refresh), not by polling, so
    neither child pays for a poll's delay or waits for a later, unrelated frame.
    """
    from textual.app import App
    from textual.screen import Screen

    assert isinstance(app, App)
    painted = asyncio.Event()
    drawn: list[Widget] = []
    render_lines = kind.render_lines
    compositor_refresh = Screen._compositor_refresh

    def recorded(widget: Widget, crop: Region) -> list[Strip]:
        drawn.append(widget)
        return render_lines(widget, crop)

    def refresh(screen: Screen[object]) -> None:
        target = shown()  # before the frame: its content exists when the frame is composed
        drawn.clear()
        compositor_refresh(screen)
        if target is not None and target in drawn and not painted.is_set():
            print(PAINTED, flush=True)
            painted.set()

    kind.render_lines = recorded  # type: ignore[method-assign, assignment]
    Screen._compositor_refresh = refresh  # type: ignore[method-assign, assignment]
    async with app.run_test(headless=True, size=SIZE):
        try:
            await asyncio.wait_for(painted.wait(), CHILD_TIMEOUT)
        except TimeoutError:
            raise SystemExit("the first paint never came") from None


def _bare_child() -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Static("ReplyDesk")

    app = Bare()

    def static() -> Static | None:
        return next(iter(app.screen.query(Static)), None)

    asyncio.run(_paint_then_report(app, static, Static))


def _app_child(home: str) -> None:
    from tui.logs import start_logging  # what ``replydesk --demo`` runs before the app

    start_logging(Path(home), verbose=False)
    from tui.app import make_app
    from tui.widgets.queue import QueueList

    app = make_app(home=Path(home), demo=True)

    def with_rows() -> QueueList | None:
        queue = next(iter(app.screen.query(QueueList)), None)
        return queue if queue is not None and queue.option_count else None

    asyncio.run(_paint_then_report(app, with_rows, QueueList))


# --- the parent: pairs, medians, ratios ---------------------------------------------------


def _time_child(argv: Sequence[str], env: dict[str, str], until_line: str | None) -> float:
    """Seconds from starting ``argv`` to its line ``until_line`` (or to its exit)."""
    start = time.perf_counter()
    with subprocess.Popen(
        argv,
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as proc:
        assert proc.stdin is not None and proc.stdout is not None
        if until_line is not None:
            proc.stdin.close()
            for line in proc.stdout:
                if line.strip() == until_line:
                    elapsed = time.perf_counter() - start
                    proc.kill()
                    return elapsed
            error = proc.stderr.read() if proc.stderr else ""
            raise RuntimeError(f"{argv} exited without {until_line!r}: {error}")
        _out, err = proc.communicate(DRAFT, timeout=CHILD_TIMEOUT)
        elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):  # check exits 1 when the draft has an error finding
        raise RuntimeError(f"{argv} failed ({proc.returncode}): {err}")
    return elapsed


def _pair(
    name: str,
    subject: Sequence[str],
    baseline: Sequence[str],
    env: dict[str, str],
    runs: int,
    until_line: str | None = None,
) -> dict[str, object]:
    """Median seconds of ``subject`` and ``baseline``, timed back to back, and their ratio."""
    mine: list[float] = []
    base: list[float] = []
    for run in range(runs):
        order = [(subject, mine), (baseline, base)]
        for argv, into in order if run % 2 else reversed(order):
            into.append(_time_child(argv, env, until_line))
    ratios = [m / b for m, b in zip(mine, base, strict=True)]
    result = {
        "what": name,
        "median_s": round(statistics.median(mine), 3),
        "baseline_median_s": round(statistics.median(base), 3),
        "ratio": round(statistics.median(ratios), 2),
        "runs": runs,
    }
    print(
        f"{name:<34} {result['median_s']:>7.3f} s   baseline {result['baseline_median_s']:.3f} s"
        f"   ratio {result['ratio']:.2f}",
        flush=True,
    )
    return result


def _prepare(home: Path, env: dict[str, str]) -> None:
    """A demo home that has synced once; a user home holding the same mentions, and the example
    persona; every package compiled to bytecode."""
    for package in PACKAGES:
        compileall.compile_dir(ROOT / package, quiet=1)
    replydesk = [sys.executable, "-m", "tui"]
    subprocess.run([*replydesk, "--demo", "sync", "--once"], env=env, check=True, cwd=ROOT)
    subprocess.run([*replydesk, "persona", "init"], env=env, check=True, cwd=ROOT)
    code = (
        "import asyncio, sys; from pathlib import Path; from bench.startup import fill_user_home;"
        " asyncio.run(fill_user_home(Path(sys.argv[1])))"
    )
    subprocess.run([sys.executable, "-c", code, str(home)], env=env, check=True, cwd=ROOT)


async def fill_user_home(home: Path) -> None:
    """The user profile at ``home`` with the demo network's mentions, pulled and triaged the way
    a sync does, but under a user account (so plain ``replydesk queue`` reads them)."""
    from adapters.clock import system_clock
    from adapters.demo.login import demo_accounts
    from settings.paths import default_paths
    from sync.pull import pull_account
    from sync.registry import open_adapters
    from tui.profile import open_profile

    profile = open_profile(default_paths(home), system_clock)
    for account in demo_accounts():
        profile.store.save_account(account)
    adapters, _ = open_adapters(list(demo_accounts()), profile.paths, system_clock)
    try:
        for adapter in adapters.values():
            await pull_account(adapter, profile.store, profile.triage)
    finally:
        for adapter in adapters.values():
            await adapter.aclose()
        profile.store.close()


def main(argv: Sequence[str] | None = None) -> int:
    """Run every pair; 1 when a target is missed."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=RUNS, help=f"runs per pair (default {RUNS})")
    parser.add_argument("--child", choices=["bare", "app"], help=argparse.SUPPRESS)
    parser.add_argument("--home", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child == "bare":
        _bare_child()
        return 0
    if args.child == "app":
        _app_child(args.home)
        return 0
    py = sys.executable
    with tempfile.TemporaryDirectory(prefix="replydesk-bench-") as tmp:
        home = Path(tmp)
        env = {**os.environ, "REPLYDESK_HOME": str(home)}
        _prepare(home, env)
        replydesk = [py, "-m", "tui"]
        httpx = [py, "-c", "import httpx"]
        me = [py, "-m", "bench.startup", "--home", str(home)]
        results = [
            _pair("app: first painted queue", [*me, "--child", "app"],
                  [*me, "--child", "bare"], env, args.runs, PAINTED),
            _pair("cli: queue --limit 5", [*replydesk, "queue", "--limit", "5"], httpx, env,
                  args.runs),
            _pair("cli: check (example persona)", [*replydesk, "check", "--platform", "mastodon"],
                  httpx, env, args.runs),
            _pair("record: queue --demo --limit 5", [*replydesk, "queue", "--demo", "--limit",
                  "5"], httpx, env, args.runs),
            _pair("record: classify one line", [*replydesk, "classify"], httpx, env, args.runs),
        ]  # fmt: skip
    missed = _missed(results)
    report = {
        "results": results,
        "targets": {"app_ratio": APP_RATIO, "cli_ratio": CLI_RATIO, "cli_seconds": CLI_SECONDS},
        "missed": missed,
        "python": sys.version.split()[0],
        "machine": platform.machine(),
        "load_average": list(os.getloadavg()),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    for what in missed:
        print(f"MISSED: {what}")
    return 1 if missed else 0


def _missed(results: list[dict[str, object]]) -> list[str]:
    missed = []
    for result in results:
        name = str(result["what"])
        ratio = float(str(result["ratio"]))
        seconds = float(str(result["median_s"]))
        if name.startswith("app") and ratio > APP_RATIO:
            missed.append(f"{name}: {ratio}× > {APP_RATIO}×")
        if name.startswith("cli") and (ratio > CLI_RATIO or seconds > CLI_SECONDS):
            missed.append(f"{name}: {seconds} s, {ratio}× (≤ {CLI_SECONDS} s, ≤ {CLI_RATIO}×)")
    return missed


if __name__ == "__main__":
    sys.exit(main())
