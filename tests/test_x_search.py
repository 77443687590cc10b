"""X's recent search for watch terms: off until the config allows reads, every page within the
month's reads left, exclusions and the brand's posts left out by the query (X bills none of
them), resumed where a walk stopped, and found posts marked as not summoning the brand."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from types import MappingProxyType

import pytest

from adapters.errors import RateLimited
from adapters.watch import parse_term, watch_list
from adapters.x.search import XSearch
from adapters.x.text import summoned
from settings.watch import WatchConfig
from store import open_store
from sync.listen import listen_account
from sync.preview import preview_account
from sync.triaging import TriageSettings
from tests.conftest import FakeClock
from tests.fakes.x import OTHER_ID, open_adapter
from tests.fakes.x_search import FakeXSearch

NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)
WATCH = watch_list(["coffee", '-"coffee road"'])


def fake_with_posts(count: int) -> FakeXSearch:
    """The fake X holding ``count`` posts naming coffee, one an exclusion names, one by the
    brand itself."""
    fake = FakeXSearch(lambda: NOW)
    for n in range(count):
        fake.mention(f"this coffee {n} is cold")
    fake.mention("lost on coffee road", author=OTHER_ID)
    fake.mention("our coffee is back", author="783214")
    return fake


async def test_a_walk_pages_within_the_allowance_and_leaves_out_what_x_would_bill() -> None:
    fake = fake_with_posts(150)
    adapter = open_adapter(fake, lambda: NOW)
    assert isinstance(adapter, XSearch)
    adapter.allow_reads(1000)
    batch = await adapter.search(WATCH.terms[0], WATCH, None)
    assert len(batch.mentions) == 150 and batch.reads == 150 and not batch.more
    first = fake.searches[0]
    assert first["query"] == 'coffee -"coffee road" -from:Twitter -is:retweet'
    assert first["max_results"] == "100" and "start_time" in first
    assert all(m.found_by == "coffee" and not summoned(m) for m in batch.mentions)
    # The next search starts from the newest post seen: nothing new, one cheap request.
    fake.mention("coffee again, colder")
    again = await adapter.search(WATCH.terms[0], WATCH, batch.cursor)
    assert [m.text for m in again.mentions] == ["coffee again, colder"]
    assert fake.searches[-1]["since_id"] == max((m.remote_id for m in batch.mentions), key=int)


async def test_the_reads_left_bound_each_page_and_a_stopped_walk_resumes() -> None:
    fake = fake_with_posts(30)
    adapter = open_adapter(fake, lambda: NOW)
    assert isinstance(adapter, XSearch)
    adapter.allow_reads(25)
    batch = await adapter.search(WATCH.terms[0], WATCH, None)
    assert [s["max_results"] for s in fake.searches] == ["25"]  # 5 left: under X's minimum
    assert batch.reads == 25 and "used up" in batch.notice and not batch.more
    adapter.allow_reads(100)
    rest = await adapter.search(WATCH.terms[0], WATCH, batch.cursor)
    assert fake.searches[-1]["pagination_token"] == "next-25"
    ids = {m.remote_id for m in batch.mentions} | {m.remote_id for m in rest.mentions}
    assert len(ids) == 30


async def test_a_rate_limit_after_a_page_keeps_what_was_read() -> None:
    fake = fake_with_posts(150)
    fake.limits["GET /2/tweets/search/recent"] = 1
    adapter = open_adapter(fake, lambda: NOW)
    assert isinstance(adapter, XSearch)
    adapter.allow_reads(1000)
    batch = await adapter.search(WATCH.terms[0], WATCH, None)
    assert len(batch.mentions) == 100 and batch.reads == 100
    with pytest.raises(RateLimited):
        await adapter.search(WATCH.terms[0], WATCH, batch.cursor)


def test_x_refuses_hashtags_it_cannot_search() -> None:
    adapter = open_adapter(FakeXSearch(lambda: NOW), lambda: NOW)
    assert isinstance(adapter, XSearch)
    assert adapter.refusal(parse_term("#fern-brook")) == "X hashtags are letters, digits and _ only"
    assert adapter.refusal(parse_term("#fernbrook")) is None


async def test_the_sync_keeps_x_search_off_by_default_and_under_the_monthly_cap(
    tmp_path: Path,
) -> None:
    clock = FakeClock(NOW)
    store = open_store(tmp_path / "rd.db", clock)
    fake = fake_with_posts(30)
    adapter = open_adapter(fake, clock)
    store.save_account(adapter.account)
    off = WatchConfig(MappingProxyType({"*": ("coffee",)}))
    heard = await listen_account(adapter, store, TriageSettings(), off)
    assert not fake.searches and "x_reads_per_month is 0" in heard.notices[0]
    assert "$0.005 a post read" in heard.notices[0]
    capped = WatchConfig(MappingProxyType({"*": ("coffee",)}), x_reads_per_month=20)
    heard = await listen_account(adapter, store, TriageSettings(), capped)
    assert len(heard.new_ids) == 20 and store.search_reads(adapter.account.id, "2026-11") == 20
    again = await listen_account(adapter, store, TriageSettings(), capped)
    assert again.new_ids == () and "bills every post" in again.notices[0]
    assert len(fake.searches) == 1  # the month's reads are used up: X is not asked again
    clock.advance(days=8)  # December: a new month's reads
    december = await listen_account(adapter, store, TriageSettings(), capped)
    assert len(fake.searches) == 2 and not december.notices
    assert fake.searches[-1]["max_results"] == "20"


async def test_the_preview_never_spends_x_reads() -> None:
    fake = fake_with_posts(3)
    preview = await preview_account(open_adapter(fake, lambda: NOW), WATCH, NOW)
    assert not fake.searches and "the preview does not search" in preview.notices[0]
