"""The ranked queue: one line per mention, the worst problem first."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from textual import on
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from store import StoredMention
from tui.format import queue_row
from tui.widgets.legible import LegibleOptionList

HELD_ROW = "held-back"
"""The option id of the summary row of what listening held back today (after the mentions)."""


class QueueList(LegibleOptionList):
    """Mentions waiting for an answer; rows the person acted on stay, muted, until restart."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "cursor_down", "Down", show=False, id="queue.down"),
        Binding("up", "cursor_up", "Up", show=False, id="queue.up"),
        Binding("j", "cursor_down", "Down", show=False, id="queue.down_vim"),
        Binding("k", "cursor_up", "Up", show=False, id="queue.up_vim"),
        Binding("g,home", "first", "First", show=False, id="queue.first"),
        Binding("G,end", "last", "Last", show=False, id="queue.last"),
        Binding("x", "explain", "Why?", id="mention.explain", tooltip="Why this class and rank"),
        Binding("c", "correct", "Class", id="mention.correct", tooltip="Correct the class (1–5)"),
    ]

    @dataclass
    class Picked(Message):
        """The highlighted mention changed (``None``: the queue is empty)."""

        mention_id: int | None

    @dataclass
    class ExplainAsked(Message):
        """The person asked why a mention has its class, due time and rank."""

        mention_id: int

    @dataclass
    class HeldBackAsked(Message):
        """The person chose the summary row of what listening held back (Enter)."""

    @dataclass
    class CorrectAsked(Message):
        """The person wants to correct a mention's class."""

        mention_id: int

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.items: dict[int, StoredMention] = {}
        self.status: dict[int, str] = {}
        self.now: datetime | None = None
        self.marked: set[int] = set()
        """Rows marked for a change to several at once (space, V)."""
        self.held = ""
        """The summary of what listening held back today, shown after the rows ("": none)."""

    def set_marks(self, marked: set[int]) -> None:
        """Mark these rows (and no others); marked rows start with ●."""
        self.marked = marked & set(self.items)
        if self.now is not None:
            self.show(list(self.items.values()), self.now, self.status, self.held)

    def action_explain(self) -> None:
        """Ask for the explanation of the highlighted mention."""
        if self.current_id is None:
            self.notify("The queue is empty.", severity="warning")
            return
        self.post_message(self.ExplainAsked(self.current_id))

    def action_correct(self) -> None:
        """Ask to correct the class of the highlighted mention."""
        if self.current_id is None:
            self.notify("The queue is empty.", severity="warning")
            return
        self.post_message(self.CorrectAsked(self.current_id))

    @property
    def current_id(self) -> int | None:
        """The mention under the cursor."""
        option = self.highlighted_option
        if option is None or not option.id or option.id == HELD_ROW:
            return None
        return int(option.id)

    def show(
        self,
        items: Iterable[StoredMention],
        now: datetime,
        status: dict[int, str],
        held: str = "",
    ) -> None:
        """Replace the rows, keeping the cursor on the same mention when it is still there
        (else on the row now in its position) and that row where it was on the screen;
        ``held`` (the summary of what listening held back) is the last row."""
        keep = self.current_id
        on_held = self.highlighted_option is not None and self.highlighted_option.id == HELD_ROW
        index = self.highlighted or 0
        # Rows are one line each, so an option's index is its line in the list.
        offset = None if self.highlighted is None else index - round(self.scroll_y)
        self.items = {item.id: item for item in items}
        self.marked &= set(self.items)
        self.status = status
        self.now = now
        self.held = held
        self.set_options(self._option(item) for item in self.items.values())
        if held:  # untrusted text: a term the person typed; Content never reads markup
            self.add_option(Option(Content.styled(held, "$text-muted"), id=HELD_ROW))
        if keep is not None and keep in self.items:
            self.highlighted = self.get_option_index(str(keep))
        elif on_held and held:
            self.highlighted = self.option_count - 1
        elif self.items:
            self.highlighted = min(index, len(self.items) - 1)
        if offset is not None and self.highlighted is not None:
            # Rows arriving above must not push the row under the cursor away.
            self.scroll_to(y=max(0, self.highlighted - offset), animate=False, immediate=True)
        self.post_message(self.Picked(self.current_id))

    def advance(self) -> None:
        """Move to the next row (after acting on this one)."""
        if self.highlighted is not None and self.highlighted + 1 < len(self.items):
            self.highlighted += 1

    def _option(self, item: StoredMention) -> Option:
        assert self.now is not None
        row = queue_row(item, self.now, self.status.get(item.id, ""))
        if self.marked:  # a column for the marks only while there are any
            row = Content.assemble("● " if item.id in self.marked else "  ", row)
        return Option(row, id=str(item.id))

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id == HELD_ROW:
            event.stop()
            self.post_message(self.HeldBackAsked())

    @on(OptionList.OptionHighlighted)
    def _picked(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self.post_message(self.Picked(self.current_id))
