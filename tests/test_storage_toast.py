"""A storage fault while the app runs is an error toast; the app keeps running and nothing of
the refused change is kept, and the same key works once the fault is gone."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from store import MentionState
from store.guard import StorageError
from tests.conftest import FakeClock
from tests.pilot_helpers import SIZE, demo_app, wait_for, wait_ready
from tui.app import ReplyDeskApp
from tui.drafts import DraftSaver
from tui.screens.main import MainScreen
from tui.widgets.queue import QueueList


def error_toasts(app: ReplyDeskApp) -> list[str]:
    """The titles of the error toasts shown so far."""
    return [n.title for n in app._notifications if n.severity == "error"]


async def test_a_locked_database_is_a_toast_and_done_works_once_it_is_free(
    home: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The app gives up on the lock quickly; the holder keeps it until released.
    monkeypatch.setattr("store.db.BUSY_TIMEOUT_MS", 50)
    app = demo_app(home, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_ready(pilot)
        store = app.profile.store
        mention_id = screen.query_one(QueueList).current_id
        assert mention_id is not None
        before = store.get_mention(mention_id)
        assert before is not None and before.state is not MentionState.DONE
        holder = sqlite3.connect(store.path, isolation_level=None)
        try:
            holder.execute("BEGIN EXCLUSIVE")
            await pilot.press("d")
            await wait_for(pilot, lambda: "Database locked" in error_toasts(app))
            assert app.is_running and isinstance(app.screen, MainScreen)
            after = store.get_mention(mention_id)
            assert after is not None and after.state is before.state
            assert screen.undo_stack == []  # nothing to undo: nothing changed
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        assert screen.query_one(QueueList).current_id == mention_id  # the cursor stayed put
        await pilot.press("d")
        await wait_for(pilot, lambda: store.get_mention(mention_id).state is MentionState.DONE)  # type: ignore[union-attr]
        assert len(screen.undo_stack) == 1
        assert app.is_running


class RefusingStore:
    """A draft store whose disk is full until ``full`` is cleared."""

    def __init__(self) -> None:
        self.full = True
        self.saved: dict[int, str] = {}

    def save_draft(self, mention_id: int, text: str) -> None:
        if self.full:
            raise StorageError("The disk is full.", "Disk full")
        self.saved[mention_id] = text

    def draft(self, mention_id: int) -> str:
        return self.saved.get(mention_id, "")


def test_drafts_the_database_refused_are_written_by_the_next_flush() -> None:
    store = RefusingStore()
    saver = DraftSaver(store)
    saver.note(1, "Hello")
    saver.note(2, "Sorry about")
    with pytest.raises(StorageError):
        saver.flush()
    assert saver.pending
    saver.note(2, "Sorry about that")  # typed while the disk was full: the newer text wins
    assert saver.text(1) == "Hello"
    store.full = False
    assert saver.flush() == 2
    assert store.saved == {1: "Hello", 2: "Sorry about that"}
    assert not saver.pending
