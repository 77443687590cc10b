"""What differs between the two backends the store's SQL runs on, named once.

Nearly all store SQL is the dialect SQLite and PostgreSQL share (``store/pg/dialect.py`` turns
the remaining SQLite spellings into PostgreSQL's). What cannot be spelled alike lives here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Dialect:
    """One backend's differences."""

    name: str
    # Appended to a SELECT that picks rows to claim. SQLite needs nothing (one writer at a
    # time, BEGIN IMMEDIATE); PostgreSQL must lock the picked row and let other laptops pass it
    # by, so two senders never claim one reply.
    claim_rows: str


SQLITE = Dialect(name="sqlite", claim_rows="")
POSTGRESQL = Dialect(name="postgresql", claim_rows=" FOR UPDATE SKIP LOCKED")
