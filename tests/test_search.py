"""The search line: parsing words and filters, clear errors, and the FTS5 search over the
store (text, handle, name, labels, notes) combined with the filters."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.errors import ConfigError
from adapters.records import Author, Mention, Platform
from settings.config import load_config
from store import MentionState, Store, open_store
from store.query import Query, QueryError, parse_duration, parse_query
from store.search import select_sql
from store.timefmt import to_db
from tests.conftest import FROZEN, FakeClock
from tests.test_store_triage import fields
from triage import MentionClass

C = MentionClass


def test_words_phrases_and_every_filter_parse() -> None:
    query = parse_query(
        'refund "late delivery" -coupon class:complaint net:bsky is:overdue from:@Alex '
        "label:billing assignee:sam since:2d https://x.example/p",
        FROZEN,
    )
    assert query == Query(
        words=("refund", "late delivery", "https://x.example/p"),
        excluded=("coupon",),
        classes=("complaint",),
        networks=("bluesky",),
        states=("overdue",),
        authors=("alex",),
        labels=("billing",),
        assignees=("sam",),
        since=FROZEN - timedelta(days=2),
    )
    assert parse_query("class:compl is:at", FROZEN).classes == ("complaint",)
    assert parse_query("since:2026-11-01", FROZEN).since == FROZEN.replace(month=11, day=1, hour=0)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("clas:complaint", 'Unknown filter "clas:". Did you mean "class"?'),
        ("colour:red", 'Unknown filter "colour:".'),
        ("class:angry", "class: takes complaint, question, praise, other, spam"),
        ("is:late", "is: takes open, overdue, at-risk"),
        ("net:myspace", "net: takes mastodon, mast, bluesky, bsky, facebook, fb, instagram"),
        ("since:yesterday", "since: takes a span like 2d"),
        ("label:", "label: needs a value, e.g. label:billing"),
    ],
)
def test_a_bad_filter_says_what_is_wrong(text: str, says: str) -> None:
    with pytest.raises(QueryError) as caught:
        parse_query(text, FROZEN)
    assert says in caught.value.msg


def test_durations() -> None:
    assert parse_duration("2d") == timedelta(days=2)
    assert parse_duration("90min") == timedelta(minutes=90)
    assert parse_duration(" 3 H ") == timedelta(hours=3)
    assert parse_duration("1w") == timedelta(weeks=1)
    assert parse_duration("soon") is None and parse_duration("2") is None


def put(
    store: Store,
    n: int,
    text: str,
    *,
    cls: MentionClass = C.QUESTION,
    handle: str = "@alex@x.social",
    name: str = "Alex",
    platform: Platform = Platform.MASTODON,
    hours_ago: float = 1,
) -> int:
    m = Mention(
        account_id="acct",
        remote_id=f"r{n}",
        platform=platform,
        author=Author(handle, handle, name, 10),
        text=text,
        created_at=FROZEN - timedelta(hours=hours_ago),
    )
    return store.upsert_mentions([(m, fields(cls, m.created_at))])[0]


def found(store: Store, text: str, me: str = "") -> list[int]:
    return [i.id for i in store.search(parse_query(text, FROZEN), FROZEN, me=me)]


@pytest.mark.sqlite_only("full-text search on PostgreSQL is not built yet")
def test_search_finds_words_in_text_handle_name_labels_and_notes(store: Store) -> None:
    refund = put(store, 1, "Where is my refund?", cls=C.COMPLAINT, hours_ago=1)
    beans = put(
        store,
        2,
        "Lovely beans",
        cls=C.PRAISE,
        handle="mia.bsky.social",
        name="Mia",
        platform=Platform.BLUESKY,
        hours_ago=2,
    )
    café = put(store, 3, "Is the café open?", handle="@bo@y.social", name="Bo", hours_ago=72)
    with store.tx() as conn:
        conn.execute(
            "UPDATE mentions SET labels = ' billing vip ', assignee = 'Sam' WHERE id = ?", (refund,)
        )
        conn.execute(
            "INSERT INTO notes (mention_id, text, at) VALUES (?, 'asked the roaster', ?)",
            (beans, to_db(FROZEN)),
        )
    assert found(store, "refund") == [refund]
    assert found(store, "ref") == [refund]  # words match as prefixes
    assert found(store, "cafe") == [café]  # accents aside
    assert found(store, "mia") == [beans] and found(store, "roaster") == [beans]
    assert found(store, "billing") == [refund]
    assert found(store, "label:billing") == [refund] and found(store, "label:bill") == []
    assert found(store, "from:@alex") == [refund]
    assert found(store, "from:mia.bsky.social") == [beans]
    assert found(store, "class:complaint class:praise") == [refund, beans]
    assert found(store, "net:bluesky") == [beans]
    assert found(store, "assignee:Sam") == [refund] and found(store, "assignee:sam") == []
    assert found(store, "is:mine", me="Sam") == [refund] and found(store, "is:mine") == []
    assert found(store, "is:unassigned") == [beans, café]
    assert found(store, "since:1d") == [refund, beans]
    assert found(store, "-refund") == [beans, café]
    assert found(store, "-refund -beans") == [café]
    assert found(store, '"is my"') == [refund]
    assert found(store, "") == [refund, beans, café]  # nothing typed: everything, newest first
    assert store.search_count(parse_query("class:complaint OR beans", FROZEN), FROZEN) == 0


def test_state_filters(store: Store) -> None:
    late = put(store, 1, "one", cls=C.COMPLAINT, hours_ago=30)
    done = put(store, 2, "two")
    snoozed = put(store, 3, "three")
    store.set_state(done, MentionState.DONE)
    store.set_state(snoozed, MentionState.SNOOZED, FROZEN + timedelta(hours=1))
    assert found(store, "is:overdue") == [late]
    assert found(store, "is:open") == [late]
    assert found(store, "is:done") == [done] and found(store, "is:snoozed") == [snoozed]
    assert found(store, "is:open is:done") == []


@pytest.fixture(scope="module")
def shared_store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    return open_store(tmp_path_factory.mktemp("q") / "rd.db", FakeClock())


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab \"*-():^+NEAROTD{}.@\\'")), max_size=30))
def test_no_input_reaches_sqlite_as_syntax(shared_store: Store, text: str) -> None:
    try:
        query = parse_query(text, FROZEN)
    except QueryError:
        return
    shared_store.search(query, FROZEN)
    shared_store.search_count(query, FROZEN)


@pytest.mark.sqlite_only("reads SQLite's query plan")
def test_a_search_is_led_by_the_full_text_index_in_its_order(store: Store) -> None:
    put(store, 1, "refund")
    sql, params = select_sql("m.*", parse_query("refund class:complaint", FROZEN), FROZEN, "")
    plan = f"EXPLAIN QUERY PLAN {sql} ORDER BY mention_search.rowid DESC LIMIT 50"
    steps = [r["detail"] for r in store.rows(plan, params)]
    assert steps[0].startswith("SCAN mention_search VIRTUAL TABLE INDEX"), steps
    assert "PRIMARY KEY" in steps[1] and not any("TEMP B-TREE" in s for s in steps), steps


def test_saved_searches_come_from_the_config(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('agent = "Sam"\n[searches]\nbilling = "label:billing is:open"\n')
    config = load_config(path)
    assert dict(config.searches) == {"billing": "label:billing is:open"} and not config.warnings
    path.write_text("[searches]\nbilling = 3\n")
    with pytest.raises(ConfigError, match="searches"):
        load_config(path)
