"""X in: recorded pages read into mentions, paging to the end, since_id and mid-walk resume,
DMs, and the thread around a mention (against the fake X, every request spec-checked)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from adapters.base import Adapter
from adapters.errors import RateLimited
from adapters.records import MentionKind, Platform, Visibility
from adapters.x.fields import post_mention
from adapters.x.parse import read_dm, read_includes, read_list, read_post, snowflake_time
from adapters.x.pull import DM_EVERY, XCursor
from tests.conftest import FakeClock
from tests.fakes.x import BRAND_ID, FAN_ID, OTHER_ID, FakeX, open_adapter
from tests.fakes.x_spec import fixture

ACCOUNT = f"x:{BRAND_ID}"


def test_recorded_page_with_default_fields_only() -> None:
    body = fixture("users_mentions.json")
    includes = read_includes(body)
    mentions = [post_mention(ACCOUNT, BRAND_ID, read_post(i), includes) for i in body["data"]]
    assert len(mentions) == 10
    first = mentions[0]
    assert first.remote_id == "1578516295611748353"  # a string, digit for digit
    assert first.created_at.date().isoformat() == "2022-10-07"  # from the Snowflake id
    assert first.author.handle == "unknown"  # no author_id was asked for
    assert first.platform is Platform.X
    assert any("🤨" in m.text for m in mentions)  # the surrogate pair, decoded


def test_expanded_page_joins_authors_and_keeps_unknown_fields_out() -> None:
    body = fixture("docs_users_mentions_expansions.json")
    post = read_post(body["data"][0])
    mention = post_mention(ACCOUNT, BRAND_ID, post, read_includes(body))
    assert mention.author.handle == "@developer"
    assert mention.author.display_name == "Dev Person"
    assert mention.created_at == datetime(2024, 1, 15, 10, 30, tzinfo=UTC)
    assert mention.url == "https://x.com/developer/status/1301573587187331074"


def test_both_field_spellings_and_a_missing_author() -> None:
    tweet_era = fixture("docs_tweet_reply_fields.json")["data"]
    post_era = {
        "id": "1234567891",
        "text": "@brand Great point! &amp; more",
        "author_id": "555",
        "referenced_posts": [{"type": "replied_to", "id": "1234567890"}],
        "edit_history_post_ids": ["1234567891"],
    }
    assert read_post(tweet_era).replied_to == read_post(post_era).replied_to == "1234567890"
    mention = post_mention(ACCOUNT, BRAND_ID, read_post(post_era), read_includes({}))
    assert mention.text == "@brand Great point! & more"
    assert mention.author.handle == "555"  # not in includes: shown by its id


def test_ids_never_go_through_float() -> None:
    big = {"id": 1578516295611748353, "text": "hi"}  # a number in JSON, read exactly
    assert read_post(json.loads(json.dumps(big))).remote_id == "1578516295611748353"
    assert snowflake_time("not-a-snowflake") is None


async def test_first_sync_pages_to_the_end_then_resumes_with_since_id(clock: FakeClock) -> None:
    fake = FakeX(clock)
    clock.advance(minutes=1)
    for n in range(240):
        fake.mention(f"@Twitter order {n} is late")
    adapter = open_adapter(fake, clock)
    assert isinstance(adapter, Adapter)  # the protocol every network implements
    assert (await adapter.whoami()).id == f"x:{BRAND_ID}"
    batch = await adapter.pull(None)
    assert len(batch.mentions) == 250  # the 10 recorded and the 240 new, each once
    assert not batch.more
    assert [m.created_at for m in batch.mentions] == sorted(m.created_at for m in batch.mentions)
    walk = [r for r in fake.requests if r.url.path.endswith("/mentions")]
    assert len(walk) == 3 and "pagination_token" in walk[2].url.params
    assert "start_time" in walk[0].url.params
    # users/me is outside the spec subset; the 3 pages and the DMs were all checked against it
    assert fake.validated == len(fake.requests) - 1 == 4
    clock.advance(minutes=1)
    late = fake.mention("@Twitter still nothing", author=OTHER_ID)
    again = await adapter.pull(batch.cursor)
    assert [m.remote_id for m in again.mentions] == [late.id]
    assert fake.requests[-1].url.params["since_id"] == XCursor.load(batch.cursor).since
    await adapter.aclose()


async def test_rate_limit_mid_walk_keeps_the_token_and_resumes(clock: FakeClock) -> None:
    fake = FakeX(clock)
    for n in range(240):
        fake.mention(f"@Twitter help {n}")
    fake.limits["GET /2/users/:id/mentions"] = 2
    adapter = open_adapter(fake, clock)
    first = await adapter.pull(None)
    assert len(first.mentions) == 200 and not first.more
    saved = XCursor.load(first.cursor)
    assert saved.next and not saved.since  # the walk is not finished
    with pytest.raises(RateLimited):
        await adapter.pull(first.cursor)  # waits for the reset without asking X
    clock.advance(minutes=15)
    rest = await adapter.pull(first.cursor)
    assert fake.requests[-2].url.params["pagination_token"] == saved.next
    seen = {m.remote_id for m in first.mentions} | {m.remote_id for m in rest.mentions}
    assert len(seen) == 250
    assert XCursor.load(rest.cursor).since  # finished: the next pull starts at since_id
    await adapter.aclose()


async def test_direct_messages_arrive_every_few_minutes(clock: FakeClock) -> None:
    fake = FakeX(clock)
    asked = fake.dm("My parcel never came, order 42")
    fake.dm("We are looking into it", sender=BRAND_ID)  # the brand's own: not a mention
    adapter = open_adapter(fake, clock)
    batch = await adapter.pull(None)
    dms = [m for m in batch.mentions if m.kind is MentionKind.DIRECT]
    assert [m.remote_id for m in dms] == [asked.id]
    assert dms[0].visibility is Visibility.DIRECT
    assert dms[0].author.handle == "@developer"
    assert dms[0].meta["sender_id"] == FAN_ID
    fake.dm("Hello?")
    clock.advance(minutes=1)
    soon = await adapter.pull(batch.cursor)
    assert not soon.mentions  # DMs wait DM_EVERY: X allows 15 DM reads per 15 minutes
    clock.advance(seconds=DM_EVERY.total_seconds())
    later = await adapter.pull(soon.cursor)
    assert [m.text for m in later.mentions] == ["Hello?"]
    await adapter.aclose()


async def test_thread_reads_earlier_posts_and_the_brands_reply(clock: FakeClock) -> None:
    fake = FakeX(clock)
    root = fake.mention("Shipping is slow this week", author=OTHER_ID)
    middle = fake.mention("Same here", author=OTHER_ID, replied_to=root.id)
    clock.advance(minutes=1)
    ask = fake.mention("@Twitter any news?", replied_to=middle.id)
    adapter = open_adapter(fake, clock)
    batch = await adapter.pull(None)
    mention = next(m for m in batch.mentions if m.remote_id == ask.id)
    assert mention.in_reply_to_id == middle.id and mention.thread_root_id == root.id
    clock.advance(minutes=1)
    fake.mention("Yes: it ships Monday", author=BRAND_ID, replied_to=ask.id)
    posts = await adapter.thread(mention)
    assert [p.remote_id for p in posts][:3] == [root.id, middle.id, ask.id]
    assert posts[2].is_focus
    assert posts[3].is_brand and posts[3].text == "Yes: it ships Monday"
    lookups = [r for r in fake.requests if r.url.path == "/2/tweets"]
    assert len(lookups) == 1  # the parent's answer brought the root along
    await adapter.aclose()


def test_damaged_cursor_starts_over() -> None:
    assert XCursor.load("not json") == XCursor()
    kept = XCursor(since="1", dm="2", dm_at=(datetime(2026, 1, 1, tzinfo=UTC)).isoformat())
    assert XCursor.load(kept.dump()) == kept


async def test_thread_of_a_reply_to_a_deleted_post_starts_at_the_mention(clock: FakeClock) -> None:
    fake = FakeX(clock)
    gone = fake.mention("soon deleted", author=OTHER_ID)
    ask = fake.mention("@Twitter what happened here?", replied_to=gone.id)
    adapter = open_adapter(fake, clock)
    mention = next(m for m in (await adapter.pull(None)).mentions if m.remote_id == ask.id)
    del fake.posts[gone.id]  # the lookup answers 200 with only an ``errors`` list
    posts = await adapter.thread(mention)
    assert [p.remote_id for p in posts] == [ask.id]
    await adapter.aclose()


async def test_an_app_without_dm_access_still_gets_its_mentions(clock: FakeClock) -> None:
    fake = FakeX(clock)
    fake.dm_forbidden = True
    adapter = open_adapter(fake, clock)
    batch = await adapter.pull(None)
    assert len(batch.mentions) == 10
    assert XCursor.load(batch.cursor).dm_at  # tried again after DM_EVERY, not at once
    await adapter.aclose()


def test_recorded_dm_pages() -> None:
    recorded_events = fixture("dm_conversation_events.json")  # default fields: no sender, no time
    events = [read_dm(item) for item in recorded_events["data"]]
    assert [e.text for e in events if e] == ["Testing 2", "Testing 1"]
    assert all(e and e.created_at.year == 2022 for e in events)  # from the Snowflake ids
    docs = fixture("docs_dm_events.json")["data"][0]
    event = read_dm(docs)
    assert event is not None and event.sender_id == "9876543210"
    assert read_includes(fixture("docs_dm_events_expansions.json")).author("9876543210").handle == (
        "@example_user"
    )
    assert read_list(fixture("dm_events_empty.json"), "data") == []  # no ``data`` key at all
    thread = fixture("docs_conversation_thread.json")["data"]
    assert {read_post(p).conversation_id for p in thread} == {"1234567890"}
