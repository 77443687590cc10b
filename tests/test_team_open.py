"""Opening a team database: each wrong one is one clear error, and nothing is written."""

from __future__ import annotations

import psycopg
import pytest

from store.guard import StorageError
from store.pg.open import open_team_store
from store.schema import SCHEMA_VERSION
from tests.conftest import FakeClock


def test_a_fresh_database_is_migrated_once_and_reopened(pg_url: str, clock: FakeClock) -> None:
    open_team_store(pg_url, clock).close()
    again = open_team_store(pg_url, clock)
    assert again.scalar("SELECT version FROM replydesk_schema") == SCHEMA_VERSION
    again.close()


def test_a_database_of_someone_elses_tables_is_refused_untouched(
    pg_url: str, clock: FakeClock
) -> None:
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("CREATE TABLE invoices (id int)")
    with pytest.raises(StorageError, match="tables ReplyDesk did not make") as raised:
        open_team_store(pg_url, clock)
    assert raised.value.title == "Not a ReplyDesk team database"
    with psycopg.connect(pg_url) as conn:
        tables = conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        assert [name for (name,) in tables] == ["invoices"]


def test_a_newer_schema_is_refused_untouched(pg_url: str, clock: FakeClock) -> None:
    open_team_store(pg_url, clock).close()
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("UPDATE replydesk_schema SET version = %s", (SCHEMA_VERSION + 1,))
    with pytest.raises(StorageError, match="newer ReplyDesk") as raised:
        open_team_store(pg_url, clock)
    assert "Upgrade ReplyDesk" in str(raised.value)
    with psycopg.connect(pg_url) as conn:
        version = conn.execute("SELECT version FROM replydesk_schema").fetchone()
        assert version == (SCHEMA_VERSION + 1,)


@pytest.mark.parametrize(
    "url",
    ["postgresql://nobody@127.0.0.1:1/replydesk", "postgresql://x@/db?sslmode=sideways"],
)
def test_an_unreachable_or_malformed_url_says_so(url: str, clock: FakeClock) -> None:
    with pytest.raises(StorageError, match="Cannot reach the team database") as raised:
        open_team_store(url, clock)
    assert raised.value.title == "Team database"


def test_every_sqlite_migration_has_its_postgresql_twin() -> None:
    from store.pg.schema import PG_MIGRATIONS

    reached = [version for version, _ in PG_MIGRATIONS]
    assert reached == sorted(set(reached)) and reached[-1] == SCHEMA_VERSION
