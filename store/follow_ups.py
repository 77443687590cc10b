"""Follow-ups: reminders to check back on a conversation ("did the refund arrive?").

A follow-up is due in the inbox from its time until the person marks it done, whatever the
mention's own state (it was usually answered long ago). Setting and finishing one are audited
as ``follow_up`` and undone by ``store.undo``.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime

from store.base import StoreBase
from store.models import StoredMention
from store.rows import stored_from_row
from store.timefmt import from_db, to_db

DUE = "done_at IS NULL AND due_at <= :now"
"""The first term is the WHERE of the partial index ``follow_ups_due``."""


@dataclass(frozen=True, slots=True)
class FollowUp:
    """One reminder: which mention, and when it is due."""

    id: int
    mention_id: int
    due_at: datetime


def revert_follow_up(conn: sqlite3.Connection, detail: dict[str, object]) -> None:
    """Undo an audited follow-up change (``detail`` of its audit row) inside the undo's
    transaction: a reminder set is removed, a finished one is due again."""
    if detail["op"] == "add":
        conn.execute("DELETE FROM follow_ups WHERE id = ?", (detail["follow_up"],))
    else:
        conn.execute("UPDATE follow_ups SET done_at = NULL WHERE id = ?", (detail["follow_up"],))


class FollowUpsMixin(StoreBase):
    """The ``follow_ups`` table."""

    def add_follow_up(self, mention_id: int, due_at: datetime) -> int:
        """Remind about ``mention_id`` at ``due_at``; returns the audit id (for undo)."""
        with self.tx() as conn:
            cursor = conn.execute(
                "INSERT INTO follow_ups (mention_id, due_at, created_at) VALUES (?, ?, ?)",
                (mention_id, to_db(due_at), self.now_text()),
            )
            detail = {"op": "add", "follow_up": cursor.lastrowid, "due_at": to_db(due_at)}
            return self.write_audit(conn, mention_id, "follow_up", detail)

    def finish_follow_up(self, follow_up_id: int) -> int:
        """The person checked back: the reminder leaves the inbox. Returns the audit id."""
        with self.tx() as conn:
            row = conn.execute(
                "SELECT mention_id FROM follow_ups WHERE id = ? AND done_at IS NULL",
                (follow_up_id,),
            ).fetchone()
            if row is None:
                raise KeyError(follow_up_id)
            conn.execute(
                "UPDATE follow_ups SET done_at = ? WHERE id = ?", (self.now_text(), follow_up_id)
            )
            detail = {"op": "finish", "follow_up": follow_up_id}
            return self.write_audit(conn, row[0], "follow_up", detail)

    def due_follow_ups(self, now: datetime) -> list[FollowUp]:
        """Reminders due as of ``now`` and not done, oldest first."""
        return [
            FollowUp(row["id"], row["mention_id"], from_db(row["due_at"]))
            for row in self.rows(
                f"SELECT id, mention_id, due_at FROM follow_ups WHERE {DUE} ORDER BY due_at",
                {"now": to_db(now)},
            )
        ]

    def follow_up_mentions(self, now: datetime) -> list[StoredMention]:
        """The mentions of the due reminders, oldest reminder first (one row per mention)."""
        rows = self.rows(
            "SELECT m.* FROM mentions m JOIN (SELECT mention_id, min(due_at) AS due "
            f"FROM follow_ups WHERE {DUE} GROUP BY mention_id) f ON f.mention_id = m.id "
            "ORDER BY f.due",
            {"now": to_db(now)},
        )
        return [stored_from_row(row) for row in rows]
