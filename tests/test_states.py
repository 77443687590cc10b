"""States and timing: snooze times typed or picked, reopen, spam / not spam, the return from a
snooze, and undo of each."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from textual.widgets import Input

from store import MentionState
from tests.conftest import FROZEN, FakeClock
from tests.pilot_helpers import SIZE, demo_app, notes, wait_for, wait_ready
from tui.format import due_text, queue_row
from tui.screens.snooze_picker import SnoozePicker
from tui.snooze_time import SnoozeTimeError, parse_snooze, presets
from tui.widgets.queue import QueueList

FRIDAY_3PM = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)  # FROZEN, a Friday


@pytest.mark.parametrize(
    ("typed", "until"),
    [
        ("2d", FRIDAY_3PM + timedelta(days=2)),
        ("3h", FRIDAY_3PM + timedelta(hours=3)),
        ("90min", FRIDAY_3PM + timedelta(minutes=90)),
        ("tomorrow 9:00", datetime(2026, 11, 21, 9, 0, tzinfo=UTC)),
        ("fri 14:00", datetime(2026, 11, 27, 14, 0, tzinfo=UTC)),  # 14:00 today has passed
        ("fri 16:00", datetime(2026, 11, 20, 16, 0, tzinfo=UTC)),  # later today
        ("next fri 16:00", datetime(2026, 11, 27, 16, 0, tzinfo=UTC)),
        ("monday", datetime(2026, 11, 23, 9, 0, tzinfo=UTC)),  # a day alone: 9:00
        ("mon 2pm", datetime(2026, 11, 23, 14, 0, tzinfo=UTC)),
        ("dec 24", datetime(2026, 12, 24, 9, 0, tzinfo=UTC)),
    ],
)
def test_typed_snooze_times(typed: str, until: datetime) -> None:
    assert parse_snooze(typed, FRIDAY_3PM, UTC) == until


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("", "Type when"),
        ("whenever", '"whenever" is not a time I can read'),
        ("yesterday", "has passed already"),
        ("0h", "no time at all"),
    ],
)
def test_snooze_times_that_are_not(typed: str, says: str) -> None:
    with pytest.raises(SnoozeTimeError, match=says):
        parse_snooze(typed, FRIDAY_3PM, UTC)


def test_presets_in_local_time() -> None:
    hour, three, tomorrow, monday = (p.until for p in presets(FRIDAY_3PM, UTC))
    assert hour == FRIDAY_3PM + timedelta(hours=1) and three == FRIDAY_3PM + timedelta(hours=3)
    assert tomorrow == datetime(2026, 11, 21, 9, 0, tzinfo=UTC)
    assert monday == datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    on_monday = presets(datetime(2026, 11, 23, 8, 0, tzinfo=UTC), UTC)[3].until
    assert on_monday == datetime(2026, 11, 30, 9, 0, tzinfo=UTC)  # next week's, not today's


async def test_snooze_picker_typed_time_and_the_return_flagged(
    home: Path, clock: FakeClock
) -> None:
    app = demo_app(home, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_ready(pilot)
        queue = screen.query_one(QueueList)
        store = app.profile.store
        target = queue.current_id
        assert target is not None
        await pilot.press("z")
        await wait_for(pilot, lambda: isinstance(app.screen, SnoozePicker))
        await pilot.press("5")
        field = app.screen.query_one(Input)
        assert field.has_focus
        await pilot.press(*"soonish", "enter")
        await wait_for(pilot, lambda: app.screen.query_one("#snooze-error").display)
        assert isinstance(app.screen, SnoozePicker)  # a mistake keeps the picker open
        field.value = "2h"
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is screen)
        stored = store.get_mention(target)
        assert stored is not None and stored.state is MentionState.SNOOZED
        assert stored.snooze_until == FROZEN + timedelta(hours=2)
        await wait_for(pilot, lambda: screen.tab_counts.get("snoozed") == 1)
        clock.advance(hours=2, seconds=1)
        screen.load_queue()
        await wait_for(pilot, lambda: screen.queue_current.is_set() and target in queue.items)
        back = queue.items[target]
        assert len(queue_row(back, clock(), "").spans) > 1  # waiting again: not muted whole
        # Flagged unless being overdue says more (this one is an overdue complaint).
        assert "overdue" in due_text(back, clock()).plain
        assert due_text(replace(back, due_at=None), clock()).plain == "↩ back (snooze)"
        assert screen.tab_counts["snoozed"] == 0


async def test_reopen_spam_not_spam_and_undo(home: Path, clock: FakeClock) -> None:
    app = demo_app(home, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_ready(pilot)
        queue = screen.query_one(QueueList)
        store = app.profile.store
        ids = {row[2] for row in app.binding_rows(app.screen)}
        assert {"mention.reopen", "mention.spam", "mention.snooze", "search.open"} <= ids
        target = queue.current_id
        assert target is not None
        spam_before = store.view_counts(clock())["spam"]

        def state() -> MentionState:
            found = store.get_mention(target or 0)
            assert found is not None
            return found.state

        await pilot.press("o")
        await wait_for(pilot, lambda: "It is open already." in notes(app))
        await pilot.press("m")
        await wait_for(pilot, lambda: screen.tab_counts.get("spam") == spam_before + 1)
        assert state() is MentionState.SPAM
        await pilot.press("9")
        await wait_for(pilot, lambda: screen.active_tab == "spam" and target in queue.items)
        queue.highlighted = queue.get_option_index(str(target))
        await pilot.press("m")  # not spam
        await wait_for(pilot, lambda: state() is MentionState.OPEN)
        await pilot.press("u")
        await wait_for(pilot, lambda: state() is MentionState.SPAM)
        queue.highlighted = queue.get_option_index(str(target))
        await pilot.press("o")
        await wait_for(pilot, lambda: state() is MentionState.OPEN)
        assert any(n == "Reopened · u to undo" for n in notes(app))
        await wait_for(pilot, lambda: screen.tab_counts.get("spam") == spam_before)
