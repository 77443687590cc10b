"""ctrl+t: pick one of the persona's saved replies by typing a few letters of its name."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.fuzzy import FuzzySearch
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from tui.safe import clean, one_line
from tui.widgets.legible import LegibleOptionList

#: A saved reply ready to insert: its name and its text with the variables filled in.
Reply = tuple[str, str]


def rank_replies(
    search: FuzzySearch, query: str, replies: Sequence[Reply]
) -> list[tuple[int, Sequence[int]]]:
    """``(index, matched offsets in the name)`` of the replies matching ``query``, best first.

    Names are matched fuzzily; a reply whose text contains the query word for word comes after
    every name match (its name shows no highlight). An empty query keeps the persona's order.
    """
    query = query.strip()
    if not query:
        return [(index, ()) for index in range(len(replies))]
    scored: list[tuple[float, int, Sequence[int]]] = []
    for index, (name, text) in enumerate(replies):
        score, offsets = search.match(query, name)
        if score:
            scored.append((1.0 + score, index, offsets))
        elif query.lower() in text.lower():
            scored.append((0.5, index, ()))
    scored.sort(key=lambda entry: (-entry[0], entry[1]))
    return [(index, offsets) for _, index, offsets in scored]


def reply_prompt(name: str, text: str, offsets: Sequence[int]) -> Content:
    """The name (matched letters underlined) and the start of the text."""
    title = Content(name)
    for offset in offsets:
        title = title.stylize("bold underline $accent", offset, offset + 1)
    return Content.assemble(title, Content.styled(f"  {one_line(text, 70)}", "$text-muted"))


class SavedRepliesScreen(ModalScreen[str | None]):
    """A filter box over the saved replies; enter inserts the highlighted one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="saved.cancel", tooltip="Back to the draft"),
        Binding("down", "move(1)", "Next", show=False, id="saved.down", tooltip="Next reply"),
        Binding("up", "move(-1)", "Previous", show=False, id="saved.up", tooltip="Previous reply"),
    ]

    def __init__(self, replies: Sequence[Reply]) -> None:
        super().__init__()
        self.replies = list(replies)
        self.shown: list[int] = []
        self._search = FuzzySearch()

    def compose(self) -> ComposeResult:
        with Vertical(id="saved-box", classes="modal-box"):
            yield Static(Content.styled("Saved replies", "bold $accent"), classes="modal-title")
            yield Input(placeholder="Type part of a name…", id="saved-filter")
            yield LegibleOptionList(id="saved-list")
            yield Static(id="saved-preview")
            yield Static(
                Content.styled("enter: insert · ↑/↓: choose · esc: cancel", "$text-muted"),
                classes="modal-hint",
            )

    def on_mount(self) -> None:
        self._filter("")
        self.query_one(Input).focus()

    @on(Input.Changed, "#saved-filter")
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        self._filter(event.value)

    def _filter(self, query: str) -> None:
        ranked = rank_replies(self._search, query, self.replies)
        self.shown = [index for index, _ in ranked]
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(
            Option(reply_prompt(*self.replies[index], offsets), id=str(index))
            for index, offsets in ranked
        )
        options.highlighted = 0 if ranked else None
        self._preview()

    @on(OptionList.OptionHighlighted)
    def _preview(self) -> None:
        preview = self.query_one("#saved-preview", Static)
        choice = self.chosen
        if choice is None:
            preview.update(Content.styled("No saved reply matches.", "$warning"))
        else:
            preview.update(Content(clean(self.replies[choice][1])))

    @property
    def chosen(self) -> int | None:
        """Index (in ``replies``) of the highlighted saved reply."""
        highlighted = self.query_one(OptionList).highlighted
        if highlighted is None or highlighted >= len(self.shown):
            return None
        return self.shown[highlighted]

    def action_move(self, step: int) -> None:
        """Move the highlight while the cursor stays in the filter box."""
        options = self.query_one(OptionList)
        if step > 0:
            options.action_cursor_down()
        else:
            options.action_cursor_up()

    @on(Input.Submitted, "#saved-filter")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._choose()

    @on(OptionList.OptionSelected)
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._choose()

    def _choose(self) -> None:
        choice = self.chosen
        if choice is None:
            self.notify("No saved reply matches; change the filter.", severity="warning")
            return
        self.dismiss(self.replies[choice][1])

    def action_cancel(self) -> None:
        """Close without inserting."""
        self.dismiss(None)
