"""A team's marks on a mention: labels, the teammate it is assigned to, and private notes
(never sent). Each change is audited with what it overwrote, so ``store.undo`` reverts it;
labels and notes are searchable (the triggers of ``mention_search`` follow them)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from store.base import StoreBase
from store.timefmt import from_db

#: The columns a mark overwrites, by its audit action.
MARK_COLUMNS = {"labels": "labels", "assign": "assignee"}


@dataclass(frozen=True, slots=True)
class Note:
    """A private note on a mention."""

    id: int
    text: str
    at: datetime


def labels_text(labels: Iterable[str]) -> str:
    """Labels as stored: lower case, each once, sorted, spaces at both ends (" a b ")."""
    words = sorted({label.strip().lower() for label in labels if label.strip()})
    return f" {' '.join(words)} " if words else ""


def revert_mark(
    conn: sqlite3.Connection, mention_id: int, action: str, detail: dict[str, object]
) -> None:
    """Undo an audited mark inside the undo's transaction."""
    if action == "note":
        conn.execute("DELETE FROM notes WHERE id = ?", (detail["note"],))
        return
    column = MARK_COLUMNS[action]
    conn.execute(f"UPDATE mentions SET {column} = ? WHERE id = ?", (detail["before"], mention_id))


class WorkMixin(StoreBase):
    """Labels, assignment and notes."""

    def _mark(self, mention_id: int, action: str, value: str) -> int:
        column = MARK_COLUMNS[action]
        with self.tx() as conn:
            row = conn.execute(
                f"SELECT {column} FROM mentions WHERE id = ?", (mention_id,)
            ).fetchone()
            if row is None:
                raise KeyError(mention_id)
            conn.execute(
                f"UPDATE mentions SET {column} = ?, updated_at = ? WHERE id = ?",
                (value, self.now_text(), mention_id),
            )
            return self.write_audit(conn, mention_id, action, {"before": row[0], "after": value})

    def set_labels(self, mention_id: int, labels: Iterable[str]) -> int:
        """Replace the mention's labels; returns the audit id (for undo)."""
        return self._mark(mention_id, "labels", labels_text(labels))

    def assign(self, mention_id: int, who: str) -> int:
        """Assign the mention to teammate ``who`` ("" nobody); returns the audit id."""
        return self._mark(mention_id, "assign", who.strip())

    def add_note(self, mention_id: int, text: str) -> int:
        """Add a private note to the mention; returns the audit id."""
        with self.tx() as conn:
            cursor = conn.execute(
                "INSERT INTO notes (mention_id, text, at) VALUES (?, ?, ?)",
                (mention_id, text, self.now_text()),
            )
            return self.write_audit(conn, mention_id, "note", {"note": cursor.lastrowid})

    def notes(self, mention_id: int) -> list[Note]:
        """The mention's notes, oldest first (an indexed read)."""
        return [
            Note(row["id"], row["text"], from_db(row["at"]))
            for row in self.rows(
                "SELECT id, text, at FROM notes WHERE mention_id = ? ORDER BY id", (mention_id,)
            )
        ]

    def known_labels(self) -> list[str]:
        """Every label in use, for completion."""
        found: set[str] = set()
        for row in self.rows("SELECT DISTINCT labels FROM mentions WHERE labels != ''"):
            found.update(row[0].split())
        return sorted(found)
