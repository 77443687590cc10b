"""What differs between the two backends the store's SQL runs on, named once.

Nearly all store SQL is the dialect SQLite and PostgreSQL share (``store/pg/dialect.py`` turns
the remaining SQLite spellings into PostgreSQL's). What cannot be spelled alike lives here.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Dialect:
    """One backend's differences."""

    name: str
    # Appended to a SELECT that picks rows to claim. SQLite needs nothing (one writer at a
    # time, BEGIN IMMEDIATE); PostgreSQL must lock the picked row and let other laptops pass it
    # by, so two senders never claim one reply.
    claim_rows: str
    # A second connection for reading pages (store/pages.py) beside the store's own, so a
    # long write never holds a page read up: made from the store's path and connection.
    open_reader: Callable[[Path, Any], Any]


def sqlite_reader(path: Path, conn: object) -> sqlite3.Connection:
    """A read-only connection to the SQLite file (WAL lets it read while others write)."""
    reader = sqlite3.connect(
        path.resolve().as_uri() + "?mode=ro", uri=True, check_same_thread=False
    )
    reader.row_factory = sqlite3.Row
    return reader


def postgresql_reader(path: Path, conn: Any) -> Any:
    """Another connection to the team database, with the store connection's parameters."""
    return conn.reopen()


SQLITE = Dialect(name="sqlite", claim_rows="", open_reader=sqlite_reader)
POSTGRESQL = Dialect(
    name="postgresql", claim_rows=" FOR UPDATE SKIP LOCKED", open_reader=postgresql_reader
)
