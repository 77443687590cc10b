"""What screens, widgets and commands use of the app, as a small typed interface.

They reach the open profile, the clock and the adapters through ``Services`` rather than by
importing the app class, so ``tui/`` has no import circle: ``tui.app`` imports the screens,
and the screens import only this. ``ReplyDeskApp`` implements it (``tests/test_services.py``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol, cast

if TYPE_CHECKING:
    from textual.app import App

    from adapters.base import Adapter
    from adapters.clock import Clock
    from adapters.errors import ReplyDeskError
    from settings.paths import Paths
    from tui.profile import Profile


class Services(Protocol):
    """The app's services: its profile, clock, adapters and the actions commands offer."""

    @property
    def paths(self) -> Paths:
        """Where the open profile lives (``paths.demo`` in the demo)."""

    @property
    def clock(self) -> Clock:
        """The app's clock (frozen in tests)."""

    @property
    def live(self) -> bool:
        """Whether the app syncs on its own (off in tests that drive it step by step)."""

    @property
    def started(self) -> float:
        """``time.perf_counter()`` when the app was made (for the start-up time in the log)."""

    adapters: dict[str, Adapter]
    """One adapter per account id (empty until the start-up worker has opened them)."""

    def connect(self) -> tuple[dict[str, Adapter], list[ReplyDeskError]]:
        """An adapter for each account, and why any could not be opened (off the UI thread)."""

    @property
    def profile(self) -> Profile:
        """The open profile: config, store, persona, triage settings."""

    @property
    def sync_interval(self) -> float:
        """Seconds between pulls."""

    def action_help(self) -> None:
        """Show every key of the current screen."""

    def action_stats(self) -> None:
        """Open the Stats screen."""

    def action_people(self) -> None:
        """Open the People screen."""

    async def action_open_demo(self) -> None:
        """Leave the current profile for the demo inbox."""


def services(app: App[Any]) -> Services:
    """``app``'s services (the running app is always a ``ReplyDeskApp``)."""
    return cast("Services", app)
