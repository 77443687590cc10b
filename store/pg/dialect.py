"""SQLite-flavoured store SQL, spelled for PostgreSQL.

Only what the store writes is handled: ``?`` and ``:name`` placeholders become psycopg's
``%s`` and ``%(name)s`` (every literal ``%`` doubled, since psycopg reads them all), ``BEGIN
IMMEDIATE`` becomes ``BEGIN``, ``INSERT OR IGNORE`` an ``ON CONFLICT DO NOTHING``, and an
insert into a table keyed by ``id`` returns the new id (psycopg has no ``lastrowid``). Quoted
strings are copied as they are, apart from the doubled ``%``. Anything else SQLite-only is
refused loudly rather than sent to the server to fail there with a stranger message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# Tables whose rows are numbered by an ``id`` the inserting code reads back.
ID_TABLES = frozenset({"mentions", "outbox", "audit", "notes", "follow_ups"})

_LITERAL = re.compile(r"('(?:[^']|'')*')")
_NAMED = re.compile(r"(?<![:\w]):([A-Za-z_]\w*)")
_INSERT = re.compile(r"^\s*INSERT\s+(OR\s+IGNORE\s+)?INTO\s+(\w+)", re.IGNORECASE)
_SQLITE_ONLY = re.compile(r"\b(PRAGMA|INSERT\s+OR\s+REPLACE|REPLACE\s+INTO)\b", re.IGNORECASE)


class DialectError(ValueError):
    """Store SQL that has no PostgreSQL spelling here (a bug in the store, not user input)."""


@dataclass(frozen=True)
class PgStatement:
    """One statement as PostgreSQL takes it, and whether it returns a new row's id."""

    sql: str
    returns_id: bool


@lru_cache(maxsize=1024)
def to_pg(sql: str) -> PgStatement:
    """The PostgreSQL spelling of one store statement (cached: the store repeats them)."""
    if _SQLITE_ONLY.search(_without_literals(sql)):
        raise DialectError(f"SQLite-only SQL has no PostgreSQL spelling: {sql.strip()[:80]}")
    if re.fullmatch(r"\s*BEGIN\s+IMMEDIATE\s*;?\s*", sql, re.IGNORECASE):
        return PgStatement("BEGIN", returns_id=False)
    insert = _INSERT.match(sql)
    body = sql
    returns_id = False
    if insert:
        ignore, table = insert.group(1), insert.group(2)
        if ignore:
            body = _INSERT.sub(f"INSERT INTO {table}", body, count=1)
        tail = ""
        if ignore:
            tail += " ON CONFLICT DO NOTHING"
        if table.lower() in ID_TABLES and "RETURNING" not in body.upper():
            tail += " RETURNING id"
            returns_id = True
        body = body.rstrip().removesuffix(";") + tail
    return PgStatement(_placeholders(body), returns_id)


def _without_literals(sql: str) -> str:
    return "".join(part for part in _LITERAL.split(sql) if not part.startswith("'"))


def _placeholders(sql: str) -> str:
    parts = _LITERAL.split(sql)
    out: list[str] = []
    for part in parts:
        part = part.replace("%", "%%")
        if not part.startswith("'"):
            part = _NAMED.sub(r"%(\1)s", part.replace("?", "%s"))
        out.append(part)
    return "".join(out)
