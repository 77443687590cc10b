"""Any tab read page by page, by keyset: every row is reachable, and a page costs the same at
the top of ten rows or at the bottom of a million.

A row's place in a tab is its ``PageKey``: the values of the columns the tab orders by, then
its id, which are the leading columns of the tab's index (migration 13). So "the 100 rows after
this one" is one range of that index in the tab's own order, never an ``OFFSET`` that walks
every row before it, and the last page is the same range read from the other end.

Pages are read on a connection of their own (read-only; the database is in WAL mode), so a
writer in another thread (a rescore, a pull) never holds a page up: a WAL reader does not wait
for writers, and this one waits for no other thread's statement either.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from store.base import StoreBase
from store.guard import translate
from store.models import StoredMention
from store.rows import stored_from_row

PAGE = 100
"""Rows read at a time as the person scrolls."""

PageKey = tuple[Any, ...]
"""Where a row stands in its tab: its order columns' values, then its id."""


@dataclass(frozen=True, slots=True)
class Listing:
    """The rows of one tab as SQL: ``source`` (what to read from, ``mentions`` as ``m``),
    ``where`` over it with ``params``, and its order: ``columns`` then ``id_column``, all
    descending or all ascending. ``keep_where`` limits which acted-on rows may stay in it."""

    where: str
    params: Mapping[str, Any]
    columns: tuple[str, ...]
    descending: bool = True
    source: str = "mentions m"
    id_column: str = "m.id"
    keep_where: str = "1"
    hint: str = field(default="")
    """``INDEXED BY`` for the pages, where SQLite would otherwise pick a worse index."""

    @property
    def key_columns(self) -> tuple[str, ...]:
        """Every column of the key, id last."""
        return (*self.columns, self.id_column)

    def order(self, *, reverse: bool = False) -> str:
        """The ORDER BY clause (``reverse``: the other way, to read up from a key or the end)."""
        way = " DESC" if self.descending != reverse else ""
        return "ORDER BY " + ", ".join(column + way for column in self.key_columns)


@dataclass(frozen=True, slots=True)
class Page:
    """Consecutive rows of a tab, in its order, with their keys.

    ``at_start`` / ``at_end``: no row of the tab comes before the first / after the last.
    """

    items: list[StoredMention]
    keys: list[PageKey]
    at_start: bool
    at_end: bool


def _key(row: Any, width: int) -> PageKey:
    # The key's values were selected as the row's last columns (``_k0`` … id).
    return tuple(row[f"_k{n}"] for n in range(width))


def _bounded(key: PageKey) -> PageKey:
    # A kept row that left its tab may lack a value its tab orders by (an unsnoozed row's
    # snooze time); it sorts first, as SQLite sorts NULL.
    return tuple("" if value is None else value for value in key)


class PagesMixin(StoreBase):
    """Reading any tab by keyset pages."""

    _reader: tuple[sqlite3.Connection, threading.Lock] | None = None

    def page_connection(self) -> tuple[sqlite3.Connection, threading.Lock]:
        """The pages' own read-only connection and its lock (opened on first use)."""
        with self.lock:  # only to open it once
            if self._reader is None:
                with translate(self.path):
                    conn = self.dialect.open_reader(self.path, self.conn)
                self._reader = (conn, threading.Lock())
            return self._reader

    def page_rows(self, sql: str, params: Mapping[str, Any] | list[Any]) -> list[sqlite3.Row]:
        """Run a read on the pages' own connection."""
        conn, lock = self.page_connection()
        with lock, translate(self.path):
            return conn.execute(sql, params).fetchall()

    def close_reader(self) -> None:
        """Close the pages' connection, if one was opened."""
        if self._reader is not None:
            conn, lock = self._reader
            with lock:
                conn.close()
            self._reader = None

    def page(
        self,
        listing: Listing,
        *,
        after: PageKey | None = None,
        at: PageKey | None = None,
        before: PageKey | None = None,
        last: bool = False,
        limit: int = PAGE,
        keep: Collection[int] = (),
    ) -> Page:
        """Up to ``limit`` rows of ``listing``: the first page; those just ``after`` a key,
        from ``at`` a key on, or just ``before`` one; or the ``last`` page.

        ``keep`` (rows the person acted on this session that may have left the tab) join the
        page where their key falls inside the stretch of the tab it covers, so they change in
        place instead of vanishing under the cursor.
        """
        columns = listing.key_columns
        width = len(columns)
        upward = before is not None or last
        bound = after or at or before
        params: dict[str, Any] = {**listing.params, "_n": limit + 1}
        where = listing.where
        if bound is not None:
            params.update({f"_b{n}": value for n, value in enumerate(bound)})
            # Down the tab's order is "less than" in a descending tab, "more" in an ascending.
            down = "<" if listing.descending else ">"
            up = ">" if listing.descending else "<"
            sign = up if before is not None else down + ("=" if at is not None else "")
            marks = ", ".join(f":_b{n}" for n in range(width))
            where += f" AND ({', '.join(columns)}) {sign} ({marks})"
        selected = ", ".join(f"{column} AS _k{n}" for n, column in enumerate(columns))
        rows = self.page_rows(
            f"SELECT m.*, {selected} FROM {listing.source}{listing.hint} WHERE {where} "
            f"{listing.order(reverse=upward)} LIMIT :_n",
            params,
        )
        full = len(rows) > limit
        rows = rows[:limit]
        if upward:
            rows.reverse()
        at_start = (not full) if upward else bound is None
        at_end = last or (not upward and not full)
        found = [(_key(r, width), r) for r in rows]
        # The row ``after`` or ``before`` names belongs to the page next to this one.
        edge = after or before
        kept = set(keep) - {item[1]["id"] for item in found}
        if edge is not None:
            kept.discard(edge[-1])
        if kept:
            # The stretch of the tab this page covers runs from the key it was read from to
            # its far row, so the pages next to each other leave no gap between them.
            if upward:
                top = None if at_start else found[0][0]
                bottom = before
            else:
                top = bound
                bottom = None if at_end else found[-1][0]
            found = self._with_kept(listing, found, kept, top, bottom)
        return Page([stored_from_row(r) for _, r in found], [k for k, _ in found], at_start, at_end)

    def _with_kept(
        self,
        listing: Listing,
        found: list[tuple[PageKey, Any]],
        keep: Collection[int],
        top: PageKey | None,
        bottom: PageKey | None,
    ) -> list[tuple[PageKey, Any]]:
        """``found`` plus the kept rows between ``top`` and ``bottom`` (``None``: unbounded),
        in the tab's order."""
        wanted = sorted(keep)
        marks = ", ".join("?" * len(wanted))
        bare = tuple(column.removeprefix("m.") for column in listing.columns)
        selected = ", ".join(f"{column} AS _k{n}" for n, column in enumerate((*bare, "id")))
        width = len(bare) + 1
        if listing.descending:
            top, bottom = bottom, top  # from here on: ``top`` the low end, ``bottom`` the high
        low = None if top is None else _bounded(top)
        high = None if bottom is None else _bounded(bottom)
        extra = []
        for row in self.page_rows(
            f"SELECT *, {selected} FROM mentions WHERE id IN ({marks}) AND {listing.keep_where}",
            wanted,
        ):
            key = _bounded(_key(row, width))
            if (low is None or key >= low) and (high is None or key <= high):
                extra.append((key, row))
        merged = [(_bounded(key), row) for key, row in found] + extra
        return sorted(merged, key=lambda pair: pair[0], reverse=listing.descending)
