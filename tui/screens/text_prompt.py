"""One line of text asked for in a box: labels, a note, a teammate. Completion from a list
(tab or → accepts it); ``check`` may refuse what was typed, saying why, before it is taken."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Input, Static


class TextPrompt(ModalScreen[str | None]):
    """Ask for a line; dismisses with it (``None``: cancelled)."""

    DEFAULT_CSS = """
    TextPrompt {
        align: center middle;
    }
    #prompt-box {
        width: 60;
        max-width: 100%;
        height: auto;
        border: round $primary;
        background: $surface;
        padding: 0 1;
    }
    #prompt-input {
        margin: 1 0;
    }
    #prompt-error {
        display: none;
        color: $text-error;
    }
    #prompt-foot {
        color: $text-muted;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel", id="prompt.cancel", tooltip="Leave it"),
    ]

    def __init__(
        self,
        title: str,
        value: str = "",
        *,
        placeholder: str = "",
        suggestions: Sequence[str] = (),
        check: Callable[[str], str] | None = None,
        password: bool = False,
    ) -> None:
        super().__init__()
        self.password = password  # a secret: typed unseen
        self.title_text = title
        self.value = value
        self.placeholder = placeholder
        self.suggestions = list(suggestions)
        self.check = check

    def compose(self) -> ComposeResult:
        suggester = SuggestFromList(self.suggestions, case_sensitive=False)
        with Vertical(id="prompt-box"):
            yield Static(Content.styled(self.title_text, "bold $accent"))
            yield Input(
                self.value,
                placeholder=self.placeholder,
                suggester=suggester if self.suggestions else None,
                password=self.password,
                id="prompt-input",
            )
            yield Static(id="prompt-error")
            yield Static(Content("Enter saves · → completes · Esc leaves it"), id="prompt-foot")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        problem = self.check(event.value) if self.check is not None else ""
        if problem:
            error = self.query_one("#prompt-error", Static)
            error.display = True
            error.update(Content(problem))
            return
        self.dismiss(event.value)
