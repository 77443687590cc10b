"""The private note on a person (never sent), asked for from the People and person screens."""

from __future__ import annotations

from collections.abc import Callable

from textual.screen import Screen

from store.people_list import Person
from tui.safe import one_line
from tui.services import services


def ask_person_note(screen: Screen[None], person: Person, then: Callable[[], None]) -> None:
    """Ask for the note on ``person`` and store it; ``then()`` after it is saved."""
    from tui.screens.text_prompt import TextPrompt

    def save(text: str | None) -> None:
        if text is None:
            return
        services(screen.app).profile.store.set_person_note(
            person.account_id, person.author_id, text
        )
        screen.notify("Note saved." if text.strip() else "Note removed.", timeout=3)
        then()

    title = f"Note on {one_line(person.handle, 40)} (private, never sent)"
    screen.app.push_screen(TextPrompt(title, person.note), save)
