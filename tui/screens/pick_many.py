"""Pick some of a list in a box (a login's Facebook Pages): space marks, Enter takes the marked
ones, Esc picks none."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import SelectionList, Static


class PickMany(ModalScreen[list[int]]):
    """Dismisses with the indexes of the marked labels (empty: none, or cancelled)."""

    DEFAULT_CSS = """
    PickMany {
        align: center middle;
    }
    #pick-box {
        width: 70;
        max-width: 100%;
        height: auto;
        max-height: 80%;
        border: round $primary;
        background: $surface;
        padding: 0 1;
    }
    #pick-list {
        height: auto;
        max-height: 20;
        margin: 1 0;
    }
    #pick-foot {
        color: $text-muted;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter",
            "take",
            "Take the marked",
            id="pick.take",
            priority=True,
            tooltip="Take the marked items",
        ),
        Binding("escape", "dismiss([])", "Cancel", id="pick.cancel", tooltip="Pick none"),
    ]

    def __init__(self, question: str, labels: Sequence[str]) -> None:
        super().__init__()
        self.question = question
        self.labels = list(labels)

    def compose(self) -> ComposeResult:
        with Vertical(id="pick-box"):
            yield Static(Content.styled(self.question, "bold $accent"))
            # Labels are untrusted (Page names): Content, never markup.
            yield SelectionList[int](
                *((Content(label), n) for n, label in enumerate(self.labels)), id="pick-list"
            )
            yield Static(Content("Space marks · Enter takes the marked · Esc none"), id="pick-foot")

    def on_mount(self) -> None:
        self.query_one(SelectionList).focus()

    def action_take(self) -> None:
        """Dismiss with the marked items, in the list's order."""
        self.dismiss(sorted(self.query_one(SelectionList).selected))
