"""The throwaway PostgreSQL starts (as the postgres user when the tests run as root)."""

from __future__ import annotations

import psycopg


def test_a_fresh_database_answers(pg_url: str) -> None:
    with psycopg.connect(pg_url) as conn:
        row = conn.execute("SELECT current_user, count(*) FROM pg_tables WHERE schemaname='public'")
        assert row.fetchone() == ("postgres", 0)
