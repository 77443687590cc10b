"""Pilot flows through the whole app: demo network → triage → SQLite → queue → composer → outbox."""

from __future__ import annotations

import json
from pathlib import Path

from adapters.demo import DemoAdapter
from adapters.demo.http import DemoNetwork
from store import open_store
from tests.conftest import FakeClock
from tests.pilot_helpers import (
    SIZE,
    demo_app,
    notes,
    on_demo_network,
    wait_for,
    wait_ready,
    wait_saved,
)
from tui.app import make_app
from tui.screens.help import HelpScreen
from tui.screens.problem import ProblemScreen
from tui.screens.welcome import WelcomeScreen
from tui.widgets.composer import Composer
from tui.widgets.queue import QueueList
from tui.widgets.status import StatusBar
from tui.widgets.thread import ThreadView


def demo_db(home: Path) -> Path:
    return home / "data" / "demo" / "replydesk.db"


def demo_network(home: Path, clock: FakeClock) -> DemoNetwork:
    return DemoNetwork(home / "data" / "demo" / "demo-network.json", clock)


async def test_open_shows_ranked_queue_thread_and_counts(home: Path, clock: FakeClock) -> None:
    app = demo_app(home, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_ready(pilot)
        queue = screen.query_one(QueueList)
        assert queue.option_count >= 20
        first = queue.items[queue.current_id or 0]
        assert first.is_overdue(clock())  # overdue work leads the queue
        status = screen.query_one(StatusBar)
        # A fresh demo is an inbox that is kept up with: a few overdue, most due later.
        assert 0 < status.overdue_count <= status.open_count // 3
        assert screen.query_one(ThreadView).query(".-focus")


async def test_move_reply_and_send(home: Path, clock: FakeClock) -> None:
    app = demo_app(home, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_ready(pilot)
        queue = screen.query_one(QueueList)
        await pilot.press("j", "j", "k")
        assert queue.highlighted == 1
        target = on_demo_network(queue)
        queue.highlighted = queue.get_option_index(str(target))
        composer = screen.query_one(Composer)
        await wait_for(pilot, lambda: composer.item is not None and composer.item.id == target)
        await pilot.press("r")
        assert app.focused is not None and app.focused.id == "draft"
        composer.set_text("Hi, thanks for telling us. We're sorry and are checking your order")
        await pilot.press(*" now.")  # typed keys land in the draft too
        assert composer.text.endswith("order now.")
        counter = str(composer.query_one("#counter").render())
        assert "/500 chars" in counter or "/300 graphemes" in counter
        await pilot.press("ctrl+s")
        store = app.profile.store
        await wait_for(
            pilot, lambda: (m := store.get_mention(target)) is not None and m.answered_at
        )
        remote = store.get_mention(target)
        assert remote is not None
        assert len(demo_network(home, clock).replies_to(remote.mention.remote_id)) == 1
        thread = store.thread(target)
        assert thread is not None and thread[-1].is_brand


async def test_draft_is_autosaved_and_restored(home: Path, clock: FakeClock) -> None:
    async with demo_app(home, clock).run_test(size=SIZE) as pilot:
        screen = await wait_ready(pilot)
        target = screen.query_one(QueueList).current_id
        await pilot.press("r", *"Half a thought")
        await wait_saved(pilot, screen)
        written = screen.query_one(Composer).text
        assert written.endswith("Half a thought")
    async with demo_app(home, clock).run_test(size=SIZE) as pilot:
        screen = await wait_ready(pilot)
        assert screen.query_one(QueueList).current_id == target
        assert screen.query_one(Composer).text == written


async def test_done_snooze_and_undo(home: Path, clock: FakeClock) -> None:
    app = demo_app(home, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_ready(pilot)
        queue = screen.query_one(QueueList)
        first = queue.current_id
        open_before = screen.query_one(StatusBar).open_count
        await pilot.press("d")
        await wait_for(pilot, lambda: screen.query_one(StatusBar).open_count == open_before - 1)
        assert queue.current_id != first
        second = queue.current_id
        await pilot.press("z", "1")  # the picker's first choice: an hour
        await wait_for(pilot, lambda: screen.query_one(StatusBar).open_count == open_before - 2)
        await pilot.press("u")
        await wait_for(pilot, lambda: screen.query_one(StatusBar).open_count == open_before - 1)
        assert queue.current_id == second
        await pilot.press("u")
        await wait_for(pilot, lambda: screen.query_one(StatusBar).open_count == open_before)
        actions = [a for a, _ in app.profile.store.audit_trail(first or 0)]
        assert actions == ["state", "undo"]


async def test_blocking_finding_stops_the_send(home: Path, clock: FakeClock) -> None:
    app = demo_app(home, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_ready(pilot)
        target = screen.query_one(QueueList).current_id
        await pilot.press("r")
        screen.query_one(Composer).set_text("x" * 517)
        await pilot.press(*"xxx", "ctrl+s")
        await wait_for(pilot, lambda: any("Too long" in n for n in notes(app)))
        await wait_saved(pilot, screen)
        assert app.profile.store.draft(target or 0) == "x" * 520
        assert app.profile.store.outbox_for(target or 0) == []


async def test_quit_mid_send_then_reopen_sends_once(home: Path, clock: FakeClock) -> None:
    app = demo_app(home, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_ready(pilot)
        for adapter in app.adapters.values():
            if isinstance(adapter, DemoAdapter):  # not the demo's Facebook Page
                adapter.latency = 60.0  # a stalled network: the reply is still in flight at "q"
        queue = screen.query_one(QueueList)
        target = on_demo_network(queue)
        queue.highlighted = queue.get_option_index(str(target))
        composer = screen.query_one(Composer)
        await wait_for(pilot, lambda: composer.item is not None and composer.item.id == target)
        await pilot.press("r", *"Sorry, on it!", "ctrl+s")
        outbox = app.profile.store.outbox_for
        await wait_for(pilot, lambda: [o.status.value for o in outbox(target or 0)] == ["sending"])
        await pilot.press("q")
    store = open_store(demo_db(home), clock)
    assert [o.status.value for o in store.outbox_for(target or 0)] == ["sending"]
    store.close()
    app = demo_app(home, clock)
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        store = app.profile.store
        await wait_for(
            pilot, lambda: (m := store.get_mention(target or 0)) is not None and m.answered_at
        )
        remote = store.get_mention(target or 0)
        assert remote is not None
        assert len(demo_network(home, clock).replies_to(remote.mention.remote_id)) == 1
        assert [o.status.value for o in store.outbox_for(target or 0)] == ["sent"]


async def test_help_lists_every_key_including_hidden_ones(home: Path, clock: FakeClock) -> None:
    app = demo_app(home, clock)
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        ids = {row[2] for row in app.screen.rows}
        assert {
            "mention.reply",
            "reply.send",
            "mention.done",
            "mention.snooze",
            "mention.undo",
            "queue.down",
            "queue.up",
            "pane.next",
            "app.help",
            "app.quit",
            "app.palette",
            "app.accounts",
            "mention.explain",
            "mention.correct",
            "queue.next_tab",
            "reply.fix",
            "reply.findings",
            "reply.saved_replies",
            "reply.override",
            "persona.show",
        } <= ids
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_keymap_from_config_remaps_a_key(home: Path, clock: FakeClock) -> None:
    (home / "config").mkdir(parents=True)
    # "x" is taken by mention.explain on the queue; "e" is free.
    (home / "config" / "config.toml").write_text('[keymap]\n"mention.done" = "e"\n')
    app = demo_app(home, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_ready(pilot)
        before = screen.query_one(StatusBar).open_count
        await pilot.press("e")
        await wait_for(pilot, lambda: screen.query_one(StatusBar).open_count == before - 1)


async def test_bad_config_falls_back_to_defaults(home: Path, clock: FakeClock) -> None:
    (home / "config").mkdir(parents=True)
    (home / "config" / "config.toml").write_text("theme = \n")
    app = demo_app(home, clock)
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        assert app.profile.problems and "config.toml" in app.profile.problems[0].msg


async def test_first_run_without_account_welcomes(home: Path, clock: FakeClock) -> None:
    app = make_app(home=home, clock=clock, live=False, demo_latency=0)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, WelcomeScreen))
        await pilot.press("d")
        await wait_ready(pilot)
        assert app.paths.demo


async def test_damaged_database_is_named_and_untouched(home: Path, clock: FakeClock) -> None:
    db = demo_db(home)
    db.parent.mkdir(parents=True)
    db.write_bytes(b"garbage" * 500)
    app = demo_app(home, clock)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ProblemScreen))
        assert isinstance(app.screen, ProblemScreen)
        assert str(db) in app.screen.error.msg
    assert db.read_bytes() == b"garbage" * 500


async def test_hostile_text_is_shown_inert(home: Path, clock: FakeClock) -> None:
    app = demo_app(home, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_ready(pilot)
        store = app.profile.store
        row = store.rows(
            "SELECT id FROM mentions WHERE text LIKE '%[bold red]%' AND answered_at IS NULL LIMIT 1"
        )
        assert row, "the demo inbox carries Rich markup in a waiting mention"
        mention_id = row[0]["id"]
        queue = screen.query_one(QueueList)
        queue.highlighted = queue.get_option_index(str(mention_id))
        thread = screen.query_one(ThreadView)
        await wait_for(pilot, lambda: thread.mention_id == mention_id)
        shown = "\n".join(str(w.render()) for w in thread.query(".-focus"))
        assert "[bold red]" in shown
        assert "\x1b" not in shown
        dumped = json.dumps(shown)
        assert "\\u202e" not in dumped
