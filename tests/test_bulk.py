"""Marking rows (space, V) and changing them all at once, undone by one u."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from store import MentionState
from tests.conftest import FakeClock
from tests.pilot_helpers import SIZE, demo_app, notes, wait_for, wait_ready
from tui.screens.main_links import safe_link
from tui.screens.text_prompt import TextPrompt
from tui.widgets.queue import QueueList


async def test_marked_rows_take_done_and_labels_together_and_undo_together(
    home: Path, clock: FakeClock
) -> None:
    app = demo_app(home, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_ready(pilot)
        queue = screen.query_one(QueueList)
        store = app.profile.store
        ids = list(queue.items)[:4]
        await pilot.press("space")  # marks the first row, moves to the second
        assert queue.marked == {ids[0]} and queue.current_id == ids[1]
        await pilot.press("down", "V")  # the range from the first to the third
        assert queue.marked == set(ids[:3])
        assert str(queue.get_option_at_index(0).prompt).startswith("● ")
        await pilot.press("escape")
        assert queue.marked == set()
        await pilot.press("home", "space", "space", "space")
        assert queue.marked == set(ids[:3])
        await pilot.press("l")
        await wait_for(pilot, lambda: isinstance(app.screen, TextPrompt))
        app.screen.query_one(Input).value = "batch"
        await pilot.press("enter")
        await wait_for(pilot, lambda: "Labels saved on 3 mentions · u to undo" in notes(app))
        assert not queue.marked

        def labels(mention_id: int) -> tuple[str, ...]:
            found = store.get_mention(mention_id)
            assert found is not None
            return found.labels

        assert [("batch" in labels(i)) for i in ids] == [True, True, True, False]
        await pilot.press("home", "space", "space")
        await pilot.press("d")
        await wait_for(pilot, lambda: "Done: 2 mentions · u to undo" in notes(app))

        def state(mention_id: int) -> MentionState:
            found = store.get_mention(mention_id)
            assert found is not None
            return found.state

        assert [state(i) for i in ids[:2]] == [MentionState.DONE, MentionState.DONE]
        await pilot.press("u")
        await wait_for(pilot, lambda: state(ids[0]) is not MentionState.DONE)
        assert state(ids[1]) is not MentionState.DONE
        assert "Undone: done on 2 mentions." in notes(app)
        await pilot.press("u")
        await wait_for(pilot, lambda: not any("batch" in labels(i) for i in ids))


def test_only_web_links_are_opened_or_copied() -> None:
    assert safe_link(" https://demo.social/@a/1 ") == "https://demo.social/@a/1"
    assert safe_link("javascript:alert(1)") is None
    assert safe_link("file:///etc/passwd") is None and safe_link("https://") is None


async def test_y_copies_the_link_and_capital_o_opens_it(
    home: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = demo_app(home, clock)
    opened: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_ready(pilot)
        monkeypatch.setattr(app, "open_url", lambda url, new_tab=True: opened.append(url))
        item = app.profile.store.get_mention(screen.query_one(QueueList).current_id or 0)
        assert item is not None and item.mention.url.startswith("https://")
        await pilot.press("y")
        await wait_for(pilot, lambda: app.clipboard == item.mention.url)
        await pilot.press("O")
        await wait_for(pilot, lambda: opened == [item.mention.url])
