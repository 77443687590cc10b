"""Hiding a reply under the brand's post (Threads' manage_reply): adapter, then the ``H`` flow
with its toast, audit and ``u`` undo; other networks say they cannot."""

from __future__ import annotations

from pathlib import Path

import pytest

from adapters.errors import Rejected
from adapters.records import MentionKind
from tests.conftest import FakeClock
from tests.fakes.threads import FakeThreads, open_adapter, pull_all
from tests.memory_keyring import MemoryKeyring
from tests.pilot_helpers import SIZE, demo_app, wait_for, wait_ready
from tests.test_flow_trust import toasts, wait_toast
from tui.widgets.queue import QueueList


async def test_the_adapter_hides_and_shows_a_reply_to_the_brands_post() -> None:
    fake = FakeThreads()
    post = fake.add_own_post(minutes_ago=90)
    reply_id = fake.reply_to(post, "your beans are stale", "sam", minutes_ago=30)
    fake.add_mentions(1)
    threads = open_adapter(fake)
    mentions, _ = await pull_all(threads)
    reply = next(m for m in mentions if m.remote_id == reply_id)
    await threads.hide_reply(reply, True)
    assert fake.hidden == {reply_id}
    await threads.hide_reply(reply, False)
    assert fake.hidden == set()
    mention = next(m for m in mentions if m.kind is MentionKind.MENTION)
    with pytest.raises(Rejected, match="only replies to its own posts"):
        await threads.hide_reply(mention, True)
    await threads.aclose()


async def test_h_hides_the_selected_reply_and_u_shows_it_again(
    home: Path, clock: FakeClock, memory_keyring: MemoryKeyring
) -> None:
    app = demo_app(home, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await wait_ready(pilot)
        queue = screen.query_one(QueueList)
        item = queue.items[queue.current_id or 0]
        await pilot.press("H")  # the demo network has no hiding: it says so
        await wait_toast(app, pilot, "has no way to hide a reply")
        # The selected mention's account now answers through a Threads API (the fake's),
        # where it is a reply to the brand's post.
        fake = FakeThreads(now=clock())
        post = fake.add_own_post(minutes_ago=90)
        fake.replies[post].append({"id": item.mention.remote_id, "text": "hi"})
        screen.rd.adapters[item.mention.account_id] = open_adapter(fake)
        screen.rd.profile.store.conn.execute(
            "UPDATE mentions SET kind = ? WHERE id = ?", (MentionKind.REPLY.value, item.id)
        )
        await pilot.press("H")
        await wait_toast(app, pilot, "Reply hidden on Threads · u to undo")
        assert fake.hidden == {item.mention.remote_id}
        await pilot.press("u")
        await wait_for(pilot, lambda: not fake.hidden)
        await wait_toast(app, pilot, "Reply shown again on Threads")
        trail = [a for a, _ in screen.rd.profile.store.audit_trail(item.id)]
        assert trail[-2:] == ["hide_reply", "hide_reply"]
        assert not any("Reply shown again on Threads · u" in t for t in toasts(app))
