"""The tabs' store side: what each view holds, in which order, how many, and by which index;
and the tab bar fitted to the queue's width."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from store import MentionState, Store, open_store
from store.schema import MIGRATIONS, SCHEMA_VERSION
from store.timefmt import to_db
from store.views import VIEW_KEYS, VIEWS, View
from tests.conftest import FROZEN, FakeClock
from tests.test_store_triage import add
from triage import MentionClass
from tui.screens.main_views import built_in_tabs
from tui.widgets.tabs import Tab, tab_bar

C = MentionClass


def keys(store: Store, view: str, **kwargs: object) -> list[int]:
    store.rescore(FROZEN)
    return [i.id for i in store.view_rows(view, FROZEN, **kwargs)]  # type: ignore[arg-type]


def test_each_view_holds_its_rows_and_counts_them(store: Store) -> None:
    late = add(store, 1, C.COMPLAINT, minutes_ago=600)  # overdue
    fresh = add(store, 2, C.COMPLAINT, minutes_ago=5)
    question = add(store, 3, C.QUESTION, minutes_ago=10)
    fan = add(store, 4, C.PRAISE, minutes_ago=20)
    junk = add(store, 5, C.SPAM, minutes_ago=30)
    done = add(store, 6, C.OTHER, minutes_ago=40)
    snoozed = add(store, 7, C.QUESTION, minutes_ago=50)
    marked = add(store, 8, C.OTHER, minutes_ago=60)
    store.set_state(done, MentionState.DONE)
    store.set_state(snoozed, MentionState.SNOOZED, FROZEN + timedelta(hours=1))
    store.set_state(marked, MentionState.SPAM)
    store.conn.execute("UPDATE mentions SET assignee = 'sam' WHERE id = ?", (question,))
    assert keys(store, "inbox") == [i.id for i in store.queue(FROZEN)]
    assert set(keys(store, "inbox")) == {late, fresh, question, fan}
    assert keys(store, "complaints") == [late, fresh]  # overdue first, as in the inbox
    assert keys(store, "questions") == [question]
    assert keys(store, "overdue") == [late]
    assert keys(store, "mine", me="sam") == [question]
    assert keys(store, "mine", me="") == []  # nobody named: nothing is "mine"
    assert keys(store, "praise") == [fan]
    assert keys(store, "snoozed") == [snoozed]
    assert keys(store, "done") == [done]
    assert keys(store, "spam") == [junk, marked]  # found and marked, newest first
    assert len(keys(store, "all")) == 8
    counts = store.view_counts(FROZEN, me="sam")
    assert counts == {key: len(keys(store, key, me="sam")) for key in VIEW_KEYS}


def test_a_snooze_that_ran_out_is_back_in_the_inbox_not_in_snoozed(
    store: Store, clock: FakeClock
) -> None:
    item = add(store, 1, C.QUESTION, minutes_ago=10)
    store.set_state(item, MentionState.SNOOZED, FROZEN + timedelta(hours=1))
    assert keys(store, "snoozed") == [item] and item not in keys(store, "inbox")
    later = FROZEN + timedelta(hours=1, seconds=1)
    assert [i.id for i in store.view_rows("inbox", later)] == [item]
    assert store.view_rows("snoozed", later) == []


def test_kept_rows_stay_in_their_place(store: Store) -> None:
    first = add(store, 1, C.COMPLAINT, minutes_ago=600)
    second = add(store, 2, C.COMPLAINT, minutes_ago=5)
    store.set_state(first, MentionState.DONE)
    assert keys(store, "complaints") == [second]
    assert keys(store, "complaints", keep={first}) == [first, second]


@pytest.mark.sqlite_only("reads SQLite's query plan")
@pytest.mark.parametrize("view", VIEWS, ids=lambda v: v.key)
def test_every_view_is_read_through_an_index(store: Store, view: View) -> None:
    add(store, 1, C.COMPLAINT, minutes_ago=5)
    key, where, order = view.key, view.where, view.order
    params = {"now": to_db(FROZEN), "me": "sam"}
    for sql in (
        f"SELECT * FROM mentions WHERE {where} {order} LIMIT 50",
        f"SELECT count(*) FROM mentions WHERE {where}",
    ):
        steps = [r["detail"] for r in store.rows(f"EXPLAIN QUERY PLAN {sql}", params)]
        reads = [step for step in steps if step.startswith(("SCAN", "SEARCH"))]
        assert reads and all("INDEX" in step for step in reads), (key, steps)
        assert not any("TEMP B-TREE" in step for step in steps), (key, steps)  # index order


def test_a_version_4_database_gets_its_search_index_and_views(
    tmp_path: Path, clock: FakeClock
) -> None:
    path = tmp_path / "v4.db"
    conn = sqlite3.connect(path)
    for script in MIGRATIONS[:4]:
        conn.executescript(script)
    conn.execute(
        "INSERT INTO mentions (account_id, remote_id, platform, author_id, author_handle, text, "
        "created_at, kind, visibility, cls, first_seen_at, updated_at) VALUES ('acct', 'r1', "
        "'mastodon', 'a', '@alex@x.social', 'where is my refund', '2026-11-20T14:00:00.000000Z',"
        " 'mention', 'public', 'complaint', '2026-11-20T14:00:00.000000Z', "
        "'2026-11-20T14:00:00.000000Z')"
    )
    conn.execute("PRAGMA user_version = 4")
    conn.commit()
    conn.close()
    store = open_store(path, clock)
    assert store.scalar("PRAGMA user_version") == SCHEMA_VERSION
    found = store.rows("SELECT rowid FROM mention_search WHERE mention_search MATCH 'refund'")
    assert [r[0] for r in found] == [1]
    assert store.view_counts(FROZEN)["complaints"] == 1


@pytest.mark.sqlite_only("full-text search on PostgreSQL is not built yet")
def test_the_search_index_follows_edits_and_deletes(store: Store) -> None:
    item = add(store, 1, C.QUESTION, minutes_ago=5)

    def hits(word: str) -> list[int]:
        sql = "SELECT rowid FROM mention_search WHERE mention_search MATCH ?"
        return [r[0] for r in store.rows(sql, (word,))]

    assert hits("hi") == [item]
    with store.tx() as conn:
        conn.execute("UPDATE mentions SET text = 'parcel lost' WHERE id = ?", (item,))
        conn.execute(
            "INSERT INTO notes (mention_id, text, at) VALUES (?, 'called the courier', ?)",
            (item, to_db(FROZEN)),
        )
    assert hits("hi") == [] and hits("parcel") == [item] and hits("courier") == [item]
    with store.tx() as conn:
        conn.execute("DELETE FROM notes")
    assert hits("courier") == []
    with store.tx() as conn:
        conn.execute("DELETE FROM mentions")
    assert hits("parcel") == []


TABS = built_in_tabs()


def test_the_tab_bar_uses_full_names_when_they_fit() -> None:
    bar = tab_bar(TABS, "inbox", {"inbox": 3, "complaints": 1}, 300).plain
    assert bar.startswith(" 1 Inbox 3   2 Complaints 1   3 Questions ")
    assert "6 Unanswered praise" in bar and "0 All" in bar


def test_the_tab_bar_shortens_then_scrolls_around_the_active_tab() -> None:
    counts = {tab.key: 12345 for tab in TABS}
    short = tab_bar(TABS, "inbox", {}, 110).plain
    assert "2 Compl" in short and "Complaints" not in short and len(short) <= 110
    for width in (20, 40, 74):
        for tab in TABS:
            bar = tab_bar(TABS, tab.key, counts, width).plain
            assert len(bar) <= width and f"{tab.number} {tab.short} 12345" in bar, bar
    assert tab_bar(TABS, "inbox", counts, 74).plain.endswith(" ›")
    assert tab_bar(TABS, "all", counts, 74).plain.startswith("‹ ")


def test_tab_names_from_the_config_are_plain_text() -> None:
    tabs = [Tab("search:x", "[bold]x[/]", "[b]", query="x")]
    bar = tab_bar(tabs, "search:x", {}, 80)
    assert bar.plain == " [bold]x[/] "
