"""Pilot flows for telling the truth about the network: replies made elsewhere, second replies."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from adapters.records import OutgoingReply
from store import StoredMention
from tests.conftest import FakeClock
from tests.pilot_helpers import SIZE, demo_app, wait_for, wait_ready
from tui.screens.main import MainScreen
from tui.widgets.answered_note import SHOWN, AnsweredNote
from tui.widgets.composer import Composer
from tui.widgets.queue import QueueList


async def top_row(pilot: Pilot[None]) -> tuple[MainScreen, int]:
    """The main screen once the first sync landed, and the id of the selected (top) row."""
    screen = await wait_ready(pilot)
    selected = screen.query_one(QueueList).current_id
    assert selected is not None
    return screen, selected


async def test_ctrl_r_notices_now_a_reply_made_elsewhere_to_a_row_in_view(
    home: Path, clock: FakeClock
) -> None:
    app = demo_app(home, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen, top_id = await top_row(pilot)
        store, queue = app.profile.store, screen.query_one(QueueList)
        # The first sync reads the top threads; the frozen clock keeps them from falling due.
        await wait_for(pilot, lambda: store.thread(top_id) is not None)
        top = store.get_mention(top_id)
        assert top is not None and top.answered_at is None
        phone = OutgoingReply(top.mention.account_id, top.mention, "Answered from my phone.")
        await app.adapters[top.mention.account_id].send(phone, "rd-1795000000000000-cccccccccccc")
        await pilot.press("ctrl+r")
        await wait_for(pilot, lambda: (store.get_mention(top_id) or top).answered_at is not None)
        await wait_for(pilot, lambda: top_id not in queue.items)


REPLY = "Hi, I'm so sorry about that! I'll check your order now and DM you. — Fernbrook team"


async def test_a_second_reply_to_an_answered_mention_is_said_and_asked_once(
    home: Path, clock: FakeClock
) -> None:
    app = demo_app(home, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen, target = await top_row(pilot)
        store = app.profile.store
        note = screen.query_one(AnsweredNote)
        assert not note.has_class(SHOWN)
        composer = screen.query_one(Composer)
        await pilot.press("r")
        composer.set_text(REPLY)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: (store.get_mention(target) or _never()).answered_at)
        # Sent here: the row stays in view and the composer says it has its answer.
        await wait_for(pilot, lambda: note.has_class(SHOWN))
        assert str(note.render()).startswith("⚠ Already answered by @fernbrook@demo.social just")
        await pilot.press("r")
        composer.set_text("One more thing: " + REPLY)
        await pilot.press("ctrl+s")
        assert len(store.outbox_for(target)) == 1  # asked, not sent
        assert composer.text.startswith("One more thing")
        await pilot.press("ctrl+s")  # confirmed
        await wait_for(pilot, lambda: len(store.outbox_for(target)) == 2)


def _never() -> StoredMention:
    raise AssertionError("the mention vanished from the store")
