"""Follow-ups: due in the inbox from their time, checked off with d, undone with u."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from store import MentionState, Store
from tests.conftest import FROZEN, FakeClock
from tests.pilot_helpers import SIZE, demo_app, notes, wait_for, wait_ready
from tests.test_store_triage import add
from triage import MentionClass
from tui.format import queue_row
from tui.screens.snooze_picker import SnoozePicker
from tui.widgets.queue import QueueList


def test_a_follow_up_is_due_from_its_time_until_done_and_undoes(store: Store) -> None:
    item = add(store, 1, MentionClass.COMPLAINT, minutes_ago=60)
    store.set_state(item, MentionState.DONE)
    set_audit = store.add_follow_up(item, FROZEN + timedelta(days=1))
    assert store.due_follow_ups(FROZEN) == []
    later = FROZEN + timedelta(days=1)
    (due,) = store.due_follow_ups(later)
    assert due.mention_id == item and due.due_at == later
    assert [m.id for m in store.follow_up_mentions(later)] == [item]
    done_audit = store.finish_follow_up(due.id)
    assert store.due_follow_ups(later) == []
    with pytest.raises(KeyError):
        store.finish_follow_up(due.id)
    assert store.undo_change(done_audit) is not None
    assert [f.id for f in store.due_follow_ups(later)] == [due.id]
    assert store.undo_change(set_audit) is not None
    assert store.due_follow_ups(later) == []
    assert store.undo_change(set_audit) is None  # never twice


async def test_f_sets_a_follow_up_that_leads_the_inbox_when_due(
    home: Path, clock: FakeClock
) -> None:
    app = demo_app(home, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_ready(pilot)
        queue = screen.query_one(QueueList)
        target = queue.current_id
        assert target is not None
        await pilot.press("d")  # handled: it leaves the inbox
        await wait_for(pilot, lambda: screen.tab_counts.get("done", 0) > 0)
        queue.highlighted = queue.get_option_index(str(target))
        await pilot.press("f")
        await wait_for(pilot, lambda: isinstance(app.screen, SnoozePicker))
        await pilot.press("2")  # in 3 hours
        await wait_for(pilot, lambda: any(n.startswith("Follow-up ") for n in notes(app)))
        inbox = screen.tab_counts["inbox"]
        clock.advance(hours=3)
        await pilot.press("8", "1")  # another tab and back: the inbox read anew
        await wait_for(pilot, lambda: screen.active_tab == "inbox" and target in screen.follow_ups)
        await wait_for(pilot, lambda: queue.current_id == target)  # it leads the inbox
        assert "↻ follow up" in queue_row(queue.items[target], clock(), "follow-up").plain
        assert screen.tab_counts["inbox"] == inbox + 1
        await pilot.press("d")
        await wait_for(pilot, lambda: "Follow-up done · u to undo" in notes(app))
        assert app.profile.store.due_follow_ups(clock()) == []
        stored = app.profile.store.get_mention(target)
        assert stored is not None and stored.state is MentionState.DONE  # state untouched
        await pilot.press("u")
        await wait_for(pilot, lambda: len(app.profile.store.due_follow_ups(clock())) == 1)
