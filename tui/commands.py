"""Command palette entries (ctrl+p), named "category: action", for every keyboard action."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from textual.app import SystemCommand
from textual.screen import Screen

from tui.learning import start_retrain
from tui.screens.main import MainScreen
from tui.screens.main_commands import workday_commands
from tui.screens.persona import PersonaScreen
from tui.services import services
from tui.widgets.composer import Composer

if TYPE_CHECKING:
    from textual.app import App


def replydesk_commands(app: App[Any], screen: Screen[object]) -> Iterator[SystemCommand]:
    """The commands that make sense on ``screen``."""
    rd = services(app)
    yield SystemCommand("help: keys", "Every key and its binding id", rd.action_help)
    if isinstance(screen, MainScreen):
        yield SystemCommand(
            "mention: reply", "Write a reply to the selected mention", screen.action_reply
        )
        yield SystemCommand("reply: send", "Check the draft and send it", screen.action_send)
        screen.use_persona()  # the composer's commands see the persona's findings
        composer = screen.query_one(Composer)
        yield SystemCommand(
            "reply: apply fix",
            "Apply the suggested fix under (or after) the cursor",
            composer.action_apply_fix,
        )
        yield SystemCommand(
            "reply: findings", "List every finding of the draft", composer.action_findings
        )
        yield SystemCommand(
            "reply: saved replies", "Insert a saved reply", composer.action_saved_replies
        )
        yield SystemCommand(
            "reply: send anyway (override)",
            "Send despite blocking persona findings, with a logged reason",
            screen.action_send_anyway,
        )
        yield SystemCommand(
            "persona: show", "The brand's voice, rules and saved replies", screen.action_persona
        )
        yield SystemCommand("mention: done", "Mark handled without replying", screen.action_done)
        yield SystemCommand("mention: snooze", "Hide until a time you pick", screen.action_snooze)
        yield SystemCommand(
            "mention: undo",
            "Undo your last done, snooze or class correction (this session)",
            screen.action_undo,
        )
        yield SystemCommand("sync: now", "Fetch new mentions now", screen.action_sync)
        yield SystemCommand(
            "stats: show", "Response rate, response times, SLA, volume", rd.action_stats
        )
        yield SystemCommand(
            "people: show",
            "Who is talking to us: frequent engagers, advocates, people at risk",
            rd.action_people,
        )
        yield from workday_commands(screen)
        yield SystemCommand(
            "listen: watch terms",
            "Watch terms: what each brought in over the last 7 days",
            screen.action_watch_terms,
        )
    if isinstance(screen, PersonaScreen):
        yield SystemCommand("persona: reload", "Read the persona file again", screen.action_reload)
    yield SystemCommand(
        "triage: retrain",
        "Rebuild the learned triage model from your class corrections",
        lambda: start_retrain(app),
    )
    if not rd.paths.demo:
        yield SystemCommand(
            "app: open the demo inbox", "A generated inbox, nothing posted", rd.action_open_demo
        )
