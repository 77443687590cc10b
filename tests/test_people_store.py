"""People (migration 11): counts kept by triggers, the lists by kind, history, notes, plans."""

from __future__ import annotations

import re
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from adapters.records import Author, Mention, Platform
from store import Store, open_store
from store.db import statements_of
from store.people_list import KINDS
from store.schema_people import PEOPLE
from tests.conftest import FROZEN, FakeClock
from tests.test_store import fields


def said(
    n: int,
    author: str,
    *,
    account: str = "acct",
    days_ago: float = 1.0,
    name: str = "Some One",
    platform: Platform = Platform.MASTODON,
) -> Mention:
    return Mention(
        account_id=account,
        remote_id=f"r{n}",
        platform=platform,
        author=Author(author, f"@{author}@x.social", name, 10),
        text="hi",
        created_at=FROZEN - timedelta(days=days_ago),
    )


@pytest.fixture
def store(tmp_path: Path, clock: FakeClock) -> Store:
    return open_store(tmp_path / "rd.db", clock)


def test_counts_follow_inserts_and_class_corrections(store: Store) -> None:
    store.upsert_mentions(
        [
            (said(1, "ana"), fields("complaint")),
            (said(2, "ana", days_ago=3), fields("praise")),
            (said(3, "bo"), fields("question")),
        ]
    )
    ana = store.person("acct", "ana", FROZEN)
    assert ana is not None
    assert (ana.mentions, ana.complaints, ana.praise, ana.open_items) == (2, 1, 1, 2)
    assert ana.first_at == FROZEN - timedelta(days=3) and ana.last_at == FROZEN - timedelta(1)
    first = store.find_mention("acct", "r1")
    assert first is not None
    store.conn.execute("UPDATE mentions SET cls = 'praise' WHERE id = ?", (first.id,))
    ana = store.person("acct", "ana", FROZEN)
    assert ana is not None and (ana.complaints, ana.praise) == (0, 2)
    assert "advocate" in ana.tags


def test_each_list_holds_its_kind_newest_contact_first(store: Store) -> None:
    items = [(said(n, "fan", days_ago=n), fields("praise")) for n in range(1, 4)]
    items += [(said(10 + n, "angry", days_ago=n / 10), fields("complaint")) for n in range(1, 3)]
    items += [(said(20, "once", days_ago=40), fields("question"))]
    store.upsert_mentions(items)
    handles = {k: [p.author_id for p in store.people(k, FROZEN)] for k in KINDS}
    assert handles["frequent"] == ["fan"]  # 3 in 30 days; angry has 2
    assert handles["advocates"] == ["fan"]
    assert handles["at-risk"] == ["angry"]
    assert handles["everyone"] == ["angry", "fan", "once"]
    assert [p.author_id for p in store.people("everyone", FROZEN, search="ANG")] == ["angry"]


def test_history_spans_accounts_and_a_same_named_author_elsewhere(store: Store) -> None:
    store.upsert_mentions(
        [
            (said(1, "ana", name="Ana B"), fields("question")),
            (said(2, "ana", account="sky", name="Ana B", platform=Platform.BLUESKY), fields()),
            (said(3, "zed", name="Zed"), fields("praise")),
        ]
    )
    ana = store.person("acct", "ana", FROZEN)
    assert ana is not None
    same = store.same_person(ana, FROZEN)
    assert [(p.account_id, p.author_id) for p in same] == [("acct", "ana"), ("sky", "ana")]
    assert [m.mention.remote_id for m in store.history(same)] == ["r1", "r2"]
    store.set_person_note("acct", "ana", "  Prefers DMs. ")
    assert (store.person("acct", "ana", FROZEN) or ana).note == "Prefers DMs."


def test_lists_are_read_from_an_index_never_a_scan(store: Store) -> None:
    # The same SQL as store.people, explained: every list starts from an index of people.
    for kind in KINDS:
        sql: list[str] = []
        store.conn.set_trace_callback(sql.append)
        store.people(kind, FROZEN)
        store.conn.set_trace_callback(None)
        plan = store.rows(f"EXPLAIN QUERY PLAN {sql[-1]}")
        details = " ".join(r["detail"] for r in plan)
        assert re.search(r"(SCAN|SEARCH) p USING INDEX people_", details), details
        # What is counted per person is read through that person's own rows only.
        per_row = re.findall(r"SUBQUERY \d+ (\w+ m USING (?:\w+ )?INDEX \w+)", details)
        through_author = ["SEARCH m USING INDEX mentions_author" in r for r in per_row]
        assert per_row and all(through_author), details


def test_the_migration_backfills_existing_mentions(tmp_path: Path, clock: FakeClock) -> None:
    path = tmp_path / "old.db"
    store = open_store(path, clock)
    store.upsert_mentions([(said(1, "ana"), fields()), (said(2, "ana"), fields("praise"))])
    store.close()
    conn = sqlite3.connect(path)  # as before the people migration, then that migration again
    conn.executescript(
        "DROP TRIGGER people_insert; DROP TRIGGER people_class; DROP TRIGGER people_delete;"
        "DROP TABLE people;"
    )
    with conn:
        for statement in statements_of(PEOPLE):
            conn.execute(statement)
    conn.close()
    again = open_store(path, clock)
    ana = again.person("acct", "ana", FROZEN)
    assert ana is not None and (ana.mentions, ana.complaints, ana.praise) == (2, 1, 1)
