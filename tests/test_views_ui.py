"""The tabs in the running demo app: number keys and [ ] switch, counts follow every change."""

from __future__ import annotations

from pathlib import Path

from store import MentionState
from store.pages import PAGE
from tests.conftest import FakeClock
from tests.pilot_helpers import SIZE, demo_app, wait_for, wait_ready
from tui.widgets.queue import QueueList


async def test_number_keys_show_each_view_and_counts_follow_done_and_snooze(
    home: Path, clock: FakeClock
) -> None:
    app = demo_app(home, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_ready(pilot)
        queue = screen.query_one(QueueList)
        store = app.profile.store
        ids = {row[2] for row in app.binding_rows(app.screen)}
        assert {"view.inbox", "view.complaints", "view.all", "queue.previous_tab"} <= ids
        before = store.view_counts(clock())
        assert screen.tab_counts == before
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert {"view: Complaints", "view: All", "search: open", "mention: follow up"} <= titles
        await pilot.press("2")
        await wait_for(
            pilot, lambda: screen.tab_counts and queue.option_count == before["complaints"]
        )
        assert screen.active_tab == "complaints"
        assert {i.cls for i in queue.items.values()} == {"complaint"}
        target = queue.current_id
        await pilot.press("d")
        await wait_for(pilot, lambda: screen.tab_counts.get("done") == before["done"] + 1)
        assert screen.tab_counts["complaints"] == before["complaints"] - 1
        assert target in queue.items  # the row stays in view, dimmed, until the tab changes
        assert f"2 Complaints {before['complaints'] - 1}" in screen.bar.plain or (
            f"2 Compl {before['complaints'] - 1}" in screen.bar.plain
        )
        await pilot.press("8")
        await wait_for(pilot, lambda: screen.active_tab == "done" and target in queue.items)
        assert all(i.state is MentionState.DONE for i in queue.items.values())
        await pilot.press("u")  # undo brings it back to the complaints
        await wait_for(pilot, lambda: screen.tab_counts.get("done") == before["done"])
        await pilot.press("1")
        await wait_for(pilot, lambda: screen.active_tab == "inbox")
        await pilot.press("z", "1")
        await wait_for(pilot, lambda: screen.tab_counts.get("snoozed") == before["snoozed"] + 1)
        await pilot.press("left_square_bracket")  # round the end: All
        # The queue holds a window of a long tab: its first page, the rest as it scrolls.
        shown = min(before["all"], PAGE)
        await wait_for(pilot, lambda: screen.active_tab == "all" and queue.option_count == shown)
        await pilot.press("right_square_bracket")
        await wait_for(pilot, lambda: screen.active_tab == "inbox")


async def test_tabs_fit_at_80_columns(home: Path, clock: FakeClock) -> None:
    app = demo_app(home, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await wait_ready(pilot)
        queue = screen.query_one(QueueList)
        for key in "1234567890":
            await pilot.press(key)
            await wait_for(pilot, lambda: screen.queue_current.is_set())
            assert screen.tab.number == key
            assert screen.bar.cell_length <= queue.size.width - 4
            assert f"{key} {screen.tab.short}" in screen.bar.plain
