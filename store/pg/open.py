"""Opening (and migrating) a team database on PostgreSQL as a ``Store``."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

import psycopg

from adapters.clock import Clock, system_clock
from store.db import Store
from store.dialect import POSTGRESQL
from store.guard import StorageError
from store.pg.connection import PgConnection
from store.pg.schema import PG_MIGRATIONS, pg_statements
from store.schema import SCHEMA_VERSION

VERSION_TABLE = "replydesk_schema"


def open_team_store(url: str, clock: Clock = system_clock) -> Store:
    """Connect to the team database at ``url``, migrate it, and return the store over it.

    A database that holds other tables, or a schema newer than this ReplyDesk, is refused
    with a ``StorageError`` and nothing is written.
    """
    try:
        raw = psycopg.connect(url, connect_timeout=10)
    except psycopg.Error as exc:
        # psycopg's first line says what failed; the rest is libpq's generic hint.
        reason = (str(exc).strip().splitlines() or ["no reason given"])[0]
        raise StorageError(
            f"Cannot reach the team database: {reason}. Check the URL, that the server runs "
            "and that this laptop may connect to it.",
            "Team database",
        ) from exc
    conn = PgConnection(raw)
    try:
        _migrate(conn)
    except BaseException:
        conn.close()
        raise
    # The URL stands in for the file's path in messages (Path folds its //: never reopened).
    return Store(cast(Any, conn), Path(url), clock, POSTGRESQL)


def _version(conn: PgConnection) -> int | None:
    exists = conn.execute("SELECT to_regclass('replydesk_schema') IS NOT NULL").fetchone()
    if not exists[0]:
        tables = conn.execute(
            "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()"
        ).fetchone()[0]
        if tables:
            raise StorageError(
                "That database holds tables ReplyDesk did not make; give ReplyDesk an empty "
                "database of its own (createdb replydesk).",
                "Not a ReplyDesk team database",
            )
        return None
    return int(conn.execute("SELECT version FROM replydesk_schema").fetchone()[0])


def _migrate(conn: PgConnection) -> None:
    version = _version(conn)
    if version is not None and version > SCHEMA_VERSION:
        raise StorageError(
            f"The team database was made by a newer ReplyDesk (schema {version}, this one knows "
            f"{SCHEMA_VERSION}). Upgrade ReplyDesk on this laptop; nothing was changed.",
            "Team database too new",
        )
    for reaches, script in PG_MIGRATIONS:
        if version is not None and reaches <= version:
            continue
        conn.execute("BEGIN")
        try:
            for statement in pg_statements(script):
                conn.execute(statement)
            if version is None:
                conn.execute("CREATE TABLE replydesk_schema (version BIGINT NOT NULL)")
                conn.execute("INSERT INTO replydesk_schema (version) VALUES (?)", (reaches,))
            else:
                conn.execute("UPDATE replydesk_schema SET version = ?", (reaches,))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        version = reaches
