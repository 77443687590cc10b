"""An X account in the running app: its mentions in the queue, X's weighted count, the price at
the config's rates and the month's spend in the composer, and a reply sent once (the fake X
on 127.0.0.1, as ``--api-base`` allows)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from tests.conftest import FakeClock
from tests.fakes.x import FakeX
from tests.memory_keyring import MemoryKeyring
from tests.pilot_helpers import SIZE, wait_for, wait_ready
from tui.app import make_app
from tui.widgets.composer import Composer
from tui.widgets.queue import QueueList


async def test_x_mention_answered_from_the_app(
    run: Any, home: Path, clock: FakeClock, memory_keyring: MemoryKeyring
) -> None:
    fake = FakeX(clock)
    with fake.serve() as base_url:
        added = await asyncio.to_thread(  # the CLI runs its own event loop
            run, "account", "add", "x", "--token-stdin", "--api-base", base_url,
            stdin=fake.access_token,
        )  # fmt: skip
        assert added[0] == 0, added[2]
        config = home / "config" / "config.toml"
        config.parent.mkdir(parents=True, exist_ok=True)
        config.write_text("[x]\nprice_per_post_with_url = 0.25\nmonthly_budget = 10\n")
        app = make_app(home=home, clock=clock, live=False)
        async with app.run_test(size=SIZE) as pilot:
            screen = await wait_ready(pilot)
            queue = screen.query_one(QueueList)
            await wait_for(pilot, lambda: queue.option_count == 10)
            target = queue.current_id
            assert target is not None
            await pilot.press("r")
            composer = screen.query_one(Composer)
            assert composer.text == ""  # X adds no @handle, so the draft starts empty
            composer.set_text("日本 https://example.com/a/very/long/path/to/the/refund/page")

            def counter() -> str:
                return str(composer.query_one("#counter").render())

            await wait_for(pilot, lambda: counter() != "0/280 chars")
            assert counter() == "28/280 chars"  # CJK 2 each, a space, the link 23
            # A post with a link at the configured price; ten posts read at X's $0.005 each.
            note = str(composer.send_note.render())
            assert note == "this reply $0.25 · this month $0.05 of $10 budget"
            await pilot.press("ctrl+s")
            store = app.profile.store
            await wait_for(
                pilot, lambda: (m := store.get_mention(target)) is not None and m.answered_at
            )
        assert [p.text for p in fake.brand_posts()] == [
            "日本 https://example.com/a/very/long/path/to/the/refund/page"
        ]
