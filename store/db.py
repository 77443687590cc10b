"""Opening, migrating and guarding the SQLite file.

One connection per ``Store``, shared by the UI thread and worker threads behind a lock: every
public method holds it for one short, indexed transaction. WAL keeps readers from blocking.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from adapters.clock import Clock, system_clock
from store.accounts import AccountsMixin
from store.dialect import SQLITE, Dialect
from store.follow_ups import FollowUpsMixin
from store.guard import (
    StorageError,
    damaged_help,
    forget_holder,
    keep_copy,
    note_holder,
    private_dir,
    private_file,
    storage_error,
    tighten,
    translate,
)
from store.ingest import IngestMixin
from store.labels import LabelsMixin
from store.mentions import MentionsMixin
from store.outbox import OutboxMixin
from store.pages import PagesMixin
from store.people import PeopleMixin
from store.people_list import PeopleListMixin
from store.routing import RoutingMixin
from store.schema import MIGRATIONS, SCHEMA_VERSION
from store.search import SearchMixin
from store.stats import StatsMixin
from store.threads import ThreadsMixin
from store.undo import UndoMixin
from store.views import ViewsMixin
from store.watch import WatchMixin
from store.work import WorkMixin
from store.x_usage import XUsageMixin

# How long a write waits for another process's transaction before saying the file is locked.
BUSY_TIMEOUT_MS = 5000


class Store(
    AccountsMixin,
    IngestMixin,
    MentionsMixin,
    PagesMixin,
    LabelsMixin,
    OutboxMixin,
    ThreadsMixin,
    UndoMixin,
    ViewsMixin,
    SearchMixin,
    FollowUpsMixin,
    WorkMixin,
    PeopleMixin,
    PeopleListMixin,
    RoutingMixin,
    StatsMixin,
    WatchMixin,
    XUsageMixin,
):
    """The local working copy: accounts, mentions, labels, threads, drafts, outbox, audit,
    cursors, watch-term cursors, and statistics over them."""

    def __init__(
        self, conn: sqlite3.Connection, path: Path, clock: Clock, dialect: Dialect = SQLITE
    ) -> None:
        self.path = path
        self.dialect = dialect
        self.conn = conn
        self.lock = threading.RLock()
        self.clock = clock

    def close(self) -> None:
        """Close the connection (pending transactions were already committed)."""
        with self.lock:
            self.close_reader()
            self.conn.close()
        forget_holder(self.path)

    def backup(self, target: Path) -> None:
        """Write a consistent copy of the database to ``target`` (mode 0600) while others
        keep working: SQLite's online backup copies one snapshot under a read lock."""
        private_dir(target.parent)
        partial = target.with_name(target.name + ".partial")
        partial.unlink(missing_ok=True)
        private_file(partial)
        try:
            with self.lock:
                copy = sqlite3.connect(partial)
                try:
                    self.conn.backup(copy)
                finally:
                    copy.close()
        except sqlite3.Error as exc:
            partial.unlink(missing_ok=True)  # never a half-written copy left to be mistaken
            # A full disk is the copy's; any other fault (locked, damaged) is the database's.
            error = storage_error(target, exc)
            raise (error if error.title == "Disk full" else storage_error(self.path, exc)) from exc
        partial.replace(target)


def open_store(path: Path, clock: Clock = system_clock) -> Store:
    """Open (creating if needed, mode 0600 in a 0700 folder) and migrate the database.

    A damaged file (``PRAGMA quick_check``) is kept, copied beside itself, and reported with
    how to recover; one from a newer ReplyDesk is refused. Either raises ``StorageError`` and
    never overwrites the file.
    """
    private_dir(path.parent)
    private_file(path)
    try:
        conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
    except sqlite3.Error as exc:
        raise storage_error(path, exc) from exc
    try:
        with translate(path):
            _prepare(conn, path)
        tighten(path)
        note_holder(path)
    except BaseException:
        conn.close()
        raise
    return Store(conn, path, clock)


def _prepare(conn: sqlite3.Connection, path: Path) -> None:
    conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        verdict = conn.execute("PRAGMA quick_check(1)").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        error = storage_error(path, exc)
        if error.title == "Database damaged":
            error = StorageError(damaged_help(path, str(exc), keep_copy(path)), error.title)
        raise error from exc
    if verdict != "ok":
        raise StorageError(damaged_help(path, verdict, keep_copy(path)), "Database damaged")
    if version > SCHEMA_VERSION:
        raise StorageError(
            f"{path} was written by a newer ReplyDesk (schema {version}, this one knows "
            f"{SCHEMA_VERSION}). Upgrade ReplyDesk; the file was left untouched.",
            "Database too new",
        )
    if version == 0 and _has_foreign_tables(conn):
        raise StorageError(
            damaged_help(path, "it holds tables ReplyDesk did not make", None),
            "Not a ReplyDesk database",
        )
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA synchronous=NORMAL")
    for number in range(version, SCHEMA_VERSION):
        _migrate(conn, number)


def _has_foreign_tables(conn: sqlite3.Connection) -> bool:
    rows = conn.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()
    return bool(rows[0])


def statements_of(script: str) -> list[str]:
    """The SQL statements of a migration, in order. A trigger's body holds semicolons of its
    own, so pieces are joined until SQLite says the statement is complete."""
    statements: list[str] = []
    pending = ""
    for piece in script.split(";"):
        pending += piece + ";"
        if sqlite3.complete_statement(pending):
            statements.append(pending.strip().removesuffix(";"))
            pending = ""
    if pending.strip(" \n;"):
        statements.append(pending.strip().removesuffix(";"))
    return [s for s in statements if s.strip()]


def _migrate(conn: sqlite3.Connection, number: int) -> None:
    # executescript commits first; the explicit BEGIN makes the step and its version atomic.
    statements = statements_of(MIGRATIONS[number])
    conn.execute("BEGIN IMMEDIATE")
    try:
        for statement in statements:
            conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {number + 1}")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
