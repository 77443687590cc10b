"""The Textual app: a thin shell that opens a profile and shows the right screen.

``make_app()`` is the one factory the CLI and the tests use.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.notifications import SeverityLevel
from textual.screen import Screen

from adapters.clock import Clock, system_clock
from adapters.errors import ConfigError, ReplyDeskError
from settings.config import DEFAULT_THEME
from settings.paths import Paths, default_paths
from themes import BUILTIN_THEMES, load_user_themes
from tui.crash import crash_line, log_crash
from tui.go import GoChord
from tui.profile import Profile, open_profile
from tui.reports_timer import ScheduledReports
from tui.screens.main import MainScreen

if TYPE_CHECKING:
    from adapters.base import Adapter  # the networks' base: loaded with the adapters

# Other screens, and the palette's commands, are imported where they are opened: the first
# paint of the queue waits for no module it does not show.

DEMO_SYNC_SECONDS = 10.0


class ReplyDeskApp(ScheduledReports):
    """Answer everyone who talks to your brand, worst problems first."""

    CSS_PATH = "app.tcss"
    TITLE = "ReplyDesk"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="app.quit", tooltip="Quit (the outbox resumes next time)"),
        Binding("question_mark", "help", "Keys", id="app.help", tooltip="List every key"),
        Binding("a", "accounts", "Accounts", id="app.accounts", tooltip="Add or remove accounts"),
        Binding(
            "S",
            "stats",
            "Stats",
            id="app.stats",
            show=False,
            tooltip="Response rate, times, SLA, volume (also g then s)",
        ),
        Binding(
            "P",
            "people",
            "People",
            id="app.people",
            show=False,
            tooltip="Who is talking to us: frequent engagers, advocates, at risk (also g then p)",
        ),
    ]

    def __init__(self, paths: Paths, clock: Clock, *, live: bool, demo_latency: float) -> None:
        super().__init__()
        self.paths = paths
        self.clock = clock
        self.live = live
        self.demo_latency = demo_latency
        self.adapters: dict[str, Adapter] = {}
        self._profile: Profile | None = None
        # For the start-up time in the log (``MainScreen`` logs its first painted queue).
        self.started = time.perf_counter()
        self.go_chord = GoChord()
        self._start_theme()

    def _start_theme(self) -> None:
        """Start in ReplyDesk's own theme without setting ``theme`` later.

        Setting it (even on mount) makes Textual parse every stylesheet again with the new
        variables, and once more when the first screen brings its widgets' CSS: three parses
        of the CSS before the first paint instead of one. So the variables are set here,
        before the first parse, and the watcher that would schedule the re-parse is skipped.
        Textual derived its ANSI colours and its dark/light classes from its own default
        theme, which is dark like ours. A user's theme (the config) is set the usual way.
        """
        for theme in BUILTIN_THEMES:
            self.register_theme(theme)
        self.set_reactive(App.theme, DEFAULT_THEME)
        self.stylesheet.set_variables(self.get_css_variables())
        self.add_class(f"-theme-{DEFAULT_THEME}")

    @property
    def profile(self) -> Profile:
        """The open profile (the main screen exists only once it is)."""
        assert self._profile is not None, "no profile open"
        return self._profile

    @property
    def sync_interval(self) -> float:
        """Seconds between pulls: short in the demo so new arrivals show up quickly."""
        return DEMO_SYNC_SECONDS if self.paths.demo else self.profile.config.sync_interval

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Show a toast whose text is always literal, whatever ``markup`` says.

        Toasts quote mentions, handles, keys ("[ or ]"), file names and servers' words, and
        ReplyDesk writes none as markup; a caller forgetting ``markup=False`` must not make
        "[" vanish or let a handle style the screen.
        """
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    def on_mount(self) -> None:
        self.open(self.paths)

    def open(self, paths: Paths) -> None:
        """Open ``paths`` and show the queue, the welcome screen, or what went wrong."""
        self.paths = paths
        try:
            # The rest (rules, persona) is read after the queue's first paint (MainScreen).
            self._profile = open_profile(paths, self.clock, defer=True)
        except ConfigError as error:
            from tui.screens.problem import ProblemScreen

            self.push_screen(ProblemScreen(error))
            return
        self._apply_settings(self._profile)
        if not self._profile.store.accounts():
            from tui.screens.welcome import WelcomeScreen

            self.push_screen(WelcomeScreen(paths))
            return
        # The adapters are opened after the queue's first paint too (``connect``).
        self.push_screen(MainScreen())
        self.schedule_reports(self._profile)

    def connect(self) -> tuple[dict[str, Adapter], list[ReplyDeskError]]:
        """An adapter for each of the profile's accounts, and why any could not be opened.

        Safe off the UI thread: the main screen calls it in its start-up worker, since it reads
        the keyring and imports the networks' HTTP stack.
        """
        from sync.registry import open_adapters  # the networks' table: after the first paint

        profile = self.profile
        return open_adapters(
            profile.store.accounts(),
            profile.paths,
            self.clock,
            demo_latency=self.demo_latency,
            first_sync=timedelta(days=profile.config.first_sync_days),
            settings=profile.config.networks,
        )

    def _apply_settings(self, profile: Profile) -> None:
        themes, problems = load_user_themes(profile.paths.config_dir / "themes")
        for theme in themes:
            self.register_theme(theme)
        for problem in problems:
            self.notify(problem, title="Theme skipped", severity="warning")
        if profile.config.theme in self.available_themes:
            self.theme = profile.config.theme
        else:
            self.notify(f"Unknown theme '{profile.config.theme}'.", severity="warning")
        self.set_keymap(dict(profile.config.keymap))

    async def action_open_demo(self) -> None:
        """Leave the current profile for the demo inbox."""
        await self._close_profile()
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.open(self.paths.for_demo())

    async def action_accounts(self) -> None:
        """Open the Accounts screen (not in the demo, whose accounts are fixed)."""
        if self.paths.demo:
            self.notify(
                "The demo's accounts are fixed. Run replydesk without --demo to add your own.",
                severity="warning",
            )
            return
        # Imported here: its login forms bring the HTTP stack, which the queue does not need.
        from tui.screens.accounts import AccountsScreen

        if not isinstance(self.screen, AccountsScreen):
            # Awaited: keys typed right after this one find the screen mounted and focused.
            await self.push_screen(AccountsScreen(), self._accounts_closed)

    async def _accounts_closed(self, changed: bool | None) -> None:
        if changed:
            await self._close_profile()
            while len(self.screen_stack) > 1:
                self.pop_screen()
            self.open(self.paths)

    def on_key(self, event: events.Key) -> None:
        # Keys a text field or a binding used never get here; "g s" is for the screens.
        target = self.go_chord.press(event.key, time.monotonic())
        if target == "stats":
            event.stop()
            self.action_stats()
        elif target == "people":
            event.stop()
            self.action_people()

    def action_stats(self) -> None:
        """Open the Stats screen over the queue."""
        from tui.screens.stats import StatsScreen

        if isinstance(self.screen, MainScreen):
            self.push_screen(StatsScreen())

    def action_people(self) -> None:
        """Open the People screen over the queue."""
        from tui.screens.people import PeopleScreen

        if isinstance(self.screen, MainScreen):
            self.push_screen(PeopleScreen())

    def action_help(self) -> None:
        """Show every key of the current screen."""
        from tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(self.binding_rows(self.screen), self.paths))

    def binding_rows(self, screen: Screen[object]) -> list[tuple[str, str, str]]:
        """(keys, description, id) for every binding with an id on ``screen`` and the app."""
        keys: dict[str, list[str]] = {}
        described: dict[str, str] = {}
        for node in [self, screen, *screen.query("*")]:
            for binding_list in node._bindings.key_to_bindings.values():
                for binding in binding_list:
                    if not binding.id:
                        continue
                    shown = self.get_key_display(binding)
                    if shown not in keys.setdefault(binding.id, []):
                        keys[binding.id].append(shown)
                    described.setdefault(binding.id, binding.description)
        rows = [(" / ".join(keys[i]), described[i], i) for i in keys]
        return [
            *rows,
            (self.get_key_display(Binding("ctrl+p", "")), "Command palette", "app.palette"),
        ]

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        from tui.commands import replydesk_commands

        yield from super().get_system_commands(screen)
        yield from replydesk_commands(self, screen)

    def _handle_exception(self, error: Exception) -> None:
        # Textual would print a traceback with local variables (a customer's message, a
        # token) to the terminal; log it to the file instead and leave with one line.
        log = log_crash(error, self.paths.log_file)
        super()._handle_exception(error)
        self._exit_renderables[:] = [Text(crash_line(error, None, log))]

    async def on_unmount(self) -> None:
        await self._close_profile()

    async def _close_profile(self) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                screen.flush_drafts()  # typed text reaches the store before it closes
        for adapter in self.adapters.values():
            await adapter.aclose()
        self.adapters = {}
        if self._profile is not None:
            self._profile.store.close()
            self._profile = None


def make_app(
    *,
    home: Path | None = None,
    demo: bool = False,
    clock: Clock = system_clock,
    live: bool = True,
    demo_latency: float = 0.3,
) -> ReplyDeskApp:
    """The app for ``home`` (or the platform dirs); ``demo`` opens the demo profile.

    ``live=False`` (tests) pulls once and runs no timers, so screens are deterministic.
    """
    paths = default_paths(home)
    return ReplyDeskApp(
        paths.for_demo() if demo else paths, clock, live=live, demo_latency=demo_latency
    )
