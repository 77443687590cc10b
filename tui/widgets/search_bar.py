"""The query line under the panes: ``/`` opens it, results follow each keystroke, a mistake is
said under it in words (never as an SQL error), enter goes back to the results, esc closes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Static

PLACEHOLDER = 'words, "a phrase", -not  class: net: is: from:@ label: assignee: since:2d'


class SearchBar(Vertical):
    """A one-line query input and, when the query is wrong, one line saying why."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape",
            "close",
            "Close search",
            id="search.close",
            tooltip="Close the search and go back to the tab you were on",
        ),
    ]

    @dataclass
    class Changed(Message):
        """The query text changed (also when it was cleared)."""

        text: str

    @dataclass
    class Closed(Message):
        """The person closed the search (esc)."""

    @dataclass
    class Done(Message):
        """The person pressed enter: back to the results."""

    def compose(self) -> ComposeResult:
        # Hidden until ``/``: its input and error line are built when it first opens, so the
        # main screen's first frame does not style (nor load the CSS of) a field nobody sees.
        yield from ()

    def open(self, text: str) -> None:
        """Show the line holding ``text`` and put the cursor in it."""
        self.display = True
        fields = self.query(Input)
        if fields:
            field = fields.first()
            with field.prevent(Input.Changed):
                field.value = text
        else:  # the first opening: made holding ``text`` (a value given here says no Changed)
            field = Input(text, placeholder=PLACEHOLDER, id="query", compact=True)
            self.mount(field, Static(id="query-error"))
        field.cursor_position = len(text)
        field.focus()

    def show_error(self, message: str) -> None:
        """Say what is wrong with the query ("" clears it); the text is shown as typed."""
        for error in self.query("#query-error").results(Static):
            error.display = bool(message)
            error.update(Content(message))

    @property
    def text(self) -> str:
        """The query as typed ("" before the line was first opened)."""
        fields = self.query(Input)
        return fields.first().value if fields else ""

    @on(Input.Changed, "#query")
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(event.value))

    @on(Input.Submitted, "#query")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Done())

    def action_close(self) -> None:
        """Hide the line; the screen goes back to the tab before the search."""
        self.display = False
        self.show_error("")
        self.post_message(self.Closed())
