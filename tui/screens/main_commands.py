"""Command palette entries for the working day: a "view: …" per tab, search, and the marks
and states of a mention (each also a remappable key)."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from textual.app import SystemCommand

from tui.screens.main import MainScreen


def workday_commands(screen: MainScreen) -> Iterator[SystemCommand]:
    """The palette's working-day commands on the main screen."""
    for tab in screen.tabs:
        show = partial(screen.action_show_tab, tab.key)
        yield SystemCommand(f"view: {tab.title}", f"Show the {tab.title} tab", show)
    yield SystemCommand(
        "search: open", "Full-text search with filters (class: net: is: …)", screen.action_search
    )
    yield SystemCommand("mention: reopen", "Put it back in the inbox", screen.action_reopen)
    yield SystemCommand(
        "mention: spam / not spam", "Mark as spam, or back from spam", screen.action_spam
    )
    yield SystemCommand(
        "mention: follow up", "Check back on it later, in the inbox", screen.action_follow_up
    )
    yield SystemCommand("mention: labels", "Set its labels", screen.action_labels)
    yield SystemCommand("mention: note", "Add a private note", screen.action_note)
    yield SystemCommand("mention: assign", "Assign it to a teammate", screen.action_assign)
    yield SystemCommand("mention: copy link", "Copy the post's link", screen.action_copy_link)
    yield SystemCommand("mention: open in browser", "Open the post", screen.action_open_link)
    for act, what in (
        ("like", "Like (favourite) the post on its network; again to undo"),
        ("boost", "Boost (repost) the post on its network; again to undo"),
        ("follow", "Follow the author back; again to unfollow"),
    ):
        yield SystemCommand(f"mention: {act}", what, partial(screen.action_engage, act))
