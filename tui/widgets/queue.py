"""The ranked queue: one line per mention, the worst problem first (its rows are a window of
the tab in view: ``tui.widgets.queue_window``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import OptionList

from tui.widgets.queue_window import HELD_ROW, QueueWindow


class QueueList(QueueWindow):
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

    def set_marks(self, marked: set[int]) -> None:
        """Mark these rows (and no others); marked rows start with ●."""
        self.marked = marked & set(self.items)
        if self.now is not None:
            keys = list(self.keys.values())
            self.show(
                list(self.items.values()),
                self.now,
                self.status,
                keys,
                at_start=self.at_start,
                at_end=self.at_end,
                held=self.held,
            )

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

    def advance(self) -> None:
        """Move to the next row (after acting on this one)."""
        if self.highlighted is not None and self.highlighted + 1 < len(self.items):
            self.highlighted += 1

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id == HELD_ROW:
            event.stop()
            self.post_message(self.HeldBackAsked())

    @on(OptionList.OptionHighlighted)
    def _picked(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self.post_message(self.Picked(self.current_id))
        self._near_edge()
