"""Listening through a sync: watch terms searched on Bluesky's fake AppView, found posts stored
once as indirect mentions with their own SLA, capped per day, said plainly when they cannot be."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import MappingProxyType

import httpx
import pytest

from adapters.bluesky import BlueskyAdapter
from adapters.records import Account, PullBatch, SentReply, ThreadPost
from settings.watch import WatchConfig
from store import Store
from sync.pull import pull_account
from sync.triaging import TriageSettings
from tests.conftest import FakeClock
from tests.fakes.bluesky import (
    MENTION_URI,
    FakePds,
    FakeSearch,
    brand_account,
    brand_session,
    found_post,
    load,
    reply,
)

NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)
LISTING = "app.bsky.notification.listNotifications"


def watching(*terms: str, cap: int = 200) -> WatchConfig:
    return WatchConfig(MappingProxyType({"*": terms}), cap)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(NOW)


def network(search: FakeSearch, *, mentions: bool = True) -> BlueskyAdapter:
    """The recorded brand account: its notifications (the recorded mention, or none) and
    ``search`` answering searchPosts."""
    pds = search.install(FakePds())
    listing = load("local-pds/listNotifications-brand.json") if mentions else {"notifications": []}
    pds.routes[LISTING] = lambda request: reply(200, listing)
    return BlueskyAdapter(
        brand_account(), brand_session(), transport=pds.transport(), clock=lambda: NOW
    )


def recorded_search() -> FakeSearch:
    """searchPosts answering with the recorded result: the very post that mentions the brand."""
    return FakeSearch(load("local-pds/searchPosts-mentions-brand.json")["posts"])


async def test_a_post_found_by_mention_and_by_search_is_stored_once_as_direct(
    store: Store,
) -> None:
    adapter = network(recorded_search())
    result = await pull_account(adapter, store, TriageSettings(), watching("order", "arrived"))
    assert len(result.new_ids) == 1
    assert store.scalar("SELECT count(*) FROM mentions") == 1
    item = store.find_mention(adapter.account.id, MENTION_URI)
    assert item is not None and not item.mention.is_indirect


async def test_a_post_found_by_search_first_turns_direct_when_the_mention_arrives(
    store: Store,
) -> None:
    settings = TriageSettings()
    searched = network(recorded_search(), mentions=False)
    await pull_account(searched, store, settings, watching("order"))
    first = store.find_mention(searched.account.id, MENTION_URI)
    assert first is not None and first.mention.found_by == "order"
    assert first.sla_rule.startswith("indirect complaint: 4 h")
    await pull_account(network(recorded_search()), store, settings, watching("order"))
    again = store.find_mention(searched.account.id, MENTION_URI)
    assert again is not None and again.id == first.id and not again.mention.is_indirect
    assert again.sla_rule.startswith("complaint: 1 h")  # now due like any tagged complaint
    assert store.scalar("SELECT count(*) FROM mentions") == 1


def found(count: int, word: str = "fernbrook") -> list[dict[str, object]]:
    return [
        found_post(n, f"{word} beans {n} arrived stale and cold", f"2026-11-23T0{n}:00:00.000Z")
        for n in range(1, count + 1)
    ]


async def test_two_terms_finding_one_post_store_it_once_under_the_first(store: Store) -> None:
    search = FakeSearch(found(3), size=10)
    result = await pull_account(
        network(search, mentions=False), store, TriageSettings(), watching("fernbrook", "beans")
    )
    assert len(result.new_ids) == 3
    assert store.scalar("SELECT count(*) FROM mentions") == 3
    terms = {row["found_by"] for row in store.rows("SELECT found_by FROM mentions")}
    assert terms == {"fernbrook"}


async def test_the_daily_cap_keeps_the_queue_and_counts_the_rest(store: Store) -> None:
    search = FakeSearch(found(5), size=10)
    result = await pull_account(
        network(search, mentions=False), store, TriageSettings(), watching("fernbrook", cap=2)
    )
    assert len(result.new_ids) == 2 and result.heard.held_back == 3
    (held,) = store.held_back("2026-11-23")
    assert (held.term, held.count) == ("fernbrook", 3)
    # The cursor moved past them: the next sync does not count them again.
    again = await pull_account(
        network(search, mentions=False), store, TriageSettings(), watching("fernbrook", cap=2)
    )
    assert again.heard.held_back == 0 and store.held_back("2026-11-23")[0].count == 3


async def test_removing_a_term_keeps_what_it_brought_in(store: Store) -> None:
    search = FakeSearch(found(2), size=10)
    await pull_account(
        network(search, mentions=False), store, TriageSettings(), watching("fernbrook")
    )
    await pull_account(network(search, mentions=False), store, TriageSettings(), watching())
    rows = store.rows("SELECT found_by FROM mentions")
    assert [row["found_by"] for row in rows] == ["fernbrook", "fernbrook"]


async def test_an_indirect_complaint_ranks_above_tagged_praise(store: Store) -> None:
    search = FakeSearch(found(1), size=10)
    adapter = network(search, mentions=False)
    await pull_account(adapter, store, TriageSettings(), watching("fernbrook"))
    praise = found_post(9, "@brand.test thank you, lovely coffee!", "2026-11-23T11:00:00.000Z")
    listing = {"notifications": [{**praise, "reason": "mention", "isRead": False}]}
    pds = FakePds()
    pds.routes[LISTING] = lambda request: reply(200, listing)
    tagged = BlueskyAdapter(
        brand_account(), brand_session(), transport=pds.transport(), clock=lambda: NOW
    )
    await pull_account(tagged, store, TriageSettings())
    queue = store.queue(NOW)
    assert [(i.cls, i.mention.is_indirect) for i in queue] == [
        ("complaint", True),
        ("praise", False),
    ]


async def test_refused_terms_and_rate_limits_are_said_and_the_sync_goes_on(store: Store) -> None:
    search = FakeSearch(found(2), size=10)
    adapter = network(search, mentions=True)
    result = await pull_account(
        adapter, store, TriageSettings(), watching("#fernbrook!", "fernbrook")
    )
    assert len(result.new_ids) == 3  # the mention and the two posts "fernbrook" found
    (notice,) = result.heard.notices
    assert "#fernbrook!" in notice and "bluesky" in notice and "punctuation" in notice
    limited = httpx.Response(
        429, json={"error": "RateLimitExceeded"}, headers={"retry-after": "60"}
    )
    search.faults.append(limited)
    again = await pull_account(adapter, store, TriageSettings(), watching("fernbrook"))
    assert any("resumes at the next sync" in n for n in again.heard.notices)


class NoSearch:
    """A network without search (as X without a paid plan): the ``Adapter`` protocol only."""

    account = Account("nosearch:brand", "nosearch", "brand")

    async def whoami(self) -> Account:
        return self.account

    async def pull(self, cursor: str | None) -> PullBatch:
        return PullBatch((), cursor)

    async def thread(self, mention: object) -> tuple[ThreadPost, ...]:
        return ()

    async def send(self, reply: object, key: str) -> SentReply:
        raise AssertionError("never sends")

    async def reconcile(self, reply: object, key: str) -> SentReply | None:
        return None

    async def limits(self) -> object:
        raise AssertionError("never asked")

    async def aclose(self) -> None:
        return None


async def test_a_network_that_cannot_search_says_so(store: Store) -> None:
    result = await pull_account(NoSearch(), store, TriageSettings(), watching("fernbrook"))  # type: ignore[arg-type]
    assert result.heard.notices == ("nosearch cannot search: the watch terms of @brand wait.",)


def test_indirect_sla_defaults_and_config(tmp_path: Path) -> None:
    from sync.triaging import indirect_sla_policy
    from triage import MentionClass, sla_policy_from_config

    default = indirect_sla_policy()
    assert default.targets[MentionClass.COMPLAINT] == timedelta(hours=4)
    assert default.targets[MentionClass.QUESTION] == timedelta(hours=24)
    table = {"complaint": "2h"}
    configured = indirect_sla_policy(sla_policy_from_config(table, tmp_path / "c.toml"), table)
    assert configured.targets[MentionClass.COMPLAINT] == timedelta(hours=2)
    assert configured.targets[MentionClass.PRAISE] == timedelta(hours=24)


async def test_a_muted_term_is_not_searched_and_a_muted_author_not_stored(store: Store) -> None:
    search = FakeSearch(found(2), size=10)
    adapter = network(search, mentions=False)
    store.mute(adapter.account.id, "term", "beans")
    author = str(found(1)[0]["author"]["did"])  # type: ignore[index]
    store.mute(adapter.account.id, "author", author)
    result = await pull_account(adapter, store, TriageSettings(), watching("beans", "fernbrook"))
    assert result.heard.new_ids == ()  # both posts are by the muted author
    assert [r.url.params["q"] for r in search.requests] == ["fernbrook"]
