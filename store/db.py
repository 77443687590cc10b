"""Opening, migrating and guarding the SQLite file.

One connection per ``Store``, shared by the UI thread and worker threads behind a lock: every
public method holds it for one short, indexed transaction. WAL keeps readers from blocking.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from adapters.clock import Clock, system_clock
from adapters.errors import ConfigError
from store.accounts import AccountsMixin
from store.labels import LabelsMixin
from store.mentions import MentionsMixin
from store.outbox import OutboxMixin
from store.schema import MIGRATIONS, SCHEMA_VERSION
from store.threads import ThreadsMixin
from store.undo import UndoMixin

CORRUPT_HELP = (
    "{path} is not a ReplyDesk database or is damaged ({error}). It was left untouched. "
    "Move it aside (or restore a backup) and start ReplyDesk again: a fresh database is made "
    "and your mentions are fetched again."
)


class Store(AccountsMixin, MentionsMixin, LabelsMixin, OutboxMixin, ThreadsMixin, UndoMixin):
    """The local working copy: accounts, mentions, labels, threads, drafts, outbox, audit,
    cursors."""

    def __init__(self, conn: sqlite3.Connection, path: Path, clock: Clock) -> None:
        self.path = path
        self.conn = conn
        self.lock = threading.RLock()
        self.clock = clock

    def close(self) -> None:
        """Close the connection (pending transactions were already committed)."""
        with self.lock:
            self.conn.close()


def open_store(path: Path, clock: Clock = system_clock) -> Store:
    """Open (creating if needed) and migrate the database at ``path``.

    A damaged file, or one from a newer ReplyDesk, raises ``ConfigError`` naming the file; it
    is never overwritten.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
    except sqlite3.Error as exc:
        raise ConfigError(f"Cannot open {path}: {exc}", "Database unreadable") from exc
    try:
        _prepare(conn, path)
    except BaseException:
        conn.close()
        raise
    return Store(conn, path, clock)


def _prepare(conn: sqlite3.Connection, path: Path) -> None:
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA busy_timeout=5000")
        conn.execute("PRAGMA synchronous=NORMAL")
    except sqlite3.DatabaseError as exc:
        raise ConfigError(CORRUPT_HELP.format(path=path, error=exc), "Database damaged") from exc
    if version > SCHEMA_VERSION:
        raise ConfigError(
            f"{path} was written by a newer ReplyDesk (schema {version}, this one knows "
            f"{SCHEMA_VERSION}). Upgrade ReplyDesk; the file was left untouched.",
            "Database too new",
        )
    if version == 0 and _has_foreign_tables(conn):
        raise ConfigError(
            CORRUPT_HELP.format(path=path, error="it holds tables ReplyDesk did not make"),
            "Not a ReplyDesk database",
        )
    for number in range(version, SCHEMA_VERSION):
        _migrate(conn, number)


def _has_foreign_tables(conn: sqlite3.Connection) -> bool:
    rows = conn.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()
    return bool(rows[0])


def _migrate(conn: sqlite3.Connection, number: int) -> None:
    # executescript commits first; the explicit BEGIN makes the step and its version atomic.
    statements = [s.strip() for s in MIGRATIONS[number].split(";") if s.strip()]
    conn.execute("BEGIN IMMEDIATE")
    try:
        for statement in statements:
            conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {number + 1}")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
