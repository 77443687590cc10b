"""psycopg behind the part of sqlite3's connection API the store uses.

The store runs its statements through ``execute`` / ``executemany``, reads rows by column name
or position, reads a new row's ``lastrowid``, and brackets writes with ``BEGIN`` / ``COMMIT``
itself; this gives a psycopg connection (autocommit, so those brackets are the only
transactions) exactly that, with each statement spelled for PostgreSQL by ``dialect.to_pg``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any, overload

import psycopg
from psycopg.pq import TransactionStatus
from psycopg.types.numeric import FloatLoader

from store.pg.dialect import to_pg

Params = Sequence[Any] | Mapping[str, Any]


class PgRow(Sequence[Any]):
    """A row read by position or by column name, like ``sqlite3.Row``."""

    __slots__ = ("_index", "_values")

    def __init__(self, values: Sequence[Any], index: Mapping[str, int]) -> None:
        self._values = tuple(values)
        self._index = index

    @overload
    def __getitem__(self, key: int | str) -> Any: ...
    @overload
    def __getitem__(self, key: slice) -> tuple[Any, ...]: ...
    def __getitem__(self, key: int | str | slice) -> Any:
        if isinstance(key, str):
            return self._values[self._index[key]]
        return self._values[key]

    def __len__(self) -> int:
        return len(self._values)

    def __iter__(self) -> Iterator[Any]:
        return iter(self._values)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, PgRow):
            return self._values == other._values
        return self._values == other

    def __lt__(self, other: PgRow) -> bool:
        return self._values < other._values

    def __hash__(self) -> int:
        return hash(self._values)

    def __repr__(self) -> str:
        return f"PgRow{self._values!r}"

    def keys(self) -> list[str]:
        """The column names, in order."""
        return list(self._index)


def _rows(cursor: psycopg.Cursor[Any]) -> Any:
    index = {column.name: n for n, column in enumerate(cursor.description or ())}
    return lambda values: PgRow(values, index)


class PgCursor:
    """The result of one statement: its rows, its row count and a new row's id."""

    # Set by the store on sqlite3 cursors; PostgreSQL rows already read by name.
    row_factory: object = None

    def __init__(self, cursor: psycopg.Cursor[Any], returns_id: bool) -> None:
        self._cursor = cursor
        self.rowcount = cursor.rowcount
        self.lastrowid: int | None = None
        if returns_id:
            row = cursor.fetchone()
            self.lastrowid = None if row is None else int(row[0])

    def fetchone(self) -> Any:
        """The next row, or ``None``."""
        return self._cursor.fetchone() if self._cursor.description else None

    def fetchall(self) -> list[Any]:
        """The remaining rows."""
        return self._cursor.fetchall() if self._cursor.description else []

    def __iter__(self) -> Iterator[Any]:
        return iter(self.fetchall())


class PgConnection:
    """One psycopg connection that takes the store's SQLite-flavoured statements."""

    def __init__(self, conn: psycopg.Connection[Any]) -> None:
        conn.autocommit = True
        # SQLite hands sums and averages back as numbers; numeric would come back as Decimal.
        conn.adapters.register_loader("numeric", FloatLoader)
        self.raw = conn

    @property
    def in_transaction(self) -> bool:
        """Whether a BEGIN is open (as sqlite3's attribute of the same name)."""
        return self.raw.info.transaction_status != TransactionStatus.IDLE

    def execute(self, sql: str, params: Params = ()) -> PgCursor:
        """Run one statement."""
        statement = to_pg(sql)
        cursor = self.raw.cursor(row_factory=_rows)
        cursor.execute(statement.sql, params)
        return PgCursor(cursor, statement.returns_id)

    def executemany(self, sql: str, params: Sequence[Params]) -> PgCursor:
        """Run one statement once per parameter set."""
        statement = to_pg(sql)
        cursor = self.raw.cursor(row_factory=_rows)
        cursor.executemany(statement.sql, params)
        return PgCursor(cursor, returns_id=False)

    def reopen(self) -> PgConnection:
        """Another connection to the same database, as the same user."""
        info = self.raw.info
        return PgConnection(psycopg.connect(info.dsn, password=info.password, connect_timeout=10))

    def close(self) -> None:
        """Close the connection."""
        self.raw.close()
