"""Command palette entries (ctrl+p), named "category: action", for every keyboard action."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from textual.app import SystemCommand
from textual.screen import Screen

from tui.screens.main import MainScreen

if TYPE_CHECKING:
    from tui.app import ReplyDeskApp


def replydesk_commands(app: ReplyDeskApp, screen: Screen[object]) -> Iterator[SystemCommand]:
    """The commands that make sense on ``screen``."""
    yield SystemCommand("help: keys", "Every key and its binding id", app.action_help)
    if isinstance(screen, MainScreen):
        yield SystemCommand(
            "mention: reply", "Write a reply to the selected mention", screen.action_reply
        )
        yield SystemCommand("reply: send", "Check the draft and send it", screen.action_send)
        yield SystemCommand("mention: done", "Mark handled without replying", screen.action_done)
        yield SystemCommand("mention: snooze 1 h", "Hide for an hour", screen.action_snooze)
        yield SystemCommand("mention: undo", "Undo the last done or snooze", screen.action_undo)
        yield SystemCommand("sync: now", "Fetch new mentions now", screen.action_sync)
    if not app.paths.demo:
        yield SystemCommand(
            "app: open the demo inbox", "A generated inbox, nothing posted", app.action_open_demo
        )
