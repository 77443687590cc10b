"""A Facebook Page in the running app: the composer says which reply window applies, offers a
comment's one private reply (F3, shown on its line), and the choice reaches the Send API
(the fake Graph API on 127.0.0.1, as ``--api-base`` allows)."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

from tests.conftest import FakeClock
from tests.fakes.meta import FakeGraph
from tests.memory_keyring import MemoryKeyring
from tests.pilot_helpers import SIZE, notes, wait_for, wait_ready
from tui.app import make_app
from tui.screens.main import MainScreen
from tui.widgets.composer import Composer
from tui.widgets.queue import QueueList
from tui.widgets.reply_route import ReplyRoute
from tui.widgets.status import StatusBar


async def test_a_private_reply_is_chosen_in_the_composer_and_sent_as_a_message(
    run: Any, home: Path, clock: FakeClock, memory_keyring: MemoryKeyring
) -> None:
    with FakeGraph(clock) as fake:
        added = await asyncio.to_thread(  # the CLI runs its own event loop
            run, "account", "add", "facebook", "--token-stdin", "--api-base", fake.base_url,
            stdin=fake.page_token,
        )  # fmt: skip
        assert added[0] == 0, added[2]
        app = make_app(home=home, clock=clock, live=False)
        async with app.run_test(size=SIZE) as pilot:
            screen = await wait_ready(pilot)
            queue = screen.query_one(QueueList)
            await wait_for(pilot, lambda: queue.option_count > 0)
            by_text = {item.mention.text: item for item in queue.items.values()}
            route = screen.query_one(ReplyRoute)
            composer = screen.query_one(Composer)

            def line() -> str:
                return str(route.render())

            # A Messenger message: its window, no private reply.
            message = next(i for i in queue.items.values() if i.mention.meta.get("last_message_at"))
            queue.highlighted = queue.get_option_index(str(message.id))
            await wait_for(
                pilot, lambda: composer.item is not None and composer.item.id == message.id
            )
            assert "window" in line() and "private reply" not in line()
            await pilot.press("r", "f3")
            await wait_for(pilot, lambda: any("cannot be sent privately" in t for t in notes(app)))
            assert not composer.private
            # A fresh comment by a visible author: F3 turns the private reply on.
            sad = by_text["sad"]
            await pilot.press("escape")
            queue.highlighted = queue.get_option_index(str(sad.id))
            await wait_for(pilot, lambda: composer.item is not None and composer.item.id == sad.id)
            assert line().startswith("f3 private reply: off · one Messenger message")
            await pilot.press("r", "f3")
            await wait_for(pilot, lambda: composer.private)
            assert line().startswith("f3 private reply: on: sent as a private message")
            composer.set_text("So sorry! What's your order number?")
            await pilot.press("ctrl+s")
            store = app.profile.store
            await wait_for(pilot, lambda: bool(store.outbox_for(sad.id)))
            assert store.outbox_for(sad.id)[0].private
            await wait_for(pilot, lambda: bool(fake.sent))  # the push worker sends it
    [post] = [r for r in fake.requests if r.method == "POST"]
    assert post.body["recipient"] == {"comment_id": sad.mention.remote_id}
    assert post.body["message"] == {"text": "So sorry! What's your order number?"}


async def test_the_header_says_when_meta_pauses_the_page(
    run: Any, home: Path, clock: FakeClock, memory_keyring: MemoryKeyring
) -> None:
    with FakeGraph(clock) as fake:
        added = await asyncio.to_thread(
            run, "account", "add", "facebook", "--token-stdin", "--api-base", fake.base_url,
            stdin=fake.page_token,
        )  # fmt: skip
        assert added[0] == 0, added[2]
        # Meta answers, and says the app has used its whole allowance for now.
        fake.usage = {"X-App-Usage": json.dumps({"call_count": 100, "total_time": 95})}
        app = make_app(home=home, clock=clock, live=False)
        async with app.run_test(size=SIZE) as pilot:
            await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
            status = app.screen.query_one(StatusBar)
            await wait_for(pilot, lambda: bool(status.throttle))
            assert status.throttle == "Facebook paused 5 min: app usage 100 %"
            assert "Facebook paused 5 min: app usage 100 %" in str(status.render())
