"""Like, boost and follow through each network's adapter (fakes in tests/fakes/): safe to
repeat, safe after a lost answer, and undone on request; a network without them says so."""

from __future__ import annotations

from dataclasses import replace

import httpx
import pytest

from adapters.bluesky.engage import COLLECTIONS
from adapters.engage import Act, Engaged, can_engage
from adapters.errors import BadPayload, Gone, NetworkError
from adapters.mastodon import MastodonAdapter
from tests.fakes.bluesky import BRAND_DID, FAN_DID, MENTION_CID, MENTION_URI, FakePds
from tests.fakes.mastodon import FakeMastodon
from tests.loopback import mock_transport
from tests.test_bluesky_send import adapter_on, recorded_mention
from tests.test_mastodon_send import GTS, MENTION


def mastodon_on(fake: FakeMastodon, *, lose_first_answer: bool = False) -> MastodonAdapter:
    """An adapter on ``fake``; optionally the server acts on the first request but its
    answer never arrives (a timeout after the fact)."""
    inner = mock_transport(fake.handle)
    lost = [lose_first_answer]

    def handle(request: httpx.Request) -> httpx.Response:
        response = inner.handle_request(request)
        if lost[0]:
            lost[0] = False
            raise httpx.ReadTimeout("the answer was lost", request=request)
        return response

    return MastodonAdapter(GTS, fake.token, transport=httpx.MockTransport(handle))


async def test_mastodon_favourite_boost_and_follow_are_states_and_undo_clears_them() -> None:
    fake = FakeMastodon()
    adapter = mastodon_on(fake)
    assert can_engage(adapter) is not None  # Mastodon can; see the demo's Facebook for not
    liked = await adapter.engage(Act.LIKE, MENTION)
    assert await adapter.engage(Act.LIKE, MENTION) == liked  # twice: still one favourite
    assert fake.engaged["favourite"] == {MENTION.remote_id}
    await adapter.engage(Act.BOOST, MENTION)
    followed = await adapter.engage(Act.FOLLOW, MENTION)
    assert followed == Engaged(Act.FOLLOW, MENTION.author.remote_id)
    assert fake.engaged["reblog"] == {MENTION.remote_id}
    assert fake.engaged["follow"] == {MENTION.author.remote_id}
    await adapter.disengage(liked)
    await adapter.disengage(liked)  # undoing twice is as harmless as doing twice
    await adapter.disengage(followed)
    assert fake.engaged == {"favourite": set(), "reblog": {MENTION.remote_id}, "follow": set()}
    paths = [r.path for r in fake.requests if r.method == "POST"]
    assert f"/api/v1/statuses/{MENTION.remote_id}/unfavourite" in paths


async def test_mastodon_a_lost_answer_is_retried_without_a_second_act() -> None:
    fake = FakeMastodon()
    adapter = mastodon_on(fake, lose_first_answer=True)
    with pytest.raises(NetworkError):
        await adapter.engage(Act.BOOST, MENTION)
    assert fake.engaged["reblog"] == {MENTION.remote_id}  # it happened, nobody heard
    await adapter.engage(Act.BOOST, MENTION)
    assert fake.engaged["reblog"] == {MENTION.remote_id}


async def test_mastodon_a_deleted_status_is_gone() -> None:
    adapter = mastodon_on(FakeMastodon())
    with pytest.raises(Gone):
        await adapter.engage(Act.LIKE, replace(MENTION, remote_id="deleted-1"))


async def test_bluesky_like_repost_and_follow_are_records_under_one_key_each() -> None:
    pds = FakePds()
    adapter = adapter_on(pds)
    mention = recorded_mention()
    liked = await adapter.engage(Act.LIKE, mention)
    again = await adapter.engage(Act.LIKE, mention)  # a retry: the same record, not a second
    assert again == liked and len(pds.records) == 1
    stored = pds.records[liked.ref]
    assert stored["uri"] == f"at://{BRAND_DID}/{COLLECTIONS[Act.LIKE]}/{liked.ref}"
    assert stored["value"]["subject"] == {"uri": MENTION_URI, "cid": MENTION_CID}
    reposted = await adapter.engage(Act.BOOST, mention)
    followed = await adapter.engage(Act.FOLLOW, mention)
    assert len({liked.ref, reposted.ref, followed.ref}) == 3
    assert pds.records[followed.ref]["value"]["subject"] == FAN_DID
    await adapter.disengage(liked)
    await adapter.disengage(liked)
    assert set(pds.records) == {reposted.ref, followed.ref}


async def test_bluesky_a_mention_without_its_cid_is_refused_in_words() -> None:
    adapter = adapter_on(FakePds())
    with pytest.raises(BadPayload, match="sync the account again"):
        await adapter.engage(Act.LIKE, replace(recorded_mention(), meta={}))
