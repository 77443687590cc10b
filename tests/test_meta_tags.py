"""Instagram posts that tag the account (the ``tags`` edge, the one kind of Instagram mention a
poll can list): pulled once each, answered through ``POST /{ig-user-id}/mentions``, and never
sent twice after a lost answer (no listing to reconcile with: it fails closed)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from adapters.errors import Rejected
from adapters.meta import MetaAdapter
from adapters.meta.cursor import decode
from adapters.meta.text import Channel, channel_of, route
from adapters.records import MentionKind, OutgoingReply, Platform
from tests.conftest import FakeClock
from tests.fakes.meta import FakeGraph
from tests.fakes.meta_seed import IG_ID, fixture
from tests.test_meta_pull import ACCOUNT

TAGGED = fixture("ig_tagged_media.json")["data"]


async def test_posts_that_tag_the_account_arrive_once(clock: FakeClock) -> None:
    fake = FakeGraph(clock)
    cute, uncaptioned = TAGGED[2], TAGGED[4]  # the caption @mentions the account; no caption
    fake.tag({**cute, "username": "friend.of.ikroskun"}, timedelta(hours=3))
    fake.tag(uncaptioned, timedelta(days=2))
    fake.tag(TAGGED[0], timedelta(days=30))  # older than the first sync reaches
    meta = MetaAdapter(ACCOUNT, fake.page_token, transport=fake.transport(), clock=clock)
    batch = await meta.pull(None)
    tags = [m for m in batch.mentions if channel_of(m) is Channel.IG_TAG]
    assert [(m.remote_id, m.text) for m in tags] == [
        (uncaptioned["id"], ""),
        (cute["id"], "Cute.. #cute #loveyou  @ikroskun"),
    ]
    assert tags[1].author.handle == "@friend.of.ikroskun"
    assert tags[0].author.handle == "Instagram user"  # no username given: kept, anonymous
    assert tags[1].kind is MentionKind.MENTION and tags[1].platform is Platform.INSTAGRAM
    assert tags[1].url == cute["permalink"]
    assert decode(batch.cursor).tags_since == tags[1].created_at
    again = await meta.pull(batch.cursor)
    assert not [m for m in again.mentions if channel_of(m) is Channel.IG_TAG]
    assert (
        await meta.thread(tags[1]) == ((await meta.thread(tags[1]))[0],)
        and (await meta.thread(tags[1]))[0].is_focus
    )
    assert "no private reply" in route(tags[1], clock()).private_blocked


async def test_a_tag_is_answered_through_the_mentions_edge_and_never_twice(
    clock: FakeClock,
) -> None:
    fake = FakeGraph(clock)
    fake.tag(TAGGED[2], timedelta(hours=3))
    meta = MetaAdapter(ACCOUNT, fake.page_token, transport=fake.transport(), clock=clock)
    [tag] = [m for m in (await meta.pull(None)).mentions if channel_of(m) is Channel.IG_TAG]
    reply = OutgoingReply(ACCOUNT.id, tag, "Thank you for the tag! 💛")
    sent = await meta.send(reply, "k1")
    assert fake.tag_comments == [
        {"media_id": tag.remote_id, "message": "Thank you for the tag! 💛"}
    ]
    assert [r.path for r in fake.requests if r.method == "POST"] == [f"/{IG_ID}/mentions"]
    assert sent.remote_id == fake.sent[-1]["id"]
    with pytest.raises(Rejected, match="cannot tell whether this reply landed"):
        await meta.reconcile(reply, "k2")
