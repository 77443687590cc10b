"""Ingest set-wise: a pulled page costs the same few statements whatever its size, and says
the same as the one-by-one lookups it replaced."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from adapters.records import Author, Mention, Platform, PullBatch
from bench.sqlcount import count_statements
from store import MentionState, Store, open_store
from store.mentions import TriageFields
from sync.pull import _commit
from sync.triaging import TriageSettings
from tests.conftest import FROZEN, FakeClock


def mention(n: int, author: str, account: str = "acct") -> Mention:
    return Mention(
        account_id=account,
        remote_id=f"r{n}",
        platform=Platform.MASTODON,
        author=Author(author, f"@{author}@x.social", "Some One", 10),
        text="my order never came, I want a refund",
        created_at=FROZEN - timedelta(minutes=n),
    )


def fields(cls: str = "complaint") -> TriageFields:
    return TriageFields(cls, -0.5, (), "complaint: 1 h", FROZEN + timedelta(hours=1), 40.0)


@pytest.fixture
def store(tmp_path: Path, clock: FakeClock) -> Store:
    return open_store(tmp_path / "rd.db", clock)


def test_a_page_costs_the_same_statements_whatever_its_size(store: Store) -> None:
    settings = TriageSettings()
    authors = [f"a{n % 7}" for n in range(300)]
    # Some rows are stored already, so the page mixes inserts and updates.
    store.upsert_mentions([(mention(n, authors[n]), fields()) for n in range(0, 300, 3)])
    counts = []
    for first, size in ((0, 10), (100, 100), (200, 100)):
        page = tuple(mention(n, authors[n]) for n in range(first, first + size))
        with count_statements(store) as counted:
            _commit(store, PullBatch(page, None, False), settings)
        counts.append(counted.total)
    assert counts[0] == counts[1] == counts[2]
    assert counts[0] <= 10
    assert store.scalar("SELECT count(*) FROM mentions") == 100 + 6 + 67 + 67  # new ones only


def test_others_waiting_matches_the_one_by_one_count(store: Store) -> None:
    stored = [mention(n, f"a{n % 4}") for n in range(12)] + [mention(50, "a1", "other")]
    ids = store.upsert_mentions([(m, fields()) for m in stored])
    store.set_state(ids[1], MentionState.DONE)  # a1 answered once: it no longer waits
    page = [*stored[:6], mention(99, "a2"), mention(98, "new"), mention(97, "a1", "other")]
    expected = [store.other_waiting(m.account_id, m.author.remote_id, m.remote_id) for m in page]
    assert store.others_waiting(page, cap=99) == expected
    # r5 (a1) counts r9 but not r1 (answered); r99 (a2) counts r2, r6, r10; r97 only r50.
    assert expected == [2, 2, 2, 2, 2, 1, 3, 0, 1]
    # Past the cap the priority no longer changes, so counting stops there.
    assert store.others_waiting(page, cap=2) == [min(2, n) for n in expected]


def test_a_mention_twice_in_a_page_is_stored_once_with_its_last_version(store: Store) -> None:
    first = mention(1, "a1")
    edited = replace(first, text="edited")
    created = store.upsert_mentions(
        [(first, fields()), (mention(2, "a1"), fields()), (edited, fields())]
    )
    assert len(created) == 2
    stored = store.find_mention("acct", "r1")
    assert stored is not None and stored.mention.text == "edited" and stored.id == created[0]
