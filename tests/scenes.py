"""Every screen and modal of the app, reached the way a person reaches it.

Shared by the snapshot tests (what each screen looks like at 80×24 and 120×36) and the contrast
test (every text/background pair drawn on each screen meets WCAG AA). Each opener waits on a
condition (the screen is up, the data is shown), never on a fixed pause.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input, TextArea

from adapters.clock import Clock
from settings.paths import default_paths
from tests.pilot_helpers import demo_app, wait_for, wait_ready
from tui.app import ReplyDeskApp, make_app
from tui.screens.accounts import AccountsScreen
from tui.screens.class_picker import ClassPicker
from tui.screens.explain import ExplainScreen
from tui.screens.findings import FindingsScreen
from tui.screens.help import HelpScreen
from tui.screens.override import OverrideScreen
from tui.screens.people import PeopleScreen
from tui.screens.persona import PersonaScreen
from tui.screens.problem import ProblemScreen
from tui.screens.saved_replies import SavedRepliesScreen
from tui.screens.snooze_picker import SnoozePicker
from tui.screens.stats import StatsScreen
from tui.screens.stats_definitions import DefinitionsScreen
from tui.screens.text_prompt import TextPrompt
from tui.screens.watch import WatchScreen
from tui.screens.welcome import WelcomeScreen
from tui.widgets.composer import Composer
from tui.widgets.thread import ThreadView

#: A draft that breaks the demo persona: an error, warnings and advice, each with a span.
BAD_DRAFT = "Unfortunately per our policy we cannot help!!! Email me at sam@example.com"

Opener = Callable[[Pilot[None]], Awaitable[None]]


@dataclass(frozen=True)
class Scene:
    """One screen: how to build the app for it and how to get there."""

    name: str
    open: Opener
    demo: bool = True
    damaged_db: bool = False

    def app(self, home: Path, clock: Clock) -> ReplyDeskApp:
        """The app this scene starts from (the demo inbox, a first run, or a damaged file)."""
        if self.damaged_db:
            db = default_paths(home).for_demo().db_file
            db.parent.mkdir(parents=True, exist_ok=True)
            db.write_bytes(b"not a database" * 100)
        if self.demo:
            return demo_app(home, clock)
        return make_app(home=home, clock=clock, live=False, demo_latency=0)


def steady_cursors(pilot: Pilot[None]) -> None:
    """Cursors stop blinking (shown steadily), so a snapshot does not depend on the moment."""
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    for area in pilot.app.screen.query(TextArea):
        area.cursor_blink = False


async def settled(pilot: Pilot[None]) -> None:
    """The first sync landed, the thread of the first mention is read and scrolled to it."""
    screen = await wait_ready(pilot)
    steady_cursors(pilot)
    thread = screen.query_one(ThreadView)
    await wait_for(pilot, lambda: thread.query(".-focus") and not thread.query(".hint"))
    await pilot.wait_for_scheduled_animations()


async def shown(pilot: Pilot[None], screen_type: type[Screen[Any]]) -> None:
    """Wait until ``screen_type`` is the active screen and has painted."""
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, screen_type))
    steady_cursors(pilot)
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


async def press_for(pilot: Pilot[None], screen_type: type[Screen[Any]], *keys: str) -> None:
    """Settle on the queue, press ``keys`` and wait for ``screen_type``."""
    await settled(pilot)
    await pilot.press(*keys)
    await shown(pilot, screen_type)


async def drafted(pilot: Pilot[None], text: str = BAD_DRAFT) -> Composer:
    """The composer focused (``r``) holding ``text``, its findings shown."""
    await settled(pilot)
    await pilot.press("r")
    composer = pilot.app.screen.query_one(Composer)
    composer.set_text(text)
    await wait_for(pilot, lambda: bool(composer.findings) or not text)
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()
    return composer


async def main(pilot: Pilot[None]) -> None:
    await settled(pilot)


async def main_with_draft(pilot: Pilot[None]) -> None:
    await drafted(pilot)


async def help_keys(pilot: Pilot[None]) -> None:
    await press_for(pilot, HelpScreen, "question_mark")


async def explain(pilot: Pilot[None]) -> None:
    await press_for(pilot, ExplainScreen, "x")


async def class_picker(pilot: Pilot[None]) -> None:
    await press_for(pilot, ClassPicker, "c")


async def findings(pilot: Pilot[None]) -> None:
    await drafted(pilot, "Unfortunately per our policy we cannot help!!!")
    await pilot.press("f2")
    await shown(pilot, FindingsScreen)


async def override(pilot: Pilot[None]) -> None:
    await drafted(pilot)
    await pilot.press("ctrl+o")
    await shown(pilot, OverrideScreen)


async def saved_replies(pilot: Pilot[None]) -> None:
    await drafted(pilot, "")
    await pilot.press("ctrl+t")
    await shown(pilot, SavedRepliesScreen)


async def persona(pilot: Pilot[None]) -> None:
    await press_for(pilot, PersonaScreen, "p")


async def stats(pilot: Pilot[None]) -> None:
    """The Stats screen (``g`` then ``s``) with its figures read."""
    await settled(pilot)
    await pilot.press("g", "s")
    await wait_for(
        pilot, lambda: isinstance(pilot.app.screen, StatsScreen) and pilot.app.screen.stats
    )
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


async def people(pilot: Pilot[None]) -> None:
    """The People screen (``g`` then ``p``) with its first list read."""
    await settled(pilot)
    await pilot.press("g", "p")
    await wait_for(
        pilot, lambda: isinstance(pilot.app.screen, PeopleScreen) and pilot.app.screen.loads
    )
    steady_cursors(pilot)
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


async def stats_definitions(pilot: Pilot[None]) -> None:
    await stats(pilot)
    await pilot.press("question_mark")
    await shown(pilot, DefinitionsScreen)


async def watch_terms(pilot: Pilot[None]) -> None:
    await press_for(pilot, WatchScreen, "w")


async def watch_preview(pilot: Pilot[None]) -> None:
    """The Watch terms screen with a term added (not saved) and the preview of the last 7 days."""
    await watch_terms(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, WatchScreen)
    await pilot.press("a")
    await shown(pilot, TextPrompt)
    await pilot.press(*"beans", "enter")
    await shown(pilot, WatchScreen)
    await pilot.press("p")
    await wait_for(pilot, lambda: screen.previewed)
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


async def welcome(pilot: Pilot[None]) -> None:
    await shown(pilot, WelcomeScreen)


async def accounts(pilot: Pilot[None]) -> None:
    """The Accounts screen from a first run, with the Mastodon sign-in form open."""
    await shown(pilot, WelcomeScreen)
    await pilot.press("a")
    await shown(pilot, AccountsScreen)
    await pilot.press("m")
    await wait_for(pilot, lambda: bool(pilot.app.screen.query("#login-area Input")))
    steady_cursors(pilot)
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


async def snooze_picker(pilot: Pilot[None]) -> None:
    await press_for(pilot, SnoozePicker, "z")


async def search_error(pilot: Pilot[None]) -> None:
    """``/`` then a query whose last filter is misspelt: the results of the good part, the
    error under the line."""
    screen = await wait_ready(pilot)
    await pilot.press("slash")
    field = screen.query_one("#query", Input)
    field.value = "class:complaint"
    await wait_for(pilot, lambda: screen.active_tab == "search" and screen.queue_current.is_set())
    field.value = "class:complaint netwrk:bsky"
    await wait_for(pilot, lambda: screen.query_one("#query-error").display)
    await settled(pilot)
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


async def problem(pilot: Pilot[None]) -> None:
    await shown(pilot, ProblemScreen)


SCENES = (
    Scene("main", main),
    Scene("main_with_draft", main_with_draft),
    Scene("help", help_keys),
    Scene("explain", explain),
    Scene("class_picker", class_picker),
    Scene("findings", findings),
    Scene("override", override),
    Scene("saved_replies", saved_replies),
    Scene("persona", persona),
    Scene("stats", stats),
    Scene("stats_definitions", stats_definitions),
    Scene("people", people),
    Scene("watch_terms", watch_terms),
    Scene("watch_preview", watch_preview),
    Scene("welcome", welcome, demo=False),
    Scene("accounts", accounts, demo=False),
    Scene("problem", problem, damaged_db=True),
    Scene("search_error", search_error),
    Scene("snooze_picker", snooze_picker),
)
"""Every screen and modal, by name."""
