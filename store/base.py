"""What every part of the ``Store`` shares: connection, lock, transactions, the audit log."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from adapters.clock import Clock
from store.dialect import Dialect
from store.guard import translate
from store.timefmt import to_db

if TYPE_CHECKING:
    import sqlite_utils


class StoreBase:
    """Shared plumbing of the store's parts (mixed into ``Store``)."""

    path: Path
    dialect: Dialect
    conn: sqlite3.Connection
    lock: threading.RLock
    clock: Clock

    @cached_property
    def db(self) -> sqlite_utils.Database:
        """sqlite-utils on the same connection, for its upserts and bulk inserts. Made on the
        first write that needs it: importing sqlite-utils costs ~0.1 s, and reads (the queue)
        use plain SQL. No plugins: ReplyDesk uses none, and finding them scans every
        installed package's entry points."""
        import sqlite_utils

        return sqlite_utils.Database(self.conn, execute_plugins=False)

    @contextmanager
    def tx(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken immediately so concurrent writers queue, not fail.

        Any fault rolls the whole transaction back; SQLite faults (locked, disk full, damaged)
        come out as one ``StorageError`` saying so.
        """
        with self.lock, translate(self.path):
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
                self.conn.execute("COMMIT")
            except BaseException:
                # SQLite may already have rolled back by itself (e.g. on a full disk).
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise

    def rows(self, sql: str, params: Sequence[Any] | Mapping[str, Any] = ()) -> list[sqlite3.Row]:
        """Run a read query under the lock."""
        with self.lock, translate(self.path):
            cursor = self.conn.execute(sql, params)
            cursor.row_factory = sqlite3.Row
            return cursor.fetchall()

    def scalar(self, sql: str, params: Sequence[Any] | Mapping[str, Any] = ()) -> Any:
        """The first column of the first row, or ``None``."""
        with self.lock, translate(self.path):
            row = self.conn.execute(sql, params).fetchone()
        return None if row is None else row[0]

    def now_text(self) -> str:
        """The store clock's now, as stored."""
        return to_db(self.clock())

    def write_audit(
        self,
        conn: sqlite3.Connection,
        mention_id: int | None,
        action: str,
        detail: Mapping[str, object],
    ) -> int:
        """Append to the audit log inside the caller's transaction; returns the row id."""
        cursor = conn.execute(
            "INSERT INTO audit (at, mention_id, action, detail) VALUES (?, ?, ?, ?)",
            (self.now_text(), mention_id, action, json.dumps(detail, ensure_ascii=False)),
        )
        return int(cursor.lastrowid or 0)

    def audit(self, mention_id: int | None, action: str, detail: Mapping[str, object]) -> int:
        """Audit an action taken on the network (hiding a reply), in its own transaction."""
        with self.tx() as conn:
            return self.write_audit(conn, mention_id, action, detail)

    def audit_trail(self, mention_id: int) -> list[tuple[str, dict[str, Any]]]:
        """Every audited action on a mention, oldest first: (action, detail)."""
        return [
            (row["action"], json.loads(row["detail"]))
            for row in self.rows(
                "SELECT action, detail FROM audit WHERE mention_id = ? ORDER BY id", (mention_id,)
            )
        ]
