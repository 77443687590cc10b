"""Mastodon search: hashtag timelines everywhere, full-text search only where the server has it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from adapters.base import can_search
from adapters.errors import RateLimited
from adapters.mastodon import MastodonAdapter
from adapters.records import Account
from adapters.watch import parse_term, watch_list
from tests.fakes.mastodon import FakeMastodon, recorded

NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)
ACCOUNT = Account(
    "mastodon:@brand@localhost:8080", "mastodon", "@brand@localhost:8080", "", "http://127.0.0.1"
)
TAG = parse_term("#fernbrook")
WORD = parse_term("fernbrook")
WATCH = watch_list(["#fernbrook", "fernbrook", "-road"])


def server(full_text: bool = False) -> FakeMastodon:
    fake = FakeMastodon()
    fake.full_text = full_text
    for hours, text in enumerate(
        [
            "#fernbrook beans arrived stale",  # 8 h ago
            "fernbrook coffee is the best",
            "#fernbrook road trip",  # excluded: "road"
            "is #fernbrook open on sunday?",
            "fernbrook decaf please",
        ]
    ):
        tags = ("fernbrook",) if "#fernbrook" in text else ()
        fake.add_public(text, NOW - timedelta(hours=8 - hours), tags)
    return fake


def mastodon(fake: FakeMastodon, **options: object) -> MastodonAdapter:
    return MastodonAdapter(
        ACCOUNT,
        fake.token,
        transport=fake.transport(),
        clock=lambda: NOW,
        first_sync_window=timedelta(days=1),
        **options,  # type: ignore[arg-type]
    )


def searches(fake: FakeMastodon) -> list[tuple[str, dict[str, list[str]]]]:
    return [
        (r.path, r.query)
        for r in fake.requests
        if r.path.startswith("/api/v1/timelines/tag/") or r.path == "/api/v2/search"
    ]


async def test_a_hashtag_is_read_from_its_timeline_on_any_server() -> None:
    fake = server()
    batch = await mastodon(fake).search(TAG, WATCH, None)
    assert [m.text for m in batch.mentions] == [
        "#fernbrook beans arrived stale",
        "is #fernbrook open on sunday?",
    ]
    assert all(m.found_by == "#fernbrook" for m in batch.mentions)
    assert searches(fake)[0][0] == "/api/v1/timelines/tag/fernbrook"
    sunday = next(s["id"] for s in fake.public if "sunday" in s["content"])
    assert batch.cursor == sunday  # the newest post of the timeline
    assert batch.notice == ""


async def test_the_next_search_walks_forward_from_the_newest_post_seen() -> None:
    fake = server()
    adapter = mastodon(fake)
    first = await adapter.search(TAG, WATCH, None)
    fake.add_public("#fernbrook latte", NOW - timedelta(minutes=5), ("fernbrook",))
    second = await adapter.search(TAG, WATCH, first.cursor)
    assert [m.text for m in second.mentions] == ["#fernbrook latte"]
    assert [q.get("min_id") for _, q in searches(fake)][-2:] == [[first.cursor], [second.cursor]]
    third = await adapter.search(TAG, WATCH, second.cursor)
    assert third.mentions == () and third.cursor == second.cursor and not third.more


async def test_the_first_search_pages_back_by_link_and_stops_at_the_window() -> None:
    fake = server()
    fake.add_public("#fernbrook last year", NOW - timedelta(days=3), ("fernbrook",))
    batch = await mastodon(fake).search(TAG, WATCH, None)
    assert "#fernbrook last year" not in [m.text for m in batch.mentions]
    assert len(batch.mentions) == 2


async def test_words_on_a_server_without_full_text_search_are_said_not_faked() -> None:
    fake = server(full_text=False)  # the recorded GoToSocial instance
    batch = await mastodon(fake).search(WORD, WATCH, "keep")
    assert batch.mentions == () and batch.cursor == "keep"
    assert "offers no full-text search" in batch.notice and "fernbrook" in batch.notice
    assert searches(fake) == []


async def test_words_use_full_text_search_on_mastodon_4_2_and_later() -> None:
    fake = server(full_text=True)  # the recorded Mastodon 4.6.4 instance
    batch = await mastodon(fake).search(WORD, WATCH, None)
    assert [m.text for m in batch.mentions] == [
        "#fernbrook beans arrived stale",
        "fernbrook coffee is the best",
        "is #fernbrook open on sunday?",
        "fernbrook decaf please",
    ]
    path, query = searches(fake)[0]
    assert path == "/api/v2/search"
    assert (query["q"], query["type"], query["resolve"]) == (["fernbrook"], ["statuses"], ["false"])


async def test_a_rate_limit_is_raised_before_any_page_and_kept_after_one() -> None:
    fake = server()
    response = recorded("gotosocial/41_ratelimit_429")
    fake.search_faults.append((429, dict(response.headers), response.content))
    with pytest.raises(RateLimited):
        await mastodon(fake).search(TAG, WATCH, None)


async def test_an_empty_timeline_keeps_the_cursor() -> None:
    fake = FakeMastodon()
    batch = await mastodon(fake).search(TAG, WATCH, None)
    assert batch.mentions == () and batch.cursor is None and not batch.more


async def test_the_page_budget_says_more_and_the_next_search_continues() -> None:
    fake = server()
    for minutes in range(5):
        fake.add_public(f"#fernbrook {minutes}", NOW - timedelta(minutes=50 - minutes), ("x",))
    adapter = mastodon(fake, max_pages=1)
    first = await adapter.search(TAG, WATCH, None)
    for n in range(3):
        fake.add_public(f"#fernbrook new {n}", NOW - timedelta(minutes=3 - n), ("fernbrook",))
    second = await adapter.search(TAG, WATCH, first.cursor)
    assert second.more  # one page read, the server may have more
    assert [m.text for m in second.mentions] == [f"#fernbrook new {n}" for n in range(3)]


def test_mastodon_refuses_hashtags_its_servers_cannot_hold() -> None:
    searcher = can_search(mastodon(FakeMastodon()))
    assert searcher is not None
    assert "letters, digits and _" in (searcher.refusal(parse_term("#fern-brook")) or "")
    assert searcher.refusal(parse_term("#fernbrook_2026")) is None
    assert searcher.refusal(parse_term('"fern-brook beans"')) is None
