"""The hot queries never scan the whole ``mentions`` table, and no tab's pages ever sort:
each statement the store runs for them is run again under ``EXPLAIN QUERY PLAN``."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest

from adapters.records import Author, Mention, Platform, PullBatch
from store import Store, open_store
from store.mentions import TriageFields
from store.query import parse_query
from store.search import search_listing
from store.views import VIEW_KEYS, view_listing
from sync.pull import _commit
from sync.triaging import TriageSettings
from tests.conftest import FROZEN, FakeClock


@contextmanager
def statements(store: Store) -> Iterator[list[str]]:
    """Every statement ``store`` runs in the block, with its values bound in."""
    seen: list[str] = []
    connections = (store.conn, store.page_connection()[0])  # pages read on their own
    for conn in connections:
        conn.set_trace_callback(seen.append)
    try:
        yield seen
    finally:
        for conn in connections:
            conn.set_trace_callback(None)


def plan(store: Store, sql: str) -> str:
    return " | ".join(str(row[3]) for row in store.rows(f"EXPLAIN QUERY PLAN {sql}"))


def mention(n: int) -> Mention:
    author = Author(f"a{n % 5}", "@a@x", "", 1)
    return Mention("acct", f"r{n}", Platform.MASTODON, author, "refund now", FROZEN)


@pytest.fixture
def store(tmp_path: Path, clock: FakeClock) -> Store:
    s = open_store(tmp_path / "rd.db", clock)
    due = FROZEN + timedelta(hours=1)
    s.upsert_mentions(
        [(mention(n), TriageFields("complaint", 0, (), "", due, 9.0)) for n in range(40)]
    )
    return s


def _pages(store: Store) -> None:
    now = store.clock()
    tabs = [view_listing(key, now, me="sam") for key in VIEW_KEYS]
    tabs += [search_listing(parse_query(text, now), now, "sam") for text in ("refund", "is:open")]
    for listing in tabs:
        first = store.page(listing, limit=5, keep=[1, 2])
        if first.keys:
            store.page(listing, after=first.keys[-1], limit=5)
            store.page(listing, at=first.keys[0], limit=5)
            store.page(listing, before=first.keys[-1], limit=5)
        store.page(listing, last=True, limit=5)


def _rescore(store: Store) -> None:
    store.rescore(FROZEN + timedelta(hours=3))


def _ingest(store: Store) -> None:
    page = tuple(mention(n) for n in range(30, 60))
    _commit(store, PullBatch(page, None, False), TriageSettings())


HOT: dict[str, Callable[[Store], object]] = {
    "queue pages": _pages,
    "counts": lambda s: s.counts(s.clock()),
    "rescore": _rescore,
    "ingest": _ingest,
    "one mention": lambda s: s.get_mention(3),
}


@pytest.mark.parametrize("name", list(HOT))
def test_hot_queries_never_scan_mentions(store: Store, name: str) -> None:
    with statements(store) as seen:
        HOT[name](store)
    reads = [sql for sql in seen if sql.lstrip().upper().startswith(("SELECT", "WITH"))]
    assert reads, "nothing was read: the test would prove nothing"
    for sql in reads:
        shown = plan(store, sql)
        if "FROM mentions" in sql:
            assert "SCAN mentions" not in shown, f"{sql}\n{shown}"
        if name == "queue pages" and "ORDER BY" in sql:
            # A page is one range of its tab's index, in its order: never a sort.
            assert "TEMP B-TREE" not in shown, f"{sql}\n{shown}"
