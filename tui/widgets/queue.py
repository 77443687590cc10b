"""The ranked queue: one line per mention, the worst problem first."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from textual import on
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from store import StoredMention
from tui.format import queue_row


class QueueList(OptionList):
    """Mentions waiting for an answer; rows the person acted on stay, dimmed, until restart."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "cursor_down", "Down", show=False, id="queue.down"),
        Binding("up", "cursor_up", "Up", show=False, id="queue.up"),
        Binding("j", "cursor_down", "Down", show=False, id="queue.down_vim"),
        Binding("k", "cursor_up", "Up", show=False, id="queue.up_vim"),
        Binding("g,home", "first", "First", show=False, id="queue.first"),
        Binding("G,end", "last", "Last", show=False, id="queue.last"),
    ]

    @dataclass
    class Picked(Message):
        """The highlighted mention changed (``None``: the queue is empty)."""

        mention_id: int | None

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.items: dict[int, StoredMention] = {}
        self.status: dict[int, str] = {}
        self.now: datetime | None = None

    @property
    def current_id(self) -> int | None:
        """The mention under the cursor."""
        option = self.highlighted_option
        return int(option.id) if option is not None and option.id else None

    def show(self, items: Iterable[StoredMention], now: datetime, status: dict[int, str]) -> None:
        """Replace the rows, keeping the cursor on the same mention when it is still there."""
        keep = self.current_id
        index = self.highlighted or 0
        self.items = {item.id: item for item in items}
        self.status = status
        self.now = now
        self.set_options(self._option(item) for item in self.items.values())
        if keep is not None and keep in self.items:
            self.highlighted = self.get_option_index(str(keep))
        elif self.items:
            self.highlighted = min(index, len(self.items) - 1)
        self.post_message(self.Picked(self.current_id))

    def advance(self) -> None:
        """Move to the next row (after acting on this one)."""
        if self.highlighted is not None and self.highlighted + 1 < self.option_count:
            self.highlighted += 1

    def _option(self, item: StoredMention) -> Option:
        assert self.now is not None
        return Option(queue_row(item, self.now, self.status.get(item.id, "")), id=str(item.id))

    @on(OptionList.OptionHighlighted)
    def _picked(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self.post_message(self.Picked(self.current_id))
