"""Hearing other laptops' changes to the team database as they are committed.

The schema's triggers announce each change on the ``replydesk`` channel with the table's name;
a ``TeamListener`` holds its own connection listening there (a listening connection must not
run the store's transactions, or notices would wait behind them).
"""

from __future__ import annotations

from collections.abc import Iterator

import psycopg

CHANNEL = "replydesk"


class TeamListener:
    """The tables other laptops changed, as their transactions commit."""

    def __init__(self, url: str) -> None:
        self._conn = psycopg.connect(url, autocommit=True, connect_timeout=10)
        self._conn.execute(f"LISTEN {CHANNEL}")

    def changes(self, timeout: float) -> Iterator[str]:
        """The changed tables' names heard within ``timeout`` seconds (none: it ends)."""
        for notice in self._conn.notifies(timeout=timeout):
            yield notice.payload

    def close(self) -> None:
        """Stop listening."""
        self._conn.close()
