"""Threads replies through the real outbox: each scenario ends with exactly one reply (or a
clear failure and none), whatever the publish step answers.

The container is made and stored on the outbox row before the publish (``Preparing``), so a
retry after a timeout, a crash or an ambiguous error publishes that container again instead of
making a second one; ``reconcile`` asks the container, then the brand's replies.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import httpx
import pytest

from adapters.errors import Rejected
from adapters.records import OutgoingReply
from adapters.threads.adapter import ThreadsAdapter
from store import OutboxStatus, Store, open_store
from store.mentions import TriageFields
from sync.push import Pusher, PushOutcome
from tests.fakes.threads import ACCOUNT, BRAND, FakeThreads, open_adapter, pull_all

TEXT = "So sorry, Maya! A fresh bag ships today."
FIELDS = TriageFields(
    cls="complaint", sentiment=-0.5, reasons=(), sla_rule="", due_at=None, priority=10.0
)


class Desk:
    """A real SQLite outbox with one queued reply to a pulled Threads mention."""

    def __init__(self, fake: FakeThreads, db: Path) -> None:
        self.fake = fake
        self.store: Store = open_store(db, lambda: fake.now)
        self.store.save_account(ACCOUNT)
        self.threads: ThreadsAdapter = open_adapter(fake)

    async def queue_reply(self) -> int:
        self.fake.add_mentions(1)
        (mention,), _ = await pull_all(self.threads)
        (mention_id,) = self.store.upsert_mentions([(mention, FIELDS)])
        return self.store.enqueue_reply(mention_id, ACCOUNT.id, TEXT).id

    async def push(self, *, later: timedelta = timedelta(minutes=10)) -> PushOutcome:
        """Move the clock past any retry time, then let the outbox try once."""
        self.fake.now += later
        pusher = Pusher({ACCOUNT.id: self.threads}, self.store, lambda: self.fake.now)
        (outcome,) = await pusher.push_ready()
        return outcome

    def restart(self) -> None:
        """A new process: a new adapter, nothing remembered but the database."""
        self.threads = open_adapter(self.fake)

    def status(self, outbox_id: int) -> OutboxStatus:
        item = self.store.outbox_item(outbox_id)
        assert item is not None
        return item.status


@pytest.fixture
def desk(tmp_path: Path) -> Desk:
    return Desk(FakeThreads(), tmp_path / "replydesk.db")


async def test_a_reply_is_a_stored_container_then_one_publish(desk: Desk) -> None:
    outbox_id = await desk.queue_reply()
    outcome = await desk.push(later=timedelta(0))
    assert outcome.status is OutboxStatus.SENT
    item = desk.store.outbox_item(outbox_id)
    assert item is not None and item.network_ref in desk.fake.containers
    assert [r["text"] for r in desk.fake.published] == [TEXT]


async def test_a_publish_that_errs_with_code_10_but_posted_is_not_sent_again(desk: Desk) -> None:
    outbox_id = await desk.queue_reply()
    desk.fake.publish_mode = "ambiguous"
    assert (await desk.push()).status is OutboxStatus.QUEUED
    desk.fake.publish_mode = "ok"
    desk.restart()
    assert (await desk.push()).status is OutboxStatus.SENT
    assert desk.status(outbox_id) is OutboxStatus.SENT
    assert len(desk.fake.published) == 1 and len(desk.fake.containers) == 1


async def test_indexing_lag_waits_for_the_listing_instead_of_posting_again(desk: Desk) -> None:
    await desk.queue_reply()
    desk.fake.publish_mode = "ambiguous"
    desk.fake.listing_lag = timedelta(minutes=30)
    assert (await desk.push()).status is OutboxStatus.QUEUED
    desk.fake.publish_mode = "ok"
    outcome = await desk.push()  # published, not listed yet
    assert outcome.status is OutboxStatus.QUEUED
    assert outcome.error is not None and "does not list it yet" in outcome.error.msg
    assert (await desk.push(later=timedelta(minutes=31))).status is OutboxStatus.SENT
    assert len(desk.fake.published) == 1


async def test_a_crash_between_container_and_publish_publishes_that_container(
    desk: Desk,
) -> None:
    await desk.queue_reply()
    real = desk.fake.transport()

    def drop_publish(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("threads_publish"):
            raise httpx.ReadError("connection lost", request=request)
        return real.handle_request(request)

    desk.threads = ThreadsAdapter(
        ACCOUNT,
        desk.threads._token,
        transport=httpx.MockTransport(drop_publish),
        clock=lambda: desk.fake.now,
    )
    assert (await desk.push()).status is OutboxStatus.QUEUED
    assert len(desk.fake.containers) == 1 and not desk.fake.published
    desk.restart()
    assert (await desk.push()).status is OutboxStatus.SENT
    assert len(desk.fake.containers) == 1 and len(desk.fake.published) == 1


async def test_too_early_a_publish_is_retried_on_the_same_container(desk: Desk) -> None:
    await desk.queue_reply()
    desk.fake.ready_after = timedelta(seconds=30)  # five polls a second apart are not enough
    assert (await desk.push(later=timedelta(0))).status is OutboxStatus.QUEUED
    assert (await desk.push()).status is OutboxStatus.SENT
    assert len(desk.fake.containers) == 1 and len(desk.fake.published) == 1


async def test_code_24_from_a_publish_is_a_retry_not_a_failure(desk: Desk) -> None:
    await desk.queue_reply()
    desk.fake.publish_mode = "not_ready"
    assert (await desk.push(later=timedelta(0))).status is OutboxStatus.QUEUED
    assert (await desk.push()).status is OutboxStatus.SENT
    assert len(desk.fake.containers) == 1 and len(desk.fake.published) == 1


async def test_an_expired_container_fails_clearly_and_posts_nothing(desk: Desk) -> None:
    outbox_id = await desk.queue_reply()
    desk.fake.ready_after = timedelta(days=2)
    assert (await desk.push(later=timedelta(0))).status is OutboxStatus.QUEUED
    desk.fake.ready_after = timedelta(0)
    outcome = await desk.push(later=timedelta(hours=25))
    assert outcome.status is OutboxStatus.FAILED
    assert outcome.error is not None and "Send it again" in outcome.error.msg
    assert desk.status(outbox_id) is OutboxStatus.FAILED and not desk.fake.published


async def test_a_used_up_reply_quota_waits_without_making_a_container(desk: Desk) -> None:
    outbox_id = await desk.queue_reply()
    desk.fake.reply_quota = 1
    desk.fake.published.append(
        {"id": "1", "text": "earlier", "timestamp": "2026-11-20T09:00:00+0000"}
    )
    outcome = await desk.push(later=timedelta(0))
    assert outcome.status is OutboxStatus.QUEUED and not desk.fake.containers
    assert outcome.error is not None and "replies a day is used up" in outcome.error.msg
    desk.fake.reply_quota = 1000
    assert (await desk.push(later=timedelta(hours=1))).status is OutboxStatus.SENT
    assert desk.status(outbox_id) is OutboxStatus.SENT
    assert len(desk.fake.containers) == 1


async def test_several_matching_replies_stop_and_ask(desk: Desk) -> None:
    await desk.queue_reply()
    (mention,), _ = await pull_all(desk.threads)
    for number in range(2):
        desk.fake.published.append(
            {
                "id": f"9{number}",
                "text": TEXT,
                "timestamp": "2026-11-20T14:00:00+0000",
                "replied_to": {"id": mention.remote_id},
                "username": BRAND,
            }
        )
    with pytest.raises(Rejected, match="check them on Threads"):
        await desk.threads.reconcile(OutgoingReply(ACCOUNT.id, mention, TEXT), "key")
