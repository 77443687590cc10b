"""One person's history with the brand, across the brand's accounts and networks.

The person as the People screen listed them, who is probably the same person elsewhere (the
same author on another of the brand's accounts, the same display name on another network),
the note on them, and their mentions newest first with class, state and first line. Read in a
worker thread; every name and text is plain text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Static

from store import StoredMention
from store.people_list import Person
from tui.format import age
from tui.safe import one_line
from tui.screens.person_note import ask_person_note
from tui.services import services


@dataclass
class HistoryLoaded(Message):
    """The person (read again), who they are elsewhere, and their mentions."""

    person: Person
    same: list[Person]
    mentions: list[StoredMention]


def state_word(item: StoredMention) -> str:
    """ "answered", "open", "snoozed", "done", "spam", "gone"."""
    if item.gone:
        return "gone"
    if item.answered_at is not None:
        return "answered"
    return "open" if item.state.value == "new" else item.state.value


class PersonScreen(Screen[None]):
    """A person's mentions across networks."""

    DEFAULT_CSS = """
    PersonScreen #person-head { height: auto; padding: 0 1; background: $panel; }
    PersonScreen #person-table { height: 1fr; margin: 0 1; }
    PersonScreen #person-foot { height: 1; padding: 0 1; color: $text-muted; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "note", "Note", id="person.note",
                tooltip="A private note on the person (never sent)"),
        Binding("escape", "dismiss", "Back", id="person.close", tooltip="Back to People"),
    ]  # fmt: skip

    def __init__(self, person: Person) -> None:
        super().__init__()
        self.person = person
        self.loads = 0
        """How many times the history has been shown (tests wait on it)."""

    def compose(self) -> ComposeResult:
        yield Static(id="person-head")
        yield DataTable(id="person-table", cursor_type="row", zebra_stripes=True)
        yield Static(Content("n note on the person · Esc back"), id="person-foot")

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns("When", "Net", "Class", "State", "Text")
        self.query_one(DataTable).focus()
        self.reload()

    def reload(self) -> None:
        """Read the person and their history again."""
        self._read(self.person)

    @work(thread=True, exclusive=True, group="person")
    def _read(self, person: Person) -> None:
        rd = services(self.app)
        store, now = rd.profile.store, rd.clock()
        fresh = store.person(person.account_id, person.author_id, now) or person
        same = store.same_person(fresh, now)
        self.post_message(HistoryLoaded(fresh, same, store.history(same or [fresh])))

    @on(HistoryLoaded)
    def _loaded(self, message: HistoryLoaded) -> None:
        self.person = person = message.person
        now = services(self.app).clock()
        name = f" ({one_line(person.name, 40)})" if person.name else ""
        lines: list[Content | str] = [
            Content.styled(f"{one_line(person.handle, 60)}{name}", "bold $accent"),
            Content.styled(
                f" · {person.mentions} mentions: {person.complaints} complaints, "
                f"{person.questions} questions, {person.praise} praise · "
                f"{person.open_items} open · first {age(person.first_at, now)} · "
                f"last {age(person.last_at, now)}",
                "$text-muted",
            ),
        ]
        if person.tags:
            lines.append(Content.styled(" · " + ", ".join(person.tags), "$success"))
        others = [p for p in message.same if (p.account_id, p.author_id) != self._key]
        for other in others:
            lines.append(
                Content.styled(
                    f"\nalso {one_line(other.handle, 60)} on {other.platform} "
                    f"({other.account_id}): {other.mentions} mentions",
                    "$text-muted",
                )
            )
        note = one_line(person.note, 200) if person.note else "no note (n writes one)"
        lines.append(Content.styled(f"\nnote: {note}", "italic"))
        self.query_one("#person-head", Static).update(Content.assemble(*lines))
        table = self.query_one(DataTable)
        table.clear()
        for item in message.mentions:
            mention = item.mention
            table.add_row(
                Text(age(mention.created_at, now)),
                Text(mention.platform.value),
                Text(item.cls),
                Text(state_word(item)),
                Text(one_line(mention.text, 90)),
            )
        self.loads += 1

    @property
    def _key(self) -> tuple[str, str]:
        return (self.person.account_id, self.person.author_id)

    def action_note(self) -> None:
        """Write the private note on the person."""
        ask_person_note(self, self.person, self.reload)
