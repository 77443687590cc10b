"""First run with no account: offer the demo inbox or adding an account; say where files live."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from settings.paths import Paths

WELCOME = (
    "ReplyDesk keeps every mention of your brand in one queue, complaints and overdue items "
    "first, and checks each reply against your brand's voice before it is sent.\n\n"
    "No account is connected yet."
)


class WelcomeScreen(Screen[None]):
    """The first thing a new user sees."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "d",
            "app.open_demo",
            "Open the demo inbox",
            id="welcome.demo",
            priority=True,
            tooltip="Try ReplyDesk on a generated inbox: no account, no network",
        ),
        Binding(
            "a",
            "app.accounts",
            "Add an account",
            id="welcome.add_account",
            priority=True,
            tooltip="Connect a Mastodon or Bluesky account",
        ),
    ]

    def __init__(self, paths: Paths) -> None:
        super().__init__()
        self.paths = paths

    def compose(self) -> ComposeResult:
        with Vertical(id="welcome-box"):
            yield Static(Content.styled("Welcome to ReplyDesk", "bold $accent"), id="welcome-title")
            yield Static(Content(WELCOME))
            yield Static(
                Content.assemble(
                    Content.styled("d", "bold $accent"),
                    "  open the demo inbox (a coffee roaster's mentions; nothing is posted)\n",
                    Content.styled("a", "bold $accent"),
                    "  add a Mastodon or Bluesky account\n",
                    Content.styled("q", "bold $accent"),
                    "  quit",
                ),
                id="welcome-choices",
            )
            yield Static(
                Content.styled(
                    f"Your data: {self.paths.data_dir}\nYour settings: {self.paths.config_dir}\n"
                    f"Set REPLYDESK_HOME to keep both somewhere else.",
                    "$text-muted",
                ),
                id="welcome-paths",
            )
        yield Footer()
