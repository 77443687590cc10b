"""The Stats screen in the running app: opened with ``g s`` or the palette, the period and
filters change the figures, ``?`` explains them, and plotext stays unloaded until a chart."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from textual.widgets import DataTable

from tests.conftest import FakeClock
from tests.pilot_helpers import demo_app, wait_for
from tests.scenes import settled, stats
from tui.go import WINDOW, GoChord
from tui.screens.main import MainScreen
from tui.screens.stats import StatsScreen
from tui.screens.stats_definitions import DefinitionsScreen
from tui.services import services

ROOT = Path(__file__).resolve().parent.parent


async def test_open_change_period_and_filter(tmp_path: Path, clock: FakeClock) -> None:
    app = demo_app(tmp_path / "home", clock)
    async with app.run_test(size=(120, 36)) as pilot:
        await stats(pilot)
        screen = app.screen
        assert isinstance(screen, StatsScreen) and screen.stats is not None
        week = screen.stats
        assert week.period.name == "last 7 days" and week.received > 0
        assert screen.query("#volume-chart")  # wide: the chart
        await pilot.press("m")
        await wait_for(pilot, lambda: screen.stats and screen.stats.period.name == "last 30 days")
        month = screen.stats
        assert month.received >= week.received and len(month.days) == 30
        await pilot.press("k")  # the first class: complaints only
        await wait_for(pilot, lambda: screen.stats and screen.stats.filter.classes)
        assert screen.stats.filter.classes == ("complaint",)
        assert screen.stats.received == screen.stats.of("complaint").received + screen.stats.spam
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, DefinitionsScreen))
        await pilot.press("escape", "escape")
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))


async def test_custom_dates_and_a_narrow_terminal(tmp_path: Path, clock: FakeClock) -> None:
    app = demo_app(tmp_path / "home", clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await stats(pilot)
        screen = app.screen
        assert isinstance(screen, StatsScreen)
        assert not screen.query("#volume-chart")  # narrow: a table, plotext never made
        assert screen.query_one("#volume-table").display
        await pilot.press("c")
        await pilot.press(*"2026-11-18..2026-11-19", "enter")
        await wait_for(pilot, lambda: screen.stats and screen.stats.period.name.startswith("2026"))
        assert screen.stats is not None
        assert [str(d.day) for d in screen.stats.days] == ["2026-11-18", "2026-11-19"]
        await pilot.press("c")
        await pilot.press(*"soon", "enter")
        await wait_for(pilot, lambda: any("Bad period" in n.title for n in app._notifications))
        await pilot.press("escape")  # puts the field away, stays on the screen
        await wait_for(pilot, lambda: not screen.query_one("#stats-dates").display)
        assert app.screen is screen


async def test_palette_command_opens_stats(tmp_path: Path, clock: FakeClock) -> None:
    app = demo_app(tmp_path / "home", clock)
    async with app.run_test(size=(120, 36)) as pilot:
        await settled(pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"stats: show")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, StatsScreen))


def test_go_chord() -> None:
    chord = GoChord()
    assert chord.press("g", 10.0) is None
    assert chord.press("s", 10.5) == "stats"
    assert chord.press("s", 10.6) is None  # the chord is spent
    chord.press("g", 20.0)
    assert chord.press("s", 20.0 + WINDOW + 0.1) is None  # too late
    chord.press("g", 30.0)
    assert chord.press("x", 30.1) is None and chord.press("s", 30.2) is None


def test_opening_the_app_does_not_import_plotext() -> None:
    code = (
        "import sys, tui.app, tui.cli, tui.commands; "
        "sys.exit(1 if 'plotext' in sys.modules or 'textual_plotext' in sys.modules else 0)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr


async def test_assignee_label_and_side_by_side(tmp_path: Path, clock: FakeClock) -> None:
    app = demo_app(tmp_path / "home", clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await stats(pilot)
        screen = app.screen
        assert isinstance(screen, StatsScreen) and screen.stats is not None
        store = services(app).profile.store
        first = store.scalar("SELECT min(id) FROM mentions WHERE gone = 0")
        store.set_labels(first, ["billing"])
        store.assign(first, "sam")
        await pilot.press("a")  # the demo's config names no team
        await wait_for(pilot, lambda: any("No teammates" in n.message for n in app._notifications))
        await pilot.press("m")  # read again: the new label is among the choices
        await wait_for(pilot, lambda: screen.labels == ("billing",))
        await pilot.press("l")
        await wait_for(pilot, lambda: screen.stats and screen.stats.filter.labels == ("billing",))
        assert screen.stats.received == 1
        table = screen.query_one("#stats-sides", DataTable)
        networks = [str(c.label) for c in table.columns.values()]
        assert networks[0] == "Figure" and len(networks) == 2  # the labelled mention's network
        with store.tx() as conn:  # four more accounts: more columns than 80 cells hold
            for n in range(4):
                conn.execute(
                    "INSERT INTO mentions (account_id, remote_id, platform, author_id, "
                    "author_handle, text, created_at, kind, visibility, cls, state, "
                    "first_seen_at, updated_at) SELECT ?, remote_id, platform, author_id, "
                    "author_handle, text, created_at, kind, visibility, cls, state, "
                    "first_seen_at, updated_at FROM mentions WHERE id = ?",
                    (f"more:account{n}", first),
                )
        await pilot.press("l")  # after the only label: all again
        await wait_for(pilot, lambda: screen.stats and not screen.stats.filter.labels)
        await pilot.press("b")
        await wait_for(pilot, lambda: screen.sides == "account")
        accounts = [str(c.label) for c in table.columns.values()][1:]
        assert accounts == list(screen.stats.accounts) and len(accounts) == 7
        assert table.max_scroll_x > 0  # the columns scroll; the figure names stay
        table.focus()
        await pilot.press("right", "right", "right")
        await wait_for(pilot, lambda: table.scroll_x > 0)
        assert table.fixed_columns == 1
