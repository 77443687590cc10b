"""Undoing audited changes: a state change (done, snooze), a class correction, a follow-up,
labels, an assignment or a note.

Each change is one audit row whose detail holds what it overwrote; undoing it restores that,
marks the row undone (so it is never undone twice) and audits the undo itself. Which change
to undo is the caller's choice: the app undoes only what this session did.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from store.base import StoreBase
from store.follow_ups import revert_follow_up
from store.labels import CORRECTED_COLUMNS
from store.models import MentionState, StateChange
from store.work import revert_mark


@dataclass(frozen=True, slots=True)
class Undone:
    """An audited change that was reverted: ``action`` is "state", "class", "follow_up",
    "labels", "assign" or "note"."""

    audit_id: int
    mention_id: int
    action: str
    detail: dict[str, object]


class UndoMixin(StoreBase):
    """Reverting rows of the ``audit`` table."""

    def undo_change(self, audit_id: int) -> Undone | None:
        """Revert the change audited as ``audit_id`` (None: unknown, already undone, or not
        an undoable kind of change)."""
        with self.tx() as conn:
            row = conn.execute(
                "SELECT mention_id, action, detail FROM audit WHERE id = ? AND undone = 0 "
                "AND action IN ('state', 'class', 'follow_up', 'labels', 'assign', 'note')",
                (audit_id,),
            ).fetchone()
            if row is None:
                return None
            mention_id, action, detail_text = row
            detail = json.loads(detail_text)
            if action == "follow_up":
                revert_follow_up(conn, detail)
            elif action in ("labels", "assign", "note"):
                revert_mark(conn, mention_id, action, detail)
            else:
                self._restore(conn, mention_id, action, detail)
            conn.execute("UPDATE audit SET undone = 1 WHERE id = ?", (audit_id,))
            self.write_audit(conn, mention_id, "undo", {"audit_id": audit_id, **detail})
        return Undone(audit_id, mention_id, action, detail)

    def _restore(
        self, conn: sqlite3.Connection, mention_id: int, action: str, detail: dict[str, Any]
    ) -> None:
        """Put back the mention's columns a state change or class correction overwrote."""
        if action == "state":
            restore = {"state": detail["from"], "snooze_until": detail["snooze_before"]}
        else:
            restore = {name: detail["before"][name] for name in CORRECTED_COLUMNS}
        restore["updated_at"] = self.now_text()
        assignments = ", ".join(f"{k} = :{k}" for k in restore)
        conn.execute(
            f"UPDATE mentions SET {assignments} WHERE id = :id", {**restore, "id": mention_id}
        )

    def undo_last_state_change(self) -> StateChange | None:
        """Revert the newest state change not yet undone, whoever made it and when (the app
        keeps its own per-session list and uses ``undo_change``)."""
        audit_id = self.scalar(
            "SELECT id FROM audit WHERE action = 'state' AND undone = 0 ORDER BY id DESC LIMIT 1"
        )
        undone = self.undo_change(int(audit_id)) if audit_id is not None else None
        if undone is None:
            return None
        return StateChange(
            undone.audit_id,
            undone.mention_id,
            MentionState(str(undone.detail["to"])),
            MentionState(str(undone.detail["from"])),
        )
