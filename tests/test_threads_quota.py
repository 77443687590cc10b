"""Threads' reply quota in the composer: "replies left today", and when sending resumes."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from adapters.errors import RateLimited
from adapters.publish_quota import ReplyQuota
from tests.conftest import FakeClock
from tests.fakes.threads import FakeThreads, open_adapter
from tests.memory_keyring import MemoryKeyring
from tests.pilot_helpers import SIZE, demo_app, wait_for, wait_ready
from tui.format import clock_time
from tui.reply_quota import ReplyQuotas, quota_note
from tui.widgets.composer import Composer
from tui.widgets.queue import QueueList


def use_up(fake: FakeThreads, total: int) -> None:
    """``total`` replies published today, the quota being ``total``."""
    fake.reply_quota = total
    stamp = fake.now.strftime("%Y-%m-%dT%H:%M:%S+0000")
    fake.published += [{"id": str(n), "text": "hi", "timestamp": stamp} for n in range(total)]


def test_the_note_says_what_is_left_or_when_it_resumes() -> None:
    fake = FakeThreads()
    now = fake.now
    assert quota_note(None, now) == ""
    some = ReplyQuota(88, 1000, now, timedelta(hours=1))
    assert quota_note(some, now) == "replies left today: 912 of 1000"
    gone = ReplyQuota(1000, 1000, now, timedelta(hours=1))
    note = quota_note(gone, now)
    assert note.startswith("no replies left today (1000 a day")
    assert note.endswith(f"sending resumes about {clock_time(now + timedelta(hours=1), now)}")
    quotas = ReplyQuotas()
    assert not quotas.to_read("a", object(), now)  # a network without a quota is never asked


async def test_the_adapter_reads_the_quota_and_the_outbox_waits_when_used_up() -> None:
    fake = FakeThreads()
    threads = open_adapter(fake)
    quota = await threads.reply_quota()
    assert quota == ReplyQuota(0, 1000, fake.now, timedelta(hours=1))
    use_up(fake, 3)
    quota = await threads.reply_quota()
    assert quota is not None and quota.left == 0
    assert quota.resumes_at == fake.now + timedelta(hours=1)
    with pytest.raises(RateLimited):
        await threads._check_reply_quota()
    await threads.aclose()


async def test_the_composer_shows_the_quota_of_the_account_it_answers_as(
    home: Path, clock: FakeClock, memory_keyring: MemoryKeyring
) -> None:
    app = demo_app(home, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_ready(pilot)
        composer = screen.query_one(Composer)
        queue = screen.query_one(QueueList)
        item = composer.item
        assert item is not None
        # The selected mention's account answers through a Threads API (the fake's).
        fake = FakeThreads(now=clock())
        use_up(fake, 88)
        fake.reply_quota = 1000
        screen.rd.adapters[item.mention.account_id] = open_adapter(fake)

        def counter() -> str:
            return str(composer.query_one("#counter").render())

        await pilot.press("j", "k")  # shown again: the quota is read in a worker
        await wait_for(pilot, lambda: "replies left today: 912 of 1000" in counter())
        use_up(fake, 1000)
        clock.advance(minutes=6)  # the reading is old: the next showing reads again
        await pilot.press("j", "k")
        await wait_for(pilot, lambda: "sending resumes about" in counter())
        assert queue.current_id == item.id
