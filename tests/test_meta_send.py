"""Replies out through the fake Graph API: comments, Instagram, Messenger, private replies,
reply windows, and exactly once after a crash after the POST."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import httpx
import pytest

from adapters.errors import NetworkError, Rejected
from adapters.meta import MetaAdapter
from adapters.meta.faults import WindowClosed
from adapters.meta.text import CONVERSATION, REPLY_TO
from adapters.records import Mention, MentionKind, OutgoingReply, Platform, Visibility
from adapters.reply_window import WINDOW_KEY
from store import OutboxStatus, open_store
from sync.pull import pull_account
from sync.push import Pusher
from sync.triaging import TriageSettings
from tests.conftest import FakeClock
from tests.fakes.meta import FakeGraph
from tests.fakes.meta_seed import CONVERSATION as CONV_ID
from tests.fakes.meta_seed import IG_ID, OLD_CONVERSATION, PAGE_ID
from tests.test_meta_pull import ACCOUNT


async def pulled(
    clock: FakeClock, **options: Any
) -> tuple[FakeGraph, MetaAdapter, dict[str, Mention]]:
    fake = FakeGraph(clock)
    meta = MetaAdapter(ACCOUNT, fake.page_token, transport=fake.transport(), clock=clock, **options)
    batch = await meta.pull(None)
    by_text = {m.text or f"{m.meta.get(CONVERSATION)}:{m.remote_id}": m for m in batch.mentions}
    for m in batch.mentions:
        if m.kind is MentionKind.DIRECT and m.text:
            by_text[str(m.meta[CONVERSATION])] = m
    return fake, meta, by_text


def posts(fake: FakeGraph) -> list[Any]:
    return [r for r in fake.requests if r.method == "POST"]


def page_comments(fake: FakeGraph, under: str) -> list[str]:
    return [
        c.text
        for c in fake.comments
        if c.parent == under and c.author and c.author["id"] in (PAGE_ID, IG_ID)
    ]


async def test_a_comment_reply_goes_under_the_comment(clock: FakeClock) -> None:
    fake, meta, found = await pulled(clock)
    mention = found["Is the shop open on Sunday?"]
    sent = await meta.send(OutgoingReply(ACCOUNT.id, mention, "Yes, 10 to 4!"), "k1")
    assert posts(fake)[0].path == f"/{mention.remote_id}/comments"
    assert page_comments(fake, mention.remote_id) == ["Yes, 10 to 4!"]
    assert sent.in_reply_to_id == mention.remote_id and sent.created_at == clock()
    thread = await meta.thread(mention)
    assert [(p.text, p.is_brand) for p in thread[2:]] == [("Yes, 10 to 4!", True)]


async def test_a_reply_to_a_reply_goes_to_the_top_level_comment(clock: FakeClock) -> None:
    fake, meta, found = await pulled(clock)
    mention = found["My order arrived broken, who do I talk to?"]
    top = mention.meta[REPLY_TO]
    assert top != mention.remote_id
    await meta.send(OutgoingReply(ACCOUNT.id, mention, "So sorry! Please DM us."), "k1")
    assert posts(fake)[0].path == f"/{top}/comments"
    assert "So sorry! Please DM us." in page_comments(fake, top)


async def test_an_instagram_reply_uses_replies(clock: FakeClock) -> None:
    fake, meta, found = await pulled(clock)
    mention = next(
        m for m in found.values() if m.platform is Platform.INSTAGRAM and m.text == "Beautiful!"
    )
    sent = await meta.send(OutgoingReply(ACCOUNT.id, mention, "Thank you!"), "k1")
    assert posts(fake)[0].path == f"/{mention.remote_id}/replies"
    assert page_comments(fake, mention.remote_id)[-1] == "Thank you!"
    assert sent.remote_id.isdigit()
    with pytest.raises(Rejected, match="at most 2200"):
        await meta.send(OutgoingReply(ACCOUNT.id, mention, "x" * 2201), "k2")


async def test_a_messenger_reply_is_a_response_and_keeps_its_message_id(clock: FakeClock) -> None:
    fake, meta, found = await pulled(clock)
    mention = found[CONV_ID]
    sent = await meta.send(
        OutgoingReply(ACCOUNT.id, mention, "Yes, 8 pm for 4!", Visibility.DIRECT), "k1"
    )
    body = posts(fake)[0].body
    assert posts(fake)[0].path == f"/{PAGE_ID}/messages"
    assert body["messaging_type"] == "RESPONSE" and body["recipient"] == {
        "id": mention.author.remote_id
    }
    assert sent.remote_id == fake.sent[-1]["message_id"]
    thread = await meta.thread(mention)
    assert (thread[-1].text, thread[-1].is_brand) == ("Yes, 8 pm for 4!", True)


async def test_a_closed_window_blocks_the_send_with_the_reason(clock: FakeClock) -> None:
    fake, meta, found = await pulled(clock)
    stale = found[OLD_CONVERSATION]
    with pytest.raises(
        WindowClosed, match="window closed 6 h ago: Meta lets a Page answer within 24 hours"
    ) as caught:
        await meta.send(
            OutgoingReply(ACCOUNT.id, stale, "Sorry for the wait!", Visibility.DIRECT), "k1"
        )
    assert "human agent" in caught.value.msg
    assert not posts(fake)
    # A window ReplyDesk thinks open but Meta says closed (clocks differ): Meta's word wins.
    open_copy = dataclasses.replace(
        stale, meta={**stale.meta, WINDOW_KEY: "2999-01-01T00:00:00+00:00"}
    )
    with pytest.raises(WindowClosed, match="outside the reply window"):
        await meta.send(
            OutgoingReply(ACCOUNT.id, open_copy, "Sorry for the wait!", Visibility.DIRECT), "k2"
        )


async def test_a_human_agent_may_answer_after_24_hours(clock: FakeClock) -> None:
    fake, meta, found = await pulled(clock, human_agent=True)
    stale = found[OLD_CONVERSATION]
    await meta.send(
        OutgoingReply(ACCOUNT.id, stale, "Sorry for the wait!", Visibility.DIRECT), "k1"
    )
    assert posts(fake)[0].body["tag"] == "HUMAN_AGENT"
    assert posts(fake)[0].body["messaging_type"] == "MESSAGE_TAG"


async def test_a_private_reply_is_sent_once(clock: FakeClock) -> None:
    fake, meta, found = await pulled(clock)
    mention = found["sad"]  # an hour old
    private = OutgoingReply(
        ACCOUNT.id, mention, "Sorry! What's your order number?", Visibility.DIRECT
    )
    await meta.send(private, "k1")
    assert posts(fake)[0].body["recipient"] == {"comment_id": mention.remote_id}
    with pytest.raises(Rejected, match="already sent"):
        await meta.send(private, "k2")
    assert not page_comments(fake, mention.remote_id)  # nothing public was posted


async def test_no_private_reply_after_7_days_or_to_a_hidden_author(clock: FakeClock) -> None:
    fake, meta, found = await pulled(clock)
    hidden = found["Is the shop open on Sunday?"]
    with pytest.raises(Rejected, match="hidden"):
        await meta.send(OutgoingReply(ACCOUNT.id, hidden, "Hi", Visibility.DIRECT), "k1")
    old = found["My order arrived broken, who do I talk to?"]  # 11 days old
    with pytest.raises(Rejected, match="within 7 days"):
        await meta.send(OutgoingReply(ACCOUNT.id, old, "Hi", Visibility.DIRECT), "k2")
    assert not posts(fake)


def crash_once(fake: FakeGraph) -> None:
    def crash(_: dict[str, Any]) -> None:
        fake.after_post = None
        raise httpx.ReadError("connection reset after the POST landed")

    fake.after_post = crash


@pytest.mark.parametrize("text", ["Is the shop open on Sunday?", CONV_ID])
async def test_a_crash_after_the_post_is_reconciled_not_sent_again(
    clock: FakeClock, tmp_path: Path, text: str
) -> None:
    fake, meta, found = await pulled(clock)
    store = open_store(tmp_path / "rd.db", clock)
    store.save_account(ACCOUNT)
    await pull_account(meta, store, TriageSettings())
    target = found[text]
    item = next(i for i in store.queue(clock()) if i.mention.remote_id == target.remote_id)
    store.enqueue_reply(item.id, ACCOUNT.id, "Thanks, we're on it!")
    crash_once(fake)
    pusher = Pusher({ACCOUNT.id: meta}, store, clock)
    first = await pusher.push_ready()
    assert [o.status for o in first] == [OutboxStatus.QUEUED]
    assert isinstance(first[0].error, NetworkError)
    clock.advance(minutes=20)
    second = await pusher.push_ready()
    assert [o.status for o in second] == [OutboxStatus.SENT]
    assert len(fake.sent) == 1  # the reconcile found the first reply: nothing posted twice
    assert second[0].sent is not None
    assert second[0].sent.remote_id in (fake.sent[0].get("id"), fake.sent[0].get("message_id"))


async def test_two_identical_page_replies_fail_closed(clock: FakeClock) -> None:
    _, meta, found = await pulled(clock)
    mention = found["Is the shop open on Sunday?"]
    reply = OutgoingReply(ACCOUNT.id, mention, "Yes!")
    await meta.send(reply, "k1")
    await meta.send(reply, "k2")
    with pytest.raises(Rejected, match="2 identical replies"):
        await meta.reconcile(reply, "k3")
    assert await meta.reconcile(dataclasses.replace(reply, text="No"), "k4") is None
