"""L, B and F on the selected mention in the app (demo network): taken, undone by the same
key, and refused in words where the network cannot."""

from __future__ import annotations

from pathlib import Path

from adapters.demo import DemoAdapter
from tests.conftest import FakeClock
from tests.pilot_helpers import SIZE, demo_app, notes, on_demo_network, wait_for, wait_ready
from tui.widgets.queue import QueueList


async def test_like_follow_and_undo_on_the_demo_network(home: Path, clock: FakeClock) -> None:
    app = demo_app(home, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_ready(pilot)
        queue = screen.query_one(QueueList)
        target = on_demo_network(queue)
        queue.highlighted = queue.get_option_index(str(target))
        await wait_for(pilot, lambda: queue.current_id == target)
        item = app.profile.store.get_mention(target)
        assert item is not None
        adapter = app.adapters[item.mention.account_id]
        assert isinstance(adapter, DemoAdapter)
        engaged = adapter.network.engaged
        post = (adapter.account.id, "like", item.mention.remote_id)
        author = (adapter.account.id, "follow", item.mention.author.remote_id)
        await pilot.press("L")
        await wait_for(pilot, lambda: screen.engage_done == 1)
        assert post in engaged
        assert any("'s post · L again to undo" in n for n in notes(app)), notes(app)
        await pilot.press("F")
        await wait_for(pilot, lambda: screen.engage_done == 2)
        assert author in engaged
        await pilot.press("L")  # again: taken back
        await wait_for(pilot, lambda: screen.engage_done == 3)
        assert post not in engaged and author in engaged
        assert any(n.startswith("Unliked ") for n in notes(app)), notes(app)


async def test_a_network_without_quick_actions_says_so(home: Path, clock: FakeClock) -> None:
    app = demo_app(home, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_ready(pilot)
        queue = screen.query_one(QueueList)
        page = next(
            i for i, item in queue.items.items() if item.mention.account_id == "demo:facebook"
        )
        queue.highlighted = queue.get_option_index(str(page))
        await wait_for(pilot, lambda: queue.current_id == page)
        await pilot.press("B")
        await wait_for(pilot, lambda: any("cannot boost from ReplyDesk" in n for n in notes(app)))
        assert screen.engage_done == 0
