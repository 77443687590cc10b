"""Shown instead of the queue when ReplyDesk cannot work at all (e.g. a damaged database)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from adapters.errors import ReplyDeskError


class ProblemScreen(Screen[None]):
    """A clear message naming the file and what to do; nothing is overwritten."""

    def __init__(self, error: ReplyDeskError) -> None:
        super().__init__()
        self.error = error

    def compose(self) -> ComposeResult:
        with Vertical(id="problem-box"):
            yield Static(Content.styled(self.error.title, "bold $error"), id="problem-title")
            yield Static(Content(self.error.msg))
            yield Static(Content.styled("Press q to quit.", "$text-muted"))
        yield Footer()
