"""The People screen by keyboard: the lists, search, a person's history and notes."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Input

from tests.conftest import FakeClock
from tests.pilot_helpers import SIZE, demo_app, wait_for
from tests.scenes import people
from tui.screens.main import MainScreen
from tui.screens.people import PeopleScreen
from tui.screens.person import PersonScreen
from tui.screens.text_prompt import TextPrompt


async def test_lists_search_history_and_a_note(tmp_path: Path, clock: FakeClock) -> None:
    app = demo_app(tmp_path / "home", clock)
    async with app.run_test(size=SIZE) as pilot:
        await people(pilot)
        screen = app.screen
        assert isinstance(screen, PeopleScreen)
        assert screen.shown, "the demo has frequent engagers"
        assert all("frequent engager" in p.tags for p in screen.shown)
        assert screen.query_one(DataTable).row_count == len(screen.shown)
        loads = screen.loads
        await pilot.press("4")  # everyone
        await wait_for(pilot, lambda: screen.loads > loads and screen.kind == "everyone")
        everyone = list(screen.shown)
        assert len(everyone) > 3
        assert [p.last_at for p in everyone] == sorted((p.last_at for p in everyone), reverse=True)
        target = everyone[2]
        word = target.handle.lstrip("@")[:6]
        loads = screen.loads
        await pilot.press("slash", *word)
        search = screen.query_one("#people-search", Input)
        await wait_for(pilot, lambda: screen.loads > loads and search.value == word)
        await wait_for(pilot, lambda: any(p.author_id == target.author_id for p in screen.shown))
        assert all(word.lower() in (p.handle + p.name).lower() for p in screen.shown)
        await pilot.press("enter")  # leaves the search line for the list
        row = next(n for n, p in enumerate(screen.shown) if p.author_id == target.author_id)
        screen.query_one(DataTable).move_cursor(row=row)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, PersonScreen) and app.screen.loads)
        person = app.screen
        assert isinstance(person, PersonScreen)
        history = person.query_one(DataTable)
        assert history.row_count >= target.mentions
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, TextPrompt))
        await pilot.press(*"Prefers DMs", "enter")
        await wait_for(pilot, lambda: person.loads > 1 and person.person.note == "Prefers DMs")
        stored = app.profile.store.person(target.account_id, target.author_id, clock())
        assert stored is not None and stored.note == "Prefers DMs"
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, PeopleScreen))
        await wait_for(pilot, lambda: any(p.note == "Prefers DMs" for p in screen.shown))
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
        await pilot.press("P")  # the direct key opens it too
        await wait_for(pilot, lambda: isinstance(app.screen, PeopleScreen))
