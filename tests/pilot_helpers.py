"""Driving the real app (demo network, real SQLite file) in Pilot tests and snapshots."""

from __future__ import annotations

import asyncio
from pathlib import Path

from textual import events
from textual.pilot import Pilot

from adapters.clock import Clock
from tui.app import ReplyDeskApp, make_app
from tui.screens.main import MainScreen
from tui.widgets.queue import QueueList

SIZE = (120, 36)
# The characters a terminal sends for the named keys tests type.
NAMED_KEY_CHARS = {"tab": "\t", "enter": "\r", "shift+tab": None}


def demo_app(home: Path, clock: Clock, *, latency: float = 0.0) -> ReplyDeskApp:
    """The demo profile with a frozen clock and no timers."""
    return make_app(home=home, demo=True, clock=clock, live=False, demo_latency=latency)


async def wait_ready(pilot: Pilot[None]) -> MainScreen:
    """Wait (bounded) until the first sync has landed in the queue."""
    screen = pilot.app.screen
    assert isinstance(screen, MainScreen), type(screen)
    await asyncio.wait_for(screen.ready.wait(), timeout=30)
    for _ in range(100):
        await pilot.pause(0.05)
        if screen.query_one(QueueList).option_count:
            return screen
    raise AssertionError("the queue never filled")


async def wait_for(pilot: Pilot[None], condition: object, limit: float = 10.0) -> None:
    """Pause until ``condition()`` is true, at most ``limit`` seconds."""
    assert callable(condition)
    for _ in range(int(limit / 0.05)):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError("condition not met in time")


def type_fast(app: ReplyDeskApp, *keys: str) -> None:
    """Queue ``keys`` all at once, as a fast typist's terminal delivers them.

    ``pilot.press`` lets the app go idle after every key, which hides races between keys and
    the focus changes they cause; this posts every key before the app handles the first.
    """
    for key in keys:
        char = key if len(key) == 1 else NAMED_KEY_CHARS.get(key)
        app.post_message(events.Key(key, char))
