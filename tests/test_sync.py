"""The pipeline through the real demo adapter and a real SQLite file: pull, push exactly once."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from adapters.demo import DemoAdapter
from adapters.demo.http import DemoNetwork
from adapters.demo.login import demo_accounts
from adapters.demo.send import DemoFaults
from adapters.errors import NetworkError, Rejected
from adapters.records import OutgoingReply, SentReply
from store import OutboxStatus, Store, open_store
from sync.pull import (
    RECHECK_OLDER,
    RECHECK_SCHEDULE,
    check_answered,
    pull_account,
    recheck_every,
    refresh_thread,
)
from sync.push import Pusher
from sync.triaging import TriageSettings
from tests.conftest import FakeClock


def demo(tmp_path: Path, clock: FakeClock, **kwargs: object) -> tuple[DemoNetwork, DemoAdapter]:
    network = DemoNetwork(tmp_path / "demo-network.json", clock)
    return network, DemoAdapter(demo_accounts()[0], network, **kwargs)  # type: ignore[arg-type]


async def pulled(store: Store, adapter: DemoAdapter) -> int:
    result = await pull_account(adapter, store, TriageSettings())
    return len(result.new_ids)


async def test_pull_is_idempotent_and_saves_the_cursor(
    tmp_path: Path, clock: FakeClock, store: Store
) -> None:
    _, adapter = demo(tmp_path, clock)
    first = await pulled(store, adapter)
    assert first > 100
    assert store.cursor(adapter.account.id) is not None
    assert await pulled(store, adapter) == 0
    assert store.scalar("SELECT count(*) FROM mentions") == first
    clock.advance(seconds=41)  # two live arrivals
    assert await pulled(store, adapter) >= 1


async def test_cursor_does_not_move_when_the_commit_fails(
    tmp_path: Path, clock: FakeClock, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, adapter = demo(tmp_path, clock)

    def broken(*_: object) -> list[int]:
        raise RuntimeError("disk full")

    monkeypatch.setattr(store, "upsert_mentions", broken)
    with pytest.raises(RuntimeError):
        await pull_account(adapter, store, TriageSettings())
    assert store.cursor(adapter.account.id) is None


async def first_waiting(store: Store, clock: FakeClock) -> int:
    items = store.queue(clock())
    assert items
    return items[0].id


async def test_send_posts_once_and_answers(tmp_path: Path, clock: FakeClock, store: Store) -> None:
    network, adapter = demo(tmp_path, clock)
    await pulled(store, adapter)
    mention_id = await first_waiting(store, clock)
    store.enqueue_reply(mention_id, adapter.account.id, "We're so sorry, checking now.")
    outcomes = await Pusher({adapter.account.id: adapter}, store, clock).push_ready()
    assert [o.status for o in outcomes] == [OutboxStatus.SENT]
    stored = store.get_mention(mention_id)
    assert stored is not None and stored.answered_at is not None
    assert len(network.replies_to(stored.mention.remote_id)) == 1


async def test_unknown_outcome_is_reconciled_not_resent(
    tmp_path: Path, clock: FakeClock, store: Store
) -> None:
    faults = DemoFaults(after_post=NetworkError("connection reset"))
    network, adapter = demo(tmp_path, clock, faults=faults)
    await pulled(store, adapter)
    mention_id = await first_waiting(store, clock)
    store.enqueue_reply(mention_id, adapter.account.id, "Sorry about that!")
    pusher = Pusher({adapter.account.id: adapter}, store, clock)
    first = await pusher.push_ready()
    assert [o.status for o in first] == [OutboxStatus.QUEUED]
    faults.after_post = None
    clock.advance(minutes=20)
    second = await pusher.push_ready()
    assert [o.status for o in second] == [OutboxStatus.SENT]
    stored = store.get_mention(mention_id)
    assert stored is not None
    assert len(network.replies_to(stored.mention.remote_id)) == 1


async def test_fault_before_post_is_retried_once(
    tmp_path: Path, clock: FakeClock, store: Store
) -> None:
    faults = DemoFaults(before_post=NetworkError("DNS failure"))
    network, adapter = demo(tmp_path, clock, faults=faults)
    await pulled(store, adapter)
    mention_id = await first_waiting(store, clock)
    store.enqueue_reply(mention_id, adapter.account.id, "Sorry about that!")
    pusher = Pusher({adapter.account.id: adapter}, store, clock)
    await pusher.push_ready()
    faults.before_post = None
    clock.advance(minutes=20)
    await pusher.push_ready()
    stored = store.get_mention(mention_id)
    assert stored is not None
    assert len(network.replies_to(stored.mention.remote_id)) == 1


POLL = 0.01  # seconds between looks at the condition (not a wait for the app)


async def until(condition: Callable[[], object], limit: float = 60.0) -> None:
    """Poll ``condition`` until it holds, at most ``limit`` seconds."""
    deadline = time.monotonic() + limit
    for _ in range(int(limit / POLL)):
        if condition() or time.monotonic() > deadline:
            break
        await asyncio.sleep(POLL)  # lets the workers under test run until the condition holds
    assert condition(), f"condition not met within {limit:.0f} s"


@pytest.mark.parametrize("posted", [False, True])  # cut before / after the network records it
async def test_quit_mid_send_then_reopen_sends_exactly_once(
    tmp_path: Path, clock: FakeClock, posted: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = open_store(tmp_path / "rd.db", clock)
    network, adapter = demo(tmp_path, clock)
    await pulled(store, adapter)
    mention_id = await first_waiting(store, clock)
    stored = store.get_mention(mention_id)
    assert stored is not None
    remote_id = stored.mention.remote_id
    # The network turns slow (a minute each side of the post) just where the cut must land,
    # so it lands there however loaded the machine is; cancelling ends the wait at once.
    slow = 120.0
    if posted:
        record = network.record_reply

        def record_then_stall(*args: Any) -> SentReply:
            adapter.latency = slow
            return record(*args)

        monkeypatch.setattr(network, "record_reply", record_then_stall)
    else:
        adapter.latency = slow
    store.enqueue_reply(mention_id, adapter.account.id, "Thanks for waiting!")
    task = asyncio.create_task(Pusher({adapter.account.id: adapter}, store, clock).push_ready())
    if posted:
        await until(lambda: network.replies_to(remote_id))
    else:
        await until(lambda: store.in_flight())
        assert network.replies_to(remote_id) == []
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    store.close()
    reopened = open_store(tmp_path / "rd.db", clock)
    assert len(reopened.in_flight()) == 1
    network2, adapter2 = demo(tmp_path, clock)
    pusher = Pusher({adapter2.account.id: adapter2}, reopened, clock)
    assert await pusher.recover() == 1
    outcomes = await pusher.push_ready()
    assert [o.status for o in outcomes] == [OutboxStatus.SENT]
    stored = reopened.get_mention(mention_id)
    assert stored is not None
    assert len(network2.replies_to(stored.mention.remote_id)) == 1


async def test_rejected_reply_fails_and_keeps_the_text(
    tmp_path: Path, clock: FakeClock, store: Store
) -> None:
    faults = DemoFaults(before_post=Rejected("Text is too long"))
    _, adapter = demo(tmp_path, clock, faults=faults)
    await pulled(store, adapter)
    mention_id = await first_waiting(store, clock)
    store.enqueue_reply(mention_id, adapter.account.id, "Long reply")
    outcomes = await Pusher({adapter.account.id: adapter}, store, clock).push_ready()
    assert [o.status for o in outcomes] == [OutboxStatus.FAILED]
    assert store.draft(mention_id) == "Long reply"


async def test_thread_is_cached(tmp_path: Path, clock: FakeClock, store: Store) -> None:
    _, adapter = demo(tmp_path, clock)
    await pulled(store, adapter)
    item = store.queue(clock())[0]
    posts = await refresh_thread(adapter, store, item)
    assert any(p.is_focus for p in posts)
    cached = store.thread(item.id)
    assert cached is not None
    assert [(p.text, p.is_brand, p.is_focus) for p in cached] == [
        (p.text, p.is_brand, p.is_focus) for p in posts
    ]


async def test_a_reply_made_elsewhere_is_noticed_by_the_next_sync(
    tmp_path: Path, clock: FakeClock, store: Store
) -> None:
    _, adapter = demo(tmp_path, clock)
    await pulled(store, adapter)
    top = store.queue(clock())[0]
    assert top.answered_at is None
    # A teammate answers from the network's own app, not through ReplyDesk.
    elsewhere = OutgoingReply(adapter.account.id, top.mention, "Answered from my phone!")
    await adapter.send(elsewhere, "rd-1795000000000000-aaaaaaaaaaaa")
    assert await check_answered(adapter, store, clock()) == 1
    fresh = store.get_mention(top.id)
    assert fresh is not None
    assert fresh.answered_at is not None
    assert fresh.answered_by
    assert top.id not in [i.id for i in store.queue(clock())]
    # The ten threads just read are not read again before their schedule says so.
    batch = {i.id for i in store.queue(clock())[:9]}
    assert not batch & due_ids(store, adapter, clock)
    clock.advance(hours=2, minutes=1)  # the longest interval of the schedule
    assert batch <= due_ids(store, adapter, clock)


def due_ids(store: Store, adapter: DemoAdapter, clock: FakeClock) -> set[int]:
    account = adapter.account.id
    due = store.threads_to_check(account, clock(), RECHECK_SCHEDULE, RECHECK_OLDER, 500)
    return {i.id for i in due}


def test_the_recheck_schedule_reads_fresh_mentions_more_often() -> None:
    ages = [timedelta(minutes=m) for m in (0, 30, 59, 61, 300, 600, 1500, 3000, 5000, 50_000)]
    intervals = [recheck_every(age) for age in ages]
    assert intervals == sorted(intervals)  # never more often for an older mention
    assert recheck_every(timedelta(minutes=5)) == timedelta(minutes=1)
    assert recheck_every(timedelta(days=30)) == RECHECK_OLDER == timedelta(hours=2)


async def test_young_threads_are_due_again_sooner_than_old_ones(
    tmp_path: Path, clock: FakeClock, store: Store
) -> None:
    _, adapter = demo(tmp_path, clock)
    await pulled(store, adapter)
    waiting = store.queue(clock(), limit=1000)
    young = next(i for i in waiting if clock() - i.mention.created_at < timedelta(hours=1))
    old = next(i for i in waiting if clock() - i.mention.created_at > timedelta(days=1))
    for item in (young, old):
        await refresh_thread(adapter, store, item)
    assert not {young.id, old.id} & due_ids(store, adapter, clock)
    clock.advance(seconds=61)
    due = due_ids(store, adapter, clock)
    assert young.id in due and old.id not in due
    clock.advance(hours=2)
    assert old.id in due_ids(store, adapter, clock)


async def test_a_manual_sync_rereads_the_rows_in_view_now(
    tmp_path: Path, clock: FakeClock, store: Store
) -> None:
    _, adapter = demo(tmp_path, clock)
    await pulled(store, adapter)
    top = store.queue(clock())[0]
    await refresh_thread(adapter, store, top)  # just read: not due by the schedule
    elsewhere = OutgoingReply(adapter.account.id, top.mention, "Answered from my phone!")
    await adapter.send(elsewhere, "rd-1795000000000000-bbbbbbbbbbbb")
    await check_answered(adapter, store, clock())
    still = store.get_mention(top.id)
    assert still is not None and still.answered_at is None
    assert await check_answered(adapter, store, clock(), limit=0, now_ids=[top.id]) == 1
    fresh = store.get_mention(top.id)
    assert fresh is not None and fresh.answered_at is not None
