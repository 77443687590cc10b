"""The People screen (``P``, or ``g`` then ``p``): who is talking to us.

Four lists (frequent engagers, advocates, people at risk, everyone), each person with their
mentions counted by class, open items, last contact, tags and the note on them; ``/`` narrows
by handle or name, Enter opens a person's history across networks, ``n`` writes a note on them.
Pages are read from indexes (``store.people_list``) in a worker thread; names are untrusted
and shown as plain text only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static

from store.people_list import KINDS, Person
from tui.format import age, short_handle
from tui.safe import one_line
from tui.screens.person_note import ask_person_note
from tui.services import services

TITLES = {
    "frequent": "Frequent engagers",
    "advocates": "Advocates",
    "at-risk": "At risk",
    "everyone": "Everyone",
}


@dataclass
class PeopleLoaded(Message):
    """A page of one list, read in the worker for the search typed then."""

    kind: str
    search: str
    people: list[Person]


def person_cells(person: Person, now: datetime) -> tuple[Text, ...]:
    """One person as table cells (plain text: names come from the network)."""
    name = f" ({one_line(person.name, 16)})" if person.name else ""
    return (
        Text(one_line(short_handle(person.handle), 24) + name),
        Text(person.platform),
        Text(str(person.mentions), justify="right"),
        Text(str(person.complaints), justify="right"),
        Text(str(person.questions), justify="right"),
        Text(str(person.praise), justify="right"),
        Text(str(person.open_items), justify="right"),
        Text(age(person.last_at, now)),
        Text(", ".join(person.tags)),
        Text(one_line(person.note, 40)),
    )


KEYS_HINT = "1–4 lists · / search · Enter history · n note · Esc back"
COLUMNS = ("Person", "Net", "Ment.", "Compl.", "Quest.", "Praise", "Open", "Last", "Tags", "Note")


class PeopleScreen(Screen[None]):
    """Authors by what their history says about them."""

    DEFAULT_CSS = """
    PeopleScreen #people-head { height: 1; padding: 0 1; background: $panel; }
    PeopleScreen #people-search { margin: 0 1; }
    PeopleScreen #people-table { height: 1fr; margin: 0 1; }
    PeopleScreen #people-foot { height: auto; padding: 0 1; color: $text-muted; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "kind('frequent')", "Frequent", id="people.frequent",
                tooltip="Frequent engagers: 3 or more mentions in 30 days"),
        Binding("2", "kind('advocates')", "Advocates", id="people.advocates",
                tooltip="Advocates: 2 or more praising mentions and no open complaint"),
        Binding("3", "kind('at-risk')", "At risk", id="people.at_risk",
                tooltip="At risk: 2 or more complaints in 30 days"),
        Binding("4", "kind('everyone')", "Everyone", id="people.everyone",
                tooltip="Everyone, most recent contact first"),
        Binding("slash", "search", "Search", id="people.search",
                tooltip="Narrow the list by handle or name"),
        Binding("enter", "open", "History", id="people.open",
                tooltip="The person's mentions across accounts and networks"),
        Binding("n", "note", "Note", id="people.note",
                tooltip="A private note on the person (never sent)"),
        Binding("escape", "back", "Back", id="people.close", tooltip="Back to the queue"),
    ]  # fmt: skip

    def __init__(self, kind: str = "frequent") -> None:
        super().__init__()
        self.kind = kind
        self.shown: list[Person] = []
        self.loads = 0
        """How many pages have been shown (tests wait on it)."""

    def compose(self) -> ComposeResult:
        yield Static(id="people-head")
        yield Input(placeholder="/ search handles and names", id="people-search")
        yield DataTable(id="people-table", cursor_type="row", zebra_stripes=True)
        yield Static(Content(KEYS_HINT), id="people-foot")

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns(*COLUMNS)
        self._head()
        self.query_one(DataTable).focus()
        self.reload()

    def _head(self) -> None:
        parts: list[Content | str] = [Content.styled("People", "bold $accent"), "  "]
        for n, kind in enumerate(KINDS, start=1):
            style = "bold reverse" if kind == self.kind else "$text-muted"
            parts += [Content.styled(f" {n} {TITLES[kind]} ", style), " "]
        self.query_one("#people-head", Static).update(Content.assemble(*parts))

    def reload(self) -> None:
        """Read the list in view again, for the search as typed now."""
        self._read(self.kind, self.query_one(Input).value)

    @work(thread=True, exclusive=True, group="people")
    def _read(self, kind: str, search: str) -> None:
        rd = services(self.app)
        people = rd.profile.store.people(kind, rd.clock(), search=search)
        self.post_message(PeopleLoaded(kind, search, people))

    @on(PeopleLoaded)
    def _loaded(self, message: PeopleLoaded) -> None:
        if message.kind != self.kind or message.search != self.query_one(Input).value:
            return  # an older read: a newer one is on its way
        table = self.query_one(DataTable)
        now = services(self.app).clock()
        table.clear()
        self.shown = message.people
        for person in message.people:
            table.add_row(*person_cells(person, now))
        empty = f"No {TITLES[self.kind].lower()} yet. " if not message.people else ""
        self.query_one("#people-foot", Static).update(Content(empty + KEYS_HINT))
        self.loads += 1

    @on(Input.Changed, "#people-search")
    def _typed(self) -> None:
        self.reload()

    @on(Input.Submitted, "#people-search")
    def _searched(self) -> None:
        self.query_one(DataTable).focus()

    def action_kind(self, kind: str) -> None:
        """Show another list."""
        self.kind = kind
        self._head()
        self.reload()

    def action_search(self) -> None:
        """Type to narrow the list."""
        self.query_one(Input).focus()

    def action_back(self) -> None:
        """Leave the search line, or the screen."""
        if self.query_one(Input).has_focus:
            self.query_one(DataTable).focus()
        else:
            self.dismiss()

    @property
    def selected(self) -> Person | None:
        """The person under the cursor."""
        row = self.query_one(DataTable).cursor_row
        return self.shown[row] if 0 <= row < len(self.shown) else None

    @on(DataTable.RowSelected)
    def _chosen(self) -> None:
        self.action_open()

    def action_open(self) -> None:
        """Open the person's history."""
        from tui.screens.person import PersonScreen

        person = self.selected
        if person is not None:
            self.app.push_screen(PersonScreen(person), lambda _: self.reload())

    def action_note(self) -> None:
        """Write the private note on the person."""
        person = self.selected
        if person is not None:
            ask_person_note(self, person, self.reload)
