"""Counting the SQL statements a piece of store code runs (``executemany`` counts once).

The store's connection is swapped for a counting proxy while the ``with`` block runs, so the
count is of calls the code makes, which is what "a constant number of queries per batch" means:
no statement issued once per mention.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from store import Store


class CountingConnection:
    """Delegates to a real connection, counting ``execute`` and ``executemany`` calls."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self.total = 0

    def execute(self, *args: Any) -> sqlite3.Cursor:
        """``sqlite3.Connection.execute``, counted."""
        self.total += 1
        return self._conn.execute(*args)

    def executemany(self, *args: Any) -> sqlite3.Cursor:
        """``sqlite3.Connection.executemany``, counted once however many rows."""
        self.total += 1
        return self._conn.executemany(*args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)


@contextmanager
def count_statements(store: Store) -> Iterator[CountingConnection]:
    """Count the statements ``store`` runs inside the block."""
    real = store.conn
    counting = CountingConnection(real)
    store.conn = counting  # type: ignore[assignment]
    try:
        yield counting
    finally:
        store.conn = real
