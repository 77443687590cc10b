"""What each figure of the Stats screen means (``?`` there): the same words as the README."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from analytics.definitions import DEFINITIONS


class DefinitionsScreen(ModalScreen[None]):
    """The definitions, one paragraph each, scrolling."""

    DEFAULT_CSS = """
    DefinitionsScreen { align: center middle; }
    DefinitionsScreen #definitions-box {
        width: 90; max-width: 100%; height: 80%; max-height: 100%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    DefinitionsScreen #definitions-list { height: 1fr; }
    DefinitionsScreen .definition { margin-bottom: 1; }
    DefinitionsScreen .hint { color: $text-muted; height: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close", id="definitions.close"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="definitions-box"):
            yield Static(Content.styled("What the figures mean", "bold $accent"))
            with VerticalScroll(id="definitions-list"):
                for name, text in DEFINITIONS:
                    yield Static(
                        Content.assemble(Content.styled(name, "bold"), ": ", text),
                        classes="definition",
                    )
            yield Static(Content("Esc closes this screen."), classes="hint")

    def on_mount(self) -> None:
        self.query_one("#definitions-list").focus()
