"""The main screen's tabs as queries: which mentions each view holds, in which order, and how
many.

Every view's rows come from one indexed query (``tests/test_views.py`` checks the plans), so
a tab's first page stays fast on a large database. The inbox is ``MentionsMixin.queue``;
the others are here.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from store.base import StoreBase
from store.mentions import INBOX, SPAM, WAITING
from store.models import StoredMention
from store.pages import Listing
from store.rows import stored_from_row
from store.timefmt import to_db

RANKED = ("rank_group", "score", "created_at")
NEWEST = ("created_at",)


@dataclass(frozen=True, slots=True)
class View:
    """One tab: its key (``key``), its name in full and short (for narrow terminals), the rows
    it holds (``where``, SQL over ``mentions`` with ``:now`` and ``:me``) and their order
    (``columns``, all descending or all ascending)."""

    key: str
    title: str
    short: str
    where: str
    columns: tuple[str, ...] = RANKED
    descending: bool = True

    @property
    def order(self) -> str:
        """The ORDER BY clause."""
        way = " DESC" if self.descending else ""
        return "ORDER BY " + ", ".join(column + way for column in self.columns)


def _waiting(condition: str) -> str:
    return f"{WAITING} AND {condition}"


VIEWS: tuple[View, ...] = (
    View("inbox", "Inbox", "Inbox", _waiting(f"rank_group >= {INBOX}")),
    View("complaints", "Complaints", "Compl", _waiting("cls = 'complaint'")),
    View("questions", "Questions", "Quest", _waiting("cls = 'question'")),
    # Longest overdue first. Spam is never due, so no rank group is asked for: the count is
    # answered from ``mentions_due`` alone.
    View(
        "overdue",
        "Overdue",
        "Late",
        _waiting("due_at <= :now"),
        ("due_at",),
        descending=False,
    ),
    View("mine", "Mine", "Mine", _waiting("assignee = :me AND assignee != ''")),
    View("praise", "Unanswered praise", "Praise", _waiting("cls = 'praise'")),
    View(
        "snoozed",
        "Snoozed",
        "Snooze",
        "state = 'snoozed' AND snooze_until > :now AND gone = 0",
        ("snooze_until",),
        descending=False,
    ),
    View("done", "Done", "Done", "state = 'done' AND gone = 0", NEWEST),
    # Spam the classifier found (still waiting) and spam a person marked (``m``). The first
    # term is, word for word, the WHERE of the partial index ``mentions_spam``.
    View(
        "spam",
        "Spam",
        "Spam",
        f"(rank_group = {SPAM} OR state = 'spam') AND gone = 0 "
        f"AND (state = 'spam' OR ({WAITING} AND rank_group = {SPAM}))",
        NEWEST,
    ),
    View("all", "All", "All", "gone = 0", NEWEST),
)
"""The built-in tabs, in the order of their number keys (1–9, then 0)."""

VIEW_KEYS = tuple(view.key for view in VIEWS)


def view_named(key: str) -> View:
    """The built-in view called ``key`` (``KeyError`` if there is none)."""
    for view in VIEWS:
        if view.key == key:
            return view
    raise KeyError(key)


def view_listing(key: str, now: datetime, *, me: str = "") -> Listing:
    """The view ``key`` as of ``now`` (as last rescored), to read by keyset pages. The inbox
    keeps the rows acted on this session that are still inbox rows or spam alike; other tabs
    keep what they are asked to."""
    view = view_named(key)
    return Listing(
        view.where,
        {"now": to_db(now), "me": me},
        view.columns,
        view.descending,
        keep_where=f"rank_group >= {INBOX}" if key == "inbox" else "1",
    )


def with_kept(
    store: StoreBase,
    found: list[sqlite3.Row],
    keep: Collection[int],
    columns: tuple[str, ...],
    *,
    descending: bool,
) -> list[StoredMention]:
    """``found`` plus the rows of ``keep`` it lacks, each in its place by ``columns``."""
    extra = sorted(set(keep) - {row["id"] for row in found})
    if extra:
        marks = ", ".join("?" * len(extra))
        found = found + store.rows(f"SELECT * FROM mentions WHERE id IN ({marks})", extra)
        found.sort(key=lambda row: tuple(row[c] or "" for c in columns), reverse=descending)
    return [stored_from_row(row) for row in found]


class ViewsMixin(StoreBase):
    """Reading the tabs."""

    def view_rows(
        self,
        key: str,
        now: datetime,
        *,
        me: str = "",
        limit: int = 500,
        keep: Collection[int] = (),
    ) -> list[StoredMention]:
        """The first ``limit`` rows of the view ``key`` as of ``now`` (as last rescored: call
        ``rescore(now)`` first).

        ``keep`` (rows on screen in this tab that the person acted on) stay, in their place,
        even if they left the view: rows change in place instead of vanishing under the
        cursor, as in the inbox.
        """
        view = view_named(key)
        params = {"now": to_db(now), "me": me, "limit": limit}
        found = self.rows(
            f"SELECT * FROM mentions WHERE {view.where} {view.order} LIMIT :limit", params
        )
        return with_kept(self, found, keep, view.columns, descending=view.descending)

    def view_counts(self, now: datetime, *, me: str = "") -> dict[str, int]:
        """How many mentions each built-in view holds, by key. Each count is answered by an
        index; the caller reads them off the UI thread with the queue."""
        params = {"now": to_db(now), "me": me}
        return {
            view.key: int(self.scalar(f"SELECT count(*) FROM mentions WHERE {view.where}", params))
            for view in VIEWS
        }
