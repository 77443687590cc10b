"""Driving the real app (demo network, real SQLite file) in Pilot tests and snapshots.

Every wait here is on a condition, never a fixed pause: the suite must pass while other
processes load every core. The bounds are generous because a met condition returns at once.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path

from textual import events
from textual.app import App
from textual.pilot import Pilot

from adapters.clock import Clock
from tui.app import ReplyDeskApp, make_app
from tui.screens.main import MainScreen
from tui.widgets.composer import Composer
from tui.widgets.queue import QueueList
from tui.widgets.thread import ThreadView

SIZE = (120, 36)
LIMIT = 60.0
"""Seconds a condition may take on a loaded machine before the test fails."""
POLL = 0.05
# The characters a terminal sends for the named keys tests type.
NAMED_KEY_CHARS = {"tab": "\t", "enter": "\r", "shift+tab": None}


def demo_app(home: Path, clock: Clock, *, latency: float = 0.0) -> ReplyDeskApp:
    """The demo profile with a frozen clock and no timers."""
    return make_app(home=home, demo=True, clock=clock, live=False, demo_latency=latency)


async def wait_for(
    pilot: Pilot[None], condition: Callable[..., object], limit: float = LIMIT
) -> None:
    """Pause until ``condition()`` is true, at most ``limit`` seconds (and as many polls)."""
    deadline = time.monotonic() + limit
    for _ in range(int(limit / POLL)):
        if condition():
            return
        if time.monotonic() > deadline:
            break
        await pilot.pause(POLL)
    if condition():
        return
    raise AssertionError(f"condition not met within {limit:.0f} s")


async def wait_ready(pilot: Pilot[None]) -> MainScreen:
    """Wait until the first sync has landed: the queue read after it is on screen, and the
    thread and composer show its selected mention."""
    app = pilot.app
    await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))  # e.g. after the welcome
    screen = app.screen
    assert isinstance(screen, MainScreen), type(screen)
    await asyncio.wait_for(screen.ready.wait(), LIMIT)
    # ``ready`` is set after the post-sync load was asked for, so this is that load or newer.
    await asyncio.wait_for(screen.queue_current.wait(), LIMIT)
    queue = screen.query_one(QueueList)
    assert queue.option_count, "the queue is empty after the first sync"
    thread = screen.query_one(ThreadView)
    await wait_for(pilot, lambda: thread.mention_id == queue.current_id)
    return screen


async def wait_saved(pilot: Pilot[None], screen: MainScreen) -> None:
    """Wait until the draft as it stands is checked and autosaved (its edit was handled)."""
    composer = screen.query_one(Composer)
    store = screen.rd.profile.store
    await wait_for(
        pilot,
        lambda: composer.item is not None and store.draft(composer.item.id) == composer.text,
    )


def on_demo_network(queue: QueueList) -> int:
    """The first queue row of the Mastodon/Bluesky demo network (not the demo's Facebook Page or
    X account, whose small inboxes live outside ``DemoNetwork``)."""
    outside = ("demo:facebook", "demo:x")
    return next(i for i, item in queue.items.items() if item.mention.account_id not in outside)


def notes(app: App[None]) -> list[str]:
    """The messages of the notifications shown so far."""
    return [n.message for n in app._notifications]


def type_fast(app: ReplyDeskApp, *keys: str) -> None:
    """Queue ``keys`` all at once, as a fast typist's terminal delivers them.

    ``pilot.press`` lets the app go idle after every key, which hides races between keys and
    the focus changes they cause; this posts every key before the app handles the first.
    """
    for key in keys:
        char = key if len(key) == 1 else NAMED_KEY_CHARS.get(key)
        app.post_message(events.Key(key, char))
