"""The queue's rows as a window onto the tab in view, never all of it.

A few keyset pages (``store.pages``) around the cursor: nearing either edge asks for the next
page (``PageWanted``); ``G``/``end`` and ``g``/``home`` ask for the tab's last or first page
(``JumpWanted``) when it is not in the window. So every row of every tab is reachable, and the
rows held here (at most ``MAX_ROWS`` beyond those on screen) do not grow with the store. Only
the rows on screen are drawn (``OptionList`` renders the lines in view).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from store import StoredMention
from store.pages import PAGE, PageKey
from tui.format import queue_row
from tui.widgets.legible import LegibleOptionList

MARGIN = 40
"""Rows from the window's edge at which the next page is asked for (held ``j`` stays ahead)."""
MAX_ROWS = 3 * PAGE
"""Rows the widget holds at most; past it, the far end of the window is let go."""


@dataclass(frozen=True, slots=True)
class WindowSize:
    """How the queue's window pages: rows per page read, the margin that asks for the next
    one, and the most rows held (tests shrink it to page through a small store)."""

    page: int = PAGE
    margin: int = MARGIN
    max_rows: int = MAX_ROWS


HELD_ROW = "held-back"
"""The option id of the summary row of what listening held back today (after the mentions)."""


class QueueWindow(LegibleOptionList):
    """One line per mention, for a stretch of the ranked queue that follows the person."""

    @dataclass
    class Picked(Message):
        """The highlighted mention changed (``None``: the queue is empty)."""

        mention_id: int | None

    @dataclass
    class PageWanted(Message):
        """Read the page just ``after`` the window's last row, or just ``before`` its first."""

        after: PageKey | None
        before: PageKey | None

    @dataclass
    class JumpWanted(Message):
        """Read the tab's ``last`` page (else its first) and put the cursor there."""

        last: bool

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.items: dict[int, StoredMention] = {}
        self.status: dict[int, str] = {}
        self.now: datetime | None = None
        self.marked: set[int] = set()
        """Rows marked for a change to several at once (space, V)."""
        self.keys: dict[int, PageKey] = {}
        """Each row's place in the store's queue (where the next page starts)."""
        self.at_start = True
        """The window begins at the queue's first row."""
        self.at_end = True
        """The window ends at the queue's last row."""
        self.asking = False
        """A page next to the window was asked for and has not come yet."""
        self.size_of_window = WindowSize()
        self._rebuilding = False
        self.held = ""
        """The summary of what listening held back today, the last row once the window
        reaches the queue's end ("": none)."""

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
        keys: Iterable[PageKey] = (),
        *,
        at_start: bool = True,
        at_end: bool = True,
        held: str = "",
    ) -> None:
        """Replace the rows (a window of the queue, ``keys`` their places in it), keeping the
        cursor on the same mention when it is still there (else on the row now in its
        position) and that row where it was on the screen; ``held`` (the summary of what
        listening held back) follows the queue's last row."""
        keep = self.current_id
        on_held = self.highlighted_option is not None and self.highlighted_option.id == HELD_ROW
        index = self.highlighted or 0
        # Rows are one line each, so an option's index is its line in the list.
        offset = None if self.highlighted is None else index - round(self.scroll_y)
        self.items = {item.id: item for item in items}
        self.marked &= set(self.items)
        self.keys = dict(zip(self.items, keys, strict=False))
        self.at_start, self.at_end, self.asking = at_start, at_end, False
        self.status = status
        self.now = now
        self.held = held
        with self._rebuilding_rows():
            self.set_options([*(self._option(item) for item in self.items.values()), *self._tail()])
            if keep is not None and keep in self.items:
                self.highlighted = self.get_option_index(str(keep))
            elif on_held and self._tail():
                self.highlighted = self.option_count - 1
            elif self.items:
                self.highlighted = min(index, len(self.items) - 1)
            if offset is not None and self.highlighted is not None:
                # Rows arriving above must not push the row under the cursor away.
                y = max(0, self.highlighted - offset)
                self.scroll_to(y=y, animate=False, immediate=True)
        self.post_message(self.Picked(self.current_id))
        self.call_after_refresh(self._near_edge)

    def window(self) -> tuple[PageKey | None, int]:
        """Where a reload of this window starts (``None``: the queue's top) and how many rows
        it reads, so a refresh rereads the stretch in view, wherever that is."""
        first = next(iter(self.keys.values()), None)
        start = None if self.at_start or first is None else first
        # A page more than it holds, so rows that arrived since show (up to the most held).
        size = self.size_of_window
        return start, min(size.max_rows, len(self.keys) + size.page)

    def restart(self) -> None:
        """Another tab comes into view: the next reload reads its first page; until then the
        rows on screen ask for no page of theirs."""
        self.keys.clear()
        self.at_start = True

    def extend(
        self,
        items: list[StoredMention],
        keys: list[PageKey],
        status: dict[int, str],
        *,
        edge: PageKey,
        downward: bool,
        reached: bool,
    ) -> bool:
        """Add a page next to the window (below it when ``downward``), read from ``edge``;
        ``reached``: it holds the queue's end (or start). Drops the far end past the most held
        with the cursor and the view staying on the same rows. False, and nothing changes,
        if the window moved since the page was asked for."""
        self.asking = False
        ordered = list(self.keys)
        if not ordered or self.keys[ordered[-1 if downward else 0]] != edge:
            return False
        self.status.update(status)
        fresh = [(i, k) for i, k in zip(items, keys, strict=True) if i.id not in self.items]
        rows = [(self.items[i], self.keys[i]) for i in ordered]
        rows = rows + fresh if downward else fresh + rows
        # Never let go of the rows in view or under the cursor, only of rows beyond them.
        height = max(1, self.scrollable_content_region.height)
        top = round(self.scroll_y)
        cursor = self.highlighted if self.highlighted is not None else top
        spare = min(cursor, top) if downward else len(ordered) - max(cursor + 1, top + height)
        dropped = min(max(0, len(rows) - self.size_of_window.max_rows), max(0, spare))
        if downward:
            rows, shift = rows[dropped:], -dropped
            self.at_end, self.at_start = reached, self.at_start and not dropped
        else:
            rows, shift = rows[: len(rows) - dropped], len(fresh)
            self.at_start, self.at_end = reached, self.at_end and not dropped
        self.items = {item.id: item for item, _ in rows}
        self.keys = {item.id: key for item, key in rows}
        if downward and not dropped:  # nothing above moves
            self.add_options([*(self._option(item) for item, _ in fresh), *self._tail()])
        else:
            self._reset_shifted(shift)
        self.call_after_refresh(self._near_edge)
        return True

    def _reset_shifted(self, shift: int) -> None:
        """Rebuild the rows when some came or went above the cursor, which moves ``shift``
        rows down, as does the view: the person sees the same rows in the same places."""
        index, top = self.highlighted, self.scroll_y
        with self._rebuilding_rows():
            self.set_options([*(self._option(item) for item in self.items.values()), *self._tail()])
            with self.prevent(OptionList.OptionHighlighted):  # the same mention stays picked
                self.highlighted = None if index is None else max(0, index + shift)
            self.scroll_to(y=max(0, top + shift), animate=False, immediate=True)

    @contextmanager
    def _rebuilding_rows(self) -> Iterator[None]:
        """While the rows are rebuilt the list is briefly at its top, with no cursor: no page
        may be asked for until the cursor and the view are back."""
        self._rebuilding = True
        try:
            yield
        finally:
            self._rebuilding = False

    def _near_edge(self) -> None:
        """Ask for the next page when the cursor or the view comes near an edge of the window."""
        if self.asking or self._rebuilding or not self.keys:
            return
        height = max(1, self.scrollable_content_region.height)
        top = round(self.scroll_y)
        cursor = self.highlighted if self.highlighted is not None else top
        rows = list(self.keys.values())
        margin = self.size_of_window.margin
        if not self.at_end and max(cursor, top + height) >= len(rows) - margin:
            self.asking = True
            self.post_message(self.PageWanted(after=rows[-1], before=None))
        elif not self.at_start and min(cursor, top) < margin:
            self.asking = True
            self.post_message(self.PageWanted(after=None, before=rows[0]))

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if round(old_value) != round(new_value):
            self._near_edge()  # the wheel or the scrollbar scrolls without moving the cursor

    def action_first(self) -> None:
        """The queue's first row (read from the store if the window is further down)."""
        if self.at_start:
            super().action_first()
        else:
            self.post_message(self.JumpWanted(last=False))

    def action_last(self) -> None:
        """The queue's last row (read from the store if the window ends before it)."""
        if self.at_end:
            super().action_last()
        else:
            self.post_message(self.JumpWanted(last=True))

    def _tail(self) -> list[Option]:
        """The held-back summary row, once the window holds the queue's last row."""
        if not (self.held and self.at_end):
            return []
        # Untrusted text (a term the person typed): Content never reads markup.
        return [Option(Content.styled(self.held, "$text-muted"), id=HELD_ROW)]

    def _option(self, item: StoredMention) -> Option:
        assert self.now is not None
        row = queue_row(item, self.now, self.status.get(item.id, ""))
        if self.marked:  # a column for the marks only while there are any
            row = Content.assemble("● " if item.id in self.marked else "  ", row)
        return Option(row, id=str(item.id))
