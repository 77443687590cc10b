"""Bluesky search (``app.bsky.feed.searchPosts``): paged, resumed, under rate limits, errors."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from adapters.base import can_search
from adapters.bluesky import BlueskyAdapter
from adapters.errors import AuthError, BadPayload, RateLimited
from adapters.watch import parse_term, watch_list
from tests.fakes.bluesky import (
    BRAND_DID,
    FakePds,
    FakeSearch,
    brand_account,
    brand_session,
    found_post,
    load,
    reply,
)

NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)
TERM = parse_term("fernbrook")


def posts() -> list[dict[str, object]]:
    """Five posts naming the brand over the last hours, one by the brand, one off-topic."""
    return [
        found_post(1, "my Fernbrook beans arrived stale", "2026-11-23T07:00:00.000Z"),
        found_post(2, "fernbrook coffee is the best", "2026-11-23T08:00:00.000Z"),
        found_post(3, "lost on Fernbrook Road again", "2026-11-23T09:00:00.000Z"),
        found_post(4, "is fernbrook open on sunday?", "2026-11-23T10:00:00.000Z"),
        found_post(5, "Fernbrook: new roast today", "2026-11-23T10:30:00.000Z", BRAND_DID),
        found_post(6, "fernbrook decaf please", "2026-11-23T11:00:00.000Z"),
        found_post(7, "nothing to see", "2026-11-23T11:30:00.000Z"),
    ]


def bluesky(search: FakeSearch, now: datetime = NOW, **options: object) -> BlueskyAdapter:
    pds = search.install(FakePds())
    return BlueskyAdapter(
        brand_account(),
        brand_session(),
        transport=pds.transport(),
        clock=lambda: now,
        first_sync_window=timedelta(days=1),
        **options,  # type: ignore[arg-type]
    )


WATCH = watch_list(["fernbrook", '-"fernbrook road"'])


async def test_a_search_walks_every_page_and_leaves_out_exclusions_and_the_brand() -> None:
    search = FakeSearch(posts(), size=2)
    batch = await bluesky(search).search(TERM, WATCH, None)
    texts = [m.text for m in batch.mentions]
    assert texts == [
        "my Fernbrook beans arrived stale",
        "fernbrook coffee is the best",
        "is fernbrook open on sunday?",
        "fernbrook decaf please",
    ]
    assert all(m.found_by == "fernbrook" and m.is_indirect for m in batch.mentions)
    assert search.cursors == [None, "s1", "s2"]
    first = search.requests[0].url.params
    assert (first["q"], first["sort"], first["limit"]) == ("fernbrook", "latest", "100")
    assert datetime.fromisoformat(first["since"]) == NOW - timedelta(days=1)
    assert not batch.more
    # The walk reached its end: the next search starts at the newest post it saw.
    decaf = batch.mentions[-1].remote_id
    assert json.loads(batch.cursor or "") == {
        "since": "2026-11-23T11:00:00+00:00",
        "page": None,
        "newest": None,
        "seen": [decaf],
    }


async def test_the_next_search_asks_only_since_the_newest_post_seen() -> None:
    search = FakeSearch(posts(), size=10)
    adapter = bluesky(search)
    first = await adapter.search(TERM, WATCH, None)
    search.posts.append(found_post(8, "fernbrook again", "2026-11-23T11:45:00.000Z"))
    second = await adapter.search(TERM, WATCH, first.cursor)
    assert search.requests[1].url.params["since"] == "2026-11-23T11:00:00+00:00"
    # ``since`` is inclusive: the newest post of the last search comes again and is left out.
    assert [m.text for m in second.mentions] == ["fernbrook again"]


async def test_a_walk_past_the_page_budget_resumes_at_its_page() -> None:
    search = FakeSearch(posts(), size=1)
    adapter = bluesky(search, max_pages=3)
    first = await adapter.search(TERM, WATCH, None)
    # Newest first: decaf, the brand's own post (left out), sunday.
    assert first.more and len(first.mentions) == 2
    state = json.loads(first.cursor or "")
    assert state["page"] == "s3" and state["since"].startswith("2026-11-22T12:00")
    second = await adapter.search(TERM, WATCH, first.cursor)
    assert search.cursors[3] == "s3"
    assert datetime.fromisoformat(search.requests[3].url.params["since"]) == NOW - timedelta(days=1)
    seen = {m.remote_id for m in first.mentions} | {m.remote_id for m in second.mentions}
    assert len(seen) == 4


async def test_empty_pages_with_a_cursor_are_walked_past() -> None:
    search = FakeSearch(posts(), size=10)
    search.empty_pages = 1
    batch = await bluesky(search).search(TERM, WATCH, None)
    # An empty page ends the walk (as the notifications do); the cursor keeps the window.
    assert batch.mentions == () and not batch.more
    again = await bluesky(search).search(TERM, WATCH, batch.cursor)
    assert len(again.mentions) == 4


def rate_limited() -> httpx.Response:
    headers = load("xrpc_error_RateLimitExceeded.assembled.http.json")["headers"]
    # Its reset time (2025) is past at NOW; Retry-After alone says how long to wait.
    flat = {key: values[0] for key, values in headers.items() if key != "ratelimit-reset"}
    return reply(429, load("xrpc_error_RateLimitExceeded.assembled.json"), flat)


async def test_a_rate_limit_on_the_first_page_is_raised_with_its_wait() -> None:
    search = FakeSearch(posts())
    search.faults.append(rate_limited())
    with pytest.raises(RateLimited) as caught:
        await bluesky(search).search(TERM, WATCH, None)
    assert caught.value.retry_after == 120


async def test_a_rate_limit_after_some_pages_keeps_them_and_resumes_at_the_next() -> None:
    search = FakeSearch(posts(), size=2)
    search.fail_on[2] = rate_limited()
    adapter = bluesky(search)
    batch = await adapter.search(TERM, WATCH, None)
    # The first page held decaf and the brand's own post (left out).
    assert len(batch.mentions) == 1 and not batch.more
    assert json.loads(batch.cursor or "")["page"] == "s1"
    rest = await adapter.search(TERM, WATCH, batch.cursor)
    assert search.cursors == [None, "s1", "s1", "s2"]
    assert len({m.remote_id for m in (*batch.mentions, *rest.mentions)}) == 4


async def test_errors_are_typed() -> None:
    search = FakeSearch(posts())
    search.faults.append(reply(200, {"cursor": "x"}))
    with pytest.raises(BadPayload):
        await bluesky(search).search(TERM, WATCH, None)
    search.faults.append(reply(401, load("local-pds/error-no-auth.json")))
    with pytest.raises(AuthError):
        await bluesky(search).search(TERM, WATCH, None)


async def test_an_unreadable_cursor_searches_the_window_again() -> None:
    search = FakeSearch(posts(), size=10)
    batch = await bluesky(search).search(TERM, WATCH, "not json")
    assert len(batch.mentions) == 4


async def test_an_unreadable_post_is_skipped_and_the_rest_kept() -> None:
    broken = found_post(9, "fernbrook broken", "2026-11-23T11:10:00.000Z")
    del broken["cid"]
    search = FakeSearch([*posts(), broken], size=10)
    batch = await bluesky(search).search(TERM, WATCH, None)
    assert len(batch.mentions) == 4
    assert [s.remote_id for s in batch.skipped] == [broken["uri"]]


def test_bluesky_refuses_hashtags_its_facets_cannot_hold() -> None:
    adapter = bluesky(FakeSearch([]))
    searcher = can_search(adapter)
    assert searcher is not None
    assert searcher.refusal(parse_term("#fern-brook")) is None  # Bluesky tags may hold "-"
    assert "64" in (searcher.refusal(parse_term("#" + "f" * 65)) or "")
    assert "punctuation" in (searcher.refusal(parse_term("#fernbrook!")) or "")
