"""Every tab by keyset pages: pages read forwards, backwards or from either end join into
exactly the tab's rows in its order, ties included, and rows acted on stay where they were."""

from __future__ import annotations

import random
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from adapters.records import Author, Mention, Platform
from store import MentionState, Store, open_store
from store.mentions import TriageFields
from store.pages import Listing, Page
from store.query import parse_query
from store.search import search_listing
from store.views import VIEW_KEYS, view_listing
from tests.conftest import FROZEN, FakeClock

CLASSES = ("complaint", "question", "praise", "other", "spam")
WORDS = ("refund", "late", "thanks", "hello")


def fill(store: Store, count: int, seed: int = 3) -> None:
    """``count`` mentions with few distinct scores and times, so ties are common, in every
    state a tab shows."""
    rng = random.Random(seed)
    items = []
    for n in range(count):
        cls = rng.choice(CLASSES)
        created = FROZEN - timedelta(minutes=rng.choice((5, 30, 90, 600)))
        author = Author(f"a{n % 9}", "@a@x", "", 1)
        text = f"{rng.choice(WORDS)} {rng.choice(WORDS)}"
        mention = Mention("acct", f"r{n}", Platform.MASTODON, author, text, created)
        due = created + timedelta(hours=rng.choice((1, 4)))
        fields = TriageFields(cls, 0.0, (), "", due, float(rng.choice((10, 20, 30))))
        items.append((mention, fields))
    ids = store.upsert_mentions(items)
    for mention_id in ids:
        roll = rng.random()
        if roll < 0.15:
            store.set_state(mention_id, MentionState.DONE)
        elif roll < 0.25:
            store.set_state(mention_id, MentionState.SNOOZED, FROZEN + timedelta(hours=2))
        elif roll < 0.3:
            store.set_state(mention_id, MentionState.SPAM)
        elif roll < 0.45:
            store.conn.execute("UPDATE mentions SET assignee = 'sam' WHERE id = ?", (mention_id,))


def listings(store: Store) -> dict[str, Listing]:
    """Every built-in tab and two searches (with words and without), as of now."""
    now = store.clock()
    found = {key: view_listing(key, now, me="sam") for key in VIEW_KEYS}
    for text in ("refund", "class:complaint is:open"):
        found[text] = search_listing(parse_query(text, now), now, "sam")
    return found


def in_order(store: Store, listing: Listing) -> list[int]:
    """Every row of a tab, sorted here in Python by its key (not by the SQL under test)."""
    rows = store.rows(
        f"SELECT m.id, {', '.join(listing.key_columns)} FROM {listing.source} "
        f"WHERE {listing.where}",
        listing.params,
    )
    keyed: list[tuple[Any, ...]] = [tuple(row)[1:] for row in rows]
    keyed.sort(reverse=listing.descending)
    return [int(key[-1]) for key in keyed]


@pytest.fixture
def store(tmp_path: Path, clock: FakeClock) -> Store:
    s = open_store(tmp_path / "rd.db", clock)
    fill(s, 230)
    s.rescore(clock())
    return s


def ids(page: Page) -> list[int]:
    return [item.id for item in page.items]


@pytest.mark.parametrize("tab", [*VIEW_KEYS, "refund", "class:complaint is:open"])
def test_forward_and_backward_pages_join_into_the_whole_tab(store: Store, tab: str) -> None:
    listing = listings(store)[tab]
    whole = in_order(store, listing)
    assert whole, "an empty tab would prove nothing"
    page = store.page(listing, limit=7)
    assert page.at_start
    seen = ids(page)
    for _ in range(100):  # bounded: 230 rows / 7 per page
        if page.at_end:
            break
        page = store.page(listing, after=page.keys[-1], limit=7)
        assert not page.at_start
        seen += ids(page)
    assert page.at_end and seen == whole
    page = store.page(listing, last=True, limit=9)
    back = ids(page)
    for _ in range(100):
        if page.at_start:
            break
        page = store.page(listing, before=page.keys[0], limit=9)
        assert not page.at_end
        back = ids(page) + back
    assert page.at_start and back == whole


def test_a_page_from_a_key_on_includes_it(store: Store) -> None:
    listing = listings(store)["inbox"]
    whole = in_order(store, listing)
    first = store.page(listing, limit=20)
    again = store.page(listing, at=first.keys[5], limit=20)
    assert ids(again) == whole[5:25]
    assert first.keys == sorted(first.keys, reverse=True)


@pytest.mark.parametrize("tab", ["inbox", "overdue"])
def test_rows_acted_on_stay_in_their_place_once(store: Store, tab: str) -> None:
    listing = listings(store)[tab]
    whole = in_order(store, listing)
    acted = [whole[3], whole[7], whole[8], whole[20]]  # 7 and 8 straddle a page boundary
    for mention_id in acted:
        store.set_state(mention_id, MentionState.DONE)
    assert not set(acted) & set(in_order(store, listing))
    page = store.page(listing, limit=8, keep=acted)
    seen = ids(page)
    for _ in range(100):
        if page.at_end:
            break
        page = store.page(listing, after=page.keys[-1], limit=8, keep=acted)
        seen += ids(page)
    assert seen == whole
    page = store.page(listing, last=True, limit=8, keep=acted)
    back = ids(page)
    for _ in range(100):
        if page.at_start:
            break
        page = store.page(listing, before=page.keys[0], limit=8, keep=acted)
        back = ids(page) + back
    assert back == whole


def test_an_empty_tab_is_one_page_at_both_ends(tmp_path: Path, clock: FakeClock) -> None:
    empty = open_store(tmp_path / "empty.db", clock)
    page = empty.page(view_listing("inbox", clock()))
    assert page.items == [] and page.at_start and page.at_end
