"""Accounts the person connected, and where each one's sync left off."""

from __future__ import annotations

from datetime import datetime

from adapters.records import Account
from store.base import StoreBase
from store.timefmt import from_db


class AccountsMixin(StoreBase):
    """The ``accounts`` and ``cursors`` tables (secrets live in the keyring, never here)."""

    def save_account(self, account: Account) -> None:
        """Add an account, or refresh its names."""
        with self.tx():
            # Plain SQL both backends take; a re-added account keeps its place (added_at).
            self.conn.execute(
                "INSERT INTO accounts (id, network, handle, display_name, server, added_at) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
                "network = excluded.network, handle = excluded.handle, "
                "display_name = excluded.display_name, server = excluded.server",
                (
                    account.id,
                    account.network,
                    account.handle,
                    account.display_name,
                    account.server,
                    self.now_text(),
                ),
            )

    def accounts(self) -> list[Account]:
        """Every connected account, in the order they were added."""
        return [
            Account(r["id"], r["network"], r["handle"], r["display_name"], r["server"])
            for r in self.rows("SELECT * FROM accounts ORDER BY added_at, id")
        ]

    def remove_account(self, account_id: str) -> None:
        """Forget an account and its cursor; its cached mentions stay for the record."""
        with self.tx() as conn:
            conn.execute("DELETE FROM accounts WHERE id = ?", (account_id,))
            conn.execute("DELETE FROM cursors WHERE account_id = ?", (account_id,))
            conn.execute("DELETE FROM watch_cursors WHERE account_id = ?", (account_id,))

    def cursor(self, account_id: str) -> str | None:
        """Where the last committed pull of an account ended."""
        value = self.scalar("SELECT cursor FROM cursors WHERE account_id = ?", (account_id,))
        return None if value is None else str(value)

    def save_cursor(self, account_id: str, cursor: str | None) -> None:
        """Remember where a pull ended; call only after its mentions are committed."""
        with self.tx() as conn:
            conn.execute(
                "INSERT INTO cursors (account_id, cursor, synced_at) VALUES (?, ?, ?) "
                "ON CONFLICT (account_id) DO UPDATE SET cursor = coalesce(excluded.cursor, "
                "cursors.cursor), synced_at = excluded.synced_at",
                (account_id, cursor, self.now_text()),
            )

    def last_synced(self) -> datetime | None:
        """When any account last finished a pull."""
        value = self.scalar("SELECT max(synced_at) FROM cursors")
        return None if value is None else from_db(str(value))
