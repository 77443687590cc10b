"""The query line in the running demo app: results as you type, errors in words, esc back."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Static

from settings.paths import default_paths
from store.pages import PAGE
from tests.conftest import FakeClock
from tests.pilot_helpers import SIZE, demo_app, notes, wait_for, wait_ready
from tui.app import make_app
from tui.widgets.queue import QueueList
from tui.widgets.search_bar import SearchBar


async def test_slash_searches_as_you_type_and_esc_goes_back(home: Path, clock: FakeClock) -> None:
    app = demo_app(home, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_ready(pilot)
        queue = screen.query_one(QueueList)
        bar = screen.query_one(SearchBar)
        await pilot.press("2")  # from the Complaints tab
        await wait_for(pilot, lambda: screen.active_tab == "complaints")
        await pilot.press("slash")
        field = bar.query_one(Input)
        assert bar.display and field.has_focus
        await pilot.press(*"clas:x")
        error = bar.query_one("#query-error", Static)
        await wait_for(pilot, lambda: error.display)
        assert 'Unknown filter "clas:". Did you mean "class"?' in str(error.render())
        field.value = "class:question"
        await wait_for(
            pilot,
            lambda: (
                screen.active_tab == "search"
                and queue.option_count
                and {i.cls for i in queue.items.values()} == {"question"}
            ),
        )
        assert not error.display
        assert " / class:qu" in screen.bar.plain  # short names: the bar scrolls at 120
        # The queue holds the first page of the results; the rest come as it scrolls.
        await wait_for(
            pilot,
            lambda: min(screen.tab_counts.get("search", -1), PAGE) == queue.option_count,
        )
        await pilot.press("enter")
        assert queue.has_focus and bar.display
        await pilot.press("slash")
        assert field.value == "class:question"
        field.value = '"NEAR( * -'  # odd input: no SQL error, no toast
        await wait_for(
            pilot, lambda: screen.tab.query == '"NEAR( * -' and screen.queue_current.is_set()
        )
        assert not error.display
        assert not [n for n in notes(app) if "SQL" in n or "syntax" in n]
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen.active_tab == "complaints" and not bar.display)
        assert "search" not in {tab.key for tab in screen.tabs} and queue.has_focus


async def test_saved_searches_are_tabs_and_bad_ones_are_reported(
    home: Path, clock: FakeClock
) -> None:
    config = default_paths(home).config_file
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(
        '[searches]\nlate = "is:overdue class:complaint"\nbroken = "colour:red"\n',
        encoding="utf-8",
    )
    app = make_app(home=home, demo=True, clock=clock, live=False, demo_latency=0)
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_ready(pilot)
        keys = [tab.key for tab in screen.tabs]
        assert keys[-1] == "search:late" and "search:broken" not in keys
        assert any('Saved search "broken" skipped' in n for n in notes(app))
        await pilot.press("left_square_bracket")  # round the end: the last tab
        queue = screen.query_one(QueueList)
        await wait_for(
            pilot, lambda: screen.active_tab == "search:late" and screen.queue_current.is_set()
        )
        assert queue.option_count == screen.tab_counts["search:late"] > 0
        assert all(i.cls == "complaint" for i in queue.items.values())
