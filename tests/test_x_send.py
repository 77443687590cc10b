"""X out: a reply and a DM answer posted once through the outbox, an unknown outcome reconciled
(never a second post), several matches stopped for a person, and an unsummoned reply refused
before any request (X would refuse it and charge for the attempt)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import httpx
import pytest

from adapters.errors import NetworkError, Rejected
from adapters.records import Author, Mention, MentionKind, OutgoingReply, Platform
from adapters.x.adapter import XAdapter
from adapters.x.tokens import XTokens
from store import OutboxStatus, Store, open_store
from sync.pull import pull_account
from sync.push import Pusher
from sync.triaging import TriageSettings
from tests.conftest import FakeClock
from tests.fakes.x import BRAND_ID, FAN_ID, FakeX, brand_account, open_adapter
from tests.fakes.x_spec import fixture


@pytest.fixture
def store(tmp_path: Path, clock: FakeClock) -> Store:
    return open_store(tmp_path / "rd.db", clock)


async def queued(store: Store, fake: FakeX, clock: FakeClock, remote_id: str) -> int:
    adapter = open_adapter(fake, clock)
    await pull_account(adapter, store, TriageSettings())
    await adapter.aclose()
    item = next(i for i in store.queue(clock()) if i.mention.remote_id == remote_id)
    return item.id


async def outbox(
    store: Store, fake: FakeX, clock: FakeClock, remote_id: str, text: str
) -> tuple[XAdapter, Pusher]:
    """The mention ``remote_id`` pulled, ``text`` queued as its answer, and the pusher."""
    mention_id = await queued(store, fake, clock, remote_id)
    adapter = open_adapter(fake, clock)
    store.enqueue_reply(mention_id, adapter.account.id, text)
    return adapter, Pusher({adapter.account.id: adapter}, store, clock)


async def lost_then_reconciled(
    store: Store, fake: FakeX, clock: FakeClock, remote_id: str, text: str
) -> None:
    """Answer ``remote_id`` with ``text``; X takes the first attempt but its answer is lost
    (a timeout), and the retry 20 minutes later must find it instead of sending again."""
    adapter, pusher = await outbox(store, fake, clock, remote_id, text)
    fake.lose_answers = 1
    first = await pusher.push_ready()
    assert [o.status for o in first] == [OutboxStatus.QUEUED]
    assert isinstance(first[0].error, NetworkError)
    clock.advance(minutes=20)
    second = await pusher.push_ready()
    assert [o.status for o in second] == [OutboxStatus.SENT]
    await adapter.aclose()


async def test_reply_is_posted_once_with_in_reply_to(clock: FakeClock, store: Store) -> None:
    fake = FakeX(clock)
    ask = fake.mention("@Twitter where is order 42? café & co")
    adapter, pusher = await outbox(store, fake, clock, ask.id, "Sorry! It ships today: café & co")
    outcomes = await pusher.push_ready()
    assert [o.status for o in outcomes] == [OutboxStatus.SENT]
    posted = json.loads(fake.requests[-1].content)
    assert posted == {
        "text": "Sorry! It ships today: café & co",  # no @handle prepended: X adds none
        "reply": {"in_reply_to_tweet_id": ask.id},
    }
    sent = outcomes[0].sent
    assert sent is not None and sent.text == "Sorry! It ships today: café & co"
    assert len(fake.brand_posts()) == 1
    await adapter.aclose()


async def test_lost_answer_after_the_post_is_reconciled_not_resent(
    clock: FakeClock, store: Store
) -> None:
    fake = FakeX(clock)
    ask = fake.mention("@Twitter refund please https://example.com/order/42")
    await lost_then_reconciled(store, fake, clock, ask.id, "Refund: https://example.com/r")
    assert len(fake.brand_posts()) == 1  # found by reconcile: no second post
    assert [r.method for r in fake.requests].count("POST") == 1


async def test_dm_answer_is_sent_once_even_after_a_lost_answer(
    clock: FakeClock, store: Store
) -> None:
    fake = FakeX(clock)
    asked = fake.dm("Can you check my account?")
    await lost_then_reconciled(store, fake, clock, asked.id, "Of course, one moment.")
    mine = [d for d in fake.dms if d.sender_id == BRAND_ID]
    assert [d.text for d in mine] == ["Of course, one moment."]
    assert fake.requests[-1].url.path == f"/2/dm_conversations/with/{FAN_ID}/dm_events"


async def mention_of(fake: FakeX, clock: FakeClock, remote_id: str) -> Mention:
    adapter = open_adapter(fake, clock)
    batch = await adapter.pull(None)
    await adapter.aclose()
    return next(m for m in batch.mentions if m.remote_id == remote_id)


async def test_several_identical_replies_stop_and_ask(clock: FakeClock) -> None:
    fake = FakeX(clock)
    ask = fake.mention("@Twitter hello")
    mention = await mention_of(fake, clock, ask.id)
    for _ in range(2):
        fake.mention("Hi there!", author=BRAND_ID, replied_to=ask.id)
    adapter = open_adapter(fake, clock)
    with pytest.raises(Rejected, match="2 identical replies"):
        await adapter.reconcile(OutgoingReply(adapter.account.id, mention, "Hi  there!"), "k")
    assert await adapter.reconcile(
        OutgoingReply(adapter.account.id, mention, "Something else"), "k"
    ) is None  # fmt: skip
    await adapter.aclose()


async def test_reply_to_an_unsummoned_post_is_refused_before_sending(clock: FakeClock) -> None:
    fake = FakeX(clock)
    ask = fake.mention("@Twitter hello")
    mention = await mention_of(fake, clock, ask.id)
    stranger = replace(mention, meta={**mention.meta, "summoned": "0"})
    adapter = open_adapter(fake, clock)
    asked = len(fake.requests)
    with pytest.raises(Rejected, match="mentioned or quoted @Twitter"):
        await adapter.send(OutgoingReply(adapter.account.id, stranger, "Hi!"), "k")
    assert len(fake.requests) == asked
    too_long = OutgoingReply(adapter.account.id, mention, "界" * 141)
    with pytest.raises(Rejected, match="282/280"):
        await adapter.send(too_long, "k")
    assert len(fake.requests) == asked
    await adapter.aclose()


async def test_x_refusing_an_unsummoned_reply_is_not_retried(clock: FakeClock) -> None:
    fake = FakeX(clock)
    ask = fake.mention("@Twitter hello")
    mention = await mention_of(fake, clock, ask.id)
    fake.posts[ask.id].text = "edited: no mention any more"  # X now sees no summons
    adapter = open_adapter(fake, clock)
    with pytest.raises(Rejected, match="not allowed"):
        await adapter.send(OutgoingReply(adapter.account.id, mention, "Hi!"), "k")
    assert mention.kind is MentionKind.MENTION
    await adapter.aclose()


async def test_crash_after_x_accepted_the_post_is_reconciled_on_restart(
    clock: FakeClock, store: Store
) -> None:
    fake = FakeX(clock)
    ask = fake.mention("@Twitter my card was charged twice")
    mention_id = await queued(store, fake, clock, ask.id)
    adapter = open_adapter(fake, clock)
    store.enqueue_reply(mention_id, adapter.account.id, "We have refunded the second charge.")
    item = store.claim_next(clock())  # marked "sending", as push does before the request
    assert item is not None
    stored = store.get_mention(mention_id)
    assert stored is not None
    reply = OutgoingReply(adapter.account.id, stored.mention, item.text)
    await adapter.send(reply, item.idempotency_key)  # X took it; then the process died
    await adapter.aclose()
    restarted = open_adapter(fake, clock)
    pusher = Pusher({restarted.account.id: restarted}, store, clock)
    assert await pusher.recover() == 1
    outcomes = await pusher.push_ready()
    assert [o.status for o in outcomes] == [OutboxStatus.SENT]
    assert len(fake.brand_posts()) == 1  # reconcile found it: no second reply
    await restarted.aclose()


async def test_recorded_create_answers_are_read(clock: FakeClock) -> None:
    created = httpx.Response(201, json=fixture("tweets_create.json"))
    messaged = httpx.Response(201, json=fixture("dm_send_by_participant.json"))
    answers = [created, messaged]
    transport = httpx.MockTransport(lambda request: answers.pop(0))
    adapter = XAdapter(brand_account(), XTokens("t"), transport=transport, clock=clock)
    fan = Author(FAN_ID, "@developer")
    post = Mention(adapter.account.id, "1", Platform.X, fan, "@Twitter hi", clock())
    sent = await adapter.send(OutgoingReply(adapter.account.id, post, "Test Tweet"), "k")
    assert sent.remote_id == "1456012973835788293"
    assert sent.created_at.year == 2021  # the Snowflake's time
    dm = replace(post, kind=MentionKind.DIRECT, meta={"sender_id": FAN_ID})
    answered = await adapter.send(OutgoingReply(adapter.account.id, dm, "Hello"), "k")
    assert answered.remote_id == "1585800613253812228"  # from the body, not the location header
    await adapter.aclose()
