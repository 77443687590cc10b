"""Meta search for watch terms: Instagram hashtags (looked up once, recent media paged and
resumed, at most 30 hashtags a week), and plain words on Facebook said to be unsearchable."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from adapters.errors import Rejected
from adapters.meta.adapter import MetaAdapter
from adapters.meta.search import MetaSearch
from adapters.records import Account, OutgoingReply, Platform
from adapters.watch import parse_term, watch_list
from settings.watch import WatchConfig
from store import open_store
from sync.listen import listen_account
from sync.triaging import TriageSettings
from tests.conftest import FakeClock
from tests.fakes.meta import ok
from tests.fakes.meta_search import FakeHashtags
from tests.fakes.meta_seed import PAGE_ID, PAGE_NAME

NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)
ACCOUNT = Account(
    f"facebook:{PAGE_ID}", "facebook", PAGE_NAME, PAGE_NAME, "https://graph.test/v21.0"
)
WATCH = watch_list(["#fernbrook", '-"fernbrook road"'])


def open_search(fake: FakeHashtags, clock: FakeClock, max_pages: int = 10) -> MetaSearch:
    return MetaAdapter(
        ACCOUNT, fake.page_token, transport=fake.transport(), clock=clock, max_pages=max_pages
    )


def tagged(clock: FakeClock, count: int) -> FakeHashtags:
    """``count`` posts under #fernbrook, one every 10 minutes, one on Fernbrook Road."""
    fake = FakeHashtags(clock)
    captions = [f"#fernbrook beans, bag {n}" for n in range(count - 1)]
    fake.hashtag(
        "fernbrook", ["stuck on Fernbrook Road #fernbrook", *captions], timedelta(minutes=10)
    )
    return fake


async def test_a_hashtag_is_looked_up_once_and_its_recent_media_walked_then_resumed() -> None:
    clock = FakeClock(NOW)
    fake = tagged(clock, 120)
    search = open_search(fake, clock)
    term = WATCH.terms[0]
    batch = await search.search(term, WATCH, None)
    assert len(batch.mentions) == 119 and batch.excluded == 1 and not batch.more
    first = batch.mentions[-1]
    assert first.platform is Platform.INSTAGRAM and first.found_by == "#fernbrook"
    assert first.url.startswith("https://www.instagram.com/p/") and first.author.remote_id == ""
    pages = [r for r in fake.requests if r.path.endswith("/recent_media")]
    assert len(pages) == 3 and pages[0].query["limit"] == "50"  # 120 posts, 50 a page
    clock.advance(minutes=5)
    fake.hashtagged["fernbrook"].insert(0, {**fake.hashtagged["fernbrook"][1], "id": "1799new"})
    fake.hashtagged["fernbrook"][0]["timestamp"] = clock().strftime("%Y-%m-%dT%H:%M:%S+0000")
    again = await search.search(term, WATCH, batch.cursor)
    assert [m.remote_id for m in again.mentions] == ["1799new"]
    assert fake.looked_up == ["fernbrook"]  # the id came from the cursor: no second lookup


async def test_a_walk_cut_by_the_page_budget_resumes_where_it_stopped() -> None:
    clock = FakeClock(NOW)
    fake = tagged(clock, 120)
    search = open_search(fake, clock, max_pages=1)
    first = await search.search(WATCH.terms[0], WATCH, None)
    assert first.more and len(first.mentions) == 49  # 50 read, one on Fernbrook Road
    rest = await search.search(WATCH.terms[0], WATCH, first.cursor)
    second = await search.search(WATCH.terms[0], WATCH, rest.cursor)
    ids = {m.remote_id for b in (first, rest, second) for m in b.mentions}
    assert len(ids) == 119 and not second.more


async def test_instagram_searches_thirty_hashtags_a_week_and_words_are_refused() -> None:
    clock = FakeClock(NOW)
    fake = tagged(clock, 3)
    search = open_search(fake, clock)
    many = watch_list([f"#tag{n}" for n in range(30)] + ["#fernbrook"])
    over = await search.search(many.terms[-1], many, None)
    assert "at most 30 hashtags a week" in over.notice and fake.looked_up == []
    assert "Facebook has no public post search" in (search.refusal(parse_term("beans")) or "")
    assert search.refusal(parse_term("#fern-brook")) is not None
    assert search.refusal(parse_term('-"fernbrook road"')) is None  # exclusions apply here


async def test_a_page_without_instagram_says_facebook_cannot_search(tmp_path: Path) -> None:
    clock = FakeClock(NOW)
    fake = tagged(clock, 3)
    fake.fail_next("GET", "/me", ok({"id": PAGE_ID, "name": PAGE_NAME}))
    store = open_store(tmp_path / "rd.db", clock)
    adapter = open_search(fake, clock)
    assert isinstance(adapter, MetaAdapter)
    store.save_account(ACCOUNT)
    config = WatchConfig({"*": ("#fernbrook", "beans")})
    heard = await listen_account(adapter, store, TriageSettings(), config)
    assert heard.new_ids == ()
    refused, waits = heard.notices
    assert "beans cannot be searched on facebook" in refused
    assert "Facebook has no public post search" in waits and "#fernbrook waits" in waits


async def test_a_public_reply_to_a_post_found_under_a_hashtag_is_refused_before_sending() -> None:
    clock = FakeClock(NOW)
    fake = tagged(clock, 3)
    adapter = open_search(fake, clock)
    assert isinstance(adapter, MetaAdapter)
    found = (await adapter.search(WATCH.terms[0], WATCH, None)).mentions[-1]
    with pytest.raises(Rejected, match="in the Instagram app"):
        await adapter.send(OutgoingReply(ACCOUNT.id, found, "Thanks!"), "key-1")
    assert not [r for r in fake.requests if r.method == "POST"]
