"""Mentions: upsert from the network, the ranked queue, state changes and their undo."""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime

from adapters.records import Mention
from store.base import StoreBase
from store.models import MentionState, QueueCounts, StateChange, StoredMention
from store.rows import mention_columns, stored_from_row
from store.timefmt import opt_to_db, to_db

# Waiting = nobody answered it and it is not put away (a snooze that ran out counts again).
WAITING = (
    "answered_at IS NULL AND gone = 0 AND (state IN ('new', 'open') "
    "OR (state = 'snoozed' AND snooze_until <= :now))"
)


@dataclass(frozen=True, slots=True)
class TriageFields:
    """What triage decided about a mention, as the store keeps it.

    ``priority`` is the time-independent part of the score; the queue puts overdue items first
    by comparing ``due_at`` with now at query time, so nothing goes stale.
    """

    cls: str
    sentiment: float
    reasons: tuple[str, ...]
    sla_rule: str
    due_at: datetime | None
    priority: float


class MentionsMixin(StoreBase):
    """The ``mentions`` table."""

    def upsert_mentions(self, items: Sequence[tuple[Mention, TriageFields]]) -> list[int]:
        """Insert or refresh mentions by ``(account, remote_id)`` in one transaction.

        A re-sync refreshes what the network owns but never a person's class correction or
        the state they set. Returns the ids of mentions that were new.
        """
        created: list[int] = []
        now = self.now_text()
        with self.tx() as conn:
            for mention, fields in items:
                columns = mention_columns(mention)
                existing = conn.execute(
                    "SELECT id, cls_source, answered_at FROM mentions "
                    "WHERE account_id = ? AND remote_id = ?",
                    (mention.account_id, mention.remote_id),
                ).fetchone()
                triage_cols = {
                    "cls": fields.cls,
                    "sentiment": fields.sentiment,
                    "reasons": json.dumps(list(fields.reasons), ensure_ascii=False),
                    "sla_rule": fields.sla_rule,
                    "due_at": opt_to_db(fields.due_at),
                    "priority": fields.priority,
                }
                if existing is None:
                    row = {**columns, **triage_cols, "first_seen_at": now, "updated_at": now}
                    row["state"] = MentionState.DONE if mention.answered_at else MentionState.NEW
                    names = ", ".join(row)
                    marks = ", ".join(f":{k}" for k in row)
                    cursor = conn.execute(f"INSERT INTO mentions ({names}) VALUES ({marks})", row)
                    created.append(int(cursor.lastrowid or 0))
                    continue
                mention_id, cls_source, answered_at = existing
                update = dict(columns)
                if cls_source == "human":
                    # A person's correction outlives every re-sync.
                    triage_cols = {"sentiment": fields.sentiment, "priority": fields.priority}
                update.update(triage_cols)
                if answered_at and not mention.answered_at:
                    # The network may omit what we already learned; keep it.
                    del update["answered_at"], update["answered_by"]
                update["updated_at"] = now
                assignments = ", ".join(f"{k} = :{k}" for k in update)
                conn.execute(
                    f"UPDATE mentions SET {assignments} WHERE id = :id",
                    {**update, "id": mention_id},
                )
        return created

    def get_mention(self, mention_id: int) -> StoredMention | None:
        """One mention by its local id."""
        found = self.rows("SELECT * FROM mentions WHERE id = ?", (mention_id,))
        return stored_from_row(found[0]) if found else None

    def find_mention(self, account_id: str, remote_id: str) -> StoredMention | None:
        """One mention by its network identity."""
        found = self.rows(
            "SELECT * FROM mentions WHERE account_id = ? AND remote_id = ?",
            (account_id, remote_id),
        )
        return stored_from_row(found[0]) if found else None

    def queue(
        self, now: datetime, limit: int = 500, keep: Collection[int] = ()
    ) -> list[StoredMention]:
        """The ranked queue: overdue first, then by priority, newest first on ties.

        ``keep`` adds mentions the person acted on this session, so rows change in place
        instead of vanishing under the cursor.
        """
        keep_ids = ",".join(str(int(i)) for i in keep) or "NULL"
        sql = (
            f"SELECT * FROM mentions WHERE ({WAITING}) OR id IN ({keep_ids}) "
            "ORDER BY (due_at IS NOT NULL AND due_at <= :now) DESC, priority DESC, "
            "created_at DESC LIMIT :limit"
        )
        return [stored_from_row(r) for r in self.rows(sql, {"now": to_db(now), "limit": limit})]

    def counts(self, now: datetime) -> QueueCounts:
        """How many mentions wait, and how many of them are overdue."""
        params = {"now": to_db(now)}
        waiting = self.scalar(f"SELECT count(*) FROM mentions WHERE {WAITING}", params)
        overdue = self.scalar(
            f"SELECT count(*) FROM mentions WHERE {WAITING} AND due_at <= :now", params
        )
        return QueueCounts(open=int(waiting or 0), overdue=int(overdue or 0))

    def other_waiting(self, account_id: str, author_id: str, remote_id: str) -> int:
        """How many other mentions of the same author still wait (repeat contact)."""
        value = self.scalar(
            f"SELECT count(*) FROM mentions WHERE account_id = :a AND author_id = :au "
            f"AND remote_id != :r AND {WAITING}",
            {"a": account_id, "au": author_id, "r": remote_id, "now": self.now_text()},
        )
        return int(value or 0)

    def set_state(
        self, mention_id: int, state: MentionState, snooze_until: datetime | None = None
    ) -> StateChange:
        """Change a mention's state; audited and undoable."""
        with self.tx() as conn:
            row = conn.execute(
                "SELECT state, snooze_until FROM mentions WHERE id = ?", (mention_id,)
            ).fetchone()
            if row is None:
                raise KeyError(mention_id)
            before, before_snooze = MentionState(row[0]), row[1]
            conn.execute(
                "UPDATE mentions SET state = ?, snooze_until = ?, updated_at = ? WHERE id = ?",
                (state.value, opt_to_db(snooze_until), self.now_text(), mention_id),
            )
            detail = {
                "from": before.value,
                "to": state.value,
                "snooze_before": before_snooze,
                "snooze_until": opt_to_db(snooze_until),
            }
            audit_id = self.write_audit(conn, mention_id, "state", detail)
        return StateChange(audit_id, mention_id, before, state)

    def undo_last_state_change(self) -> StateChange | None:
        """Revert the newest state change not yet undone (None when there is nothing to undo)."""
        with self.tx() as conn:
            row = conn.execute(
                "SELECT id, mention_id, detail FROM audit "
                "WHERE action = 'state' AND undone = 0 ORDER BY id DESC LIMIT 1"
            ).fetchone()
            if row is None:
                return None
            audit_id, mention_id, detail_text = row
            detail = json.loads(detail_text)
            conn.execute(
                "UPDATE mentions SET state = ?, snooze_until = ?, updated_at = ? WHERE id = ?",
                (detail["from"], detail["snooze_before"], self.now_text(), mention_id),
            )
            conn.execute("UPDATE audit SET undone = 1 WHERE id = ?", (audit_id,))
            self.write_audit(conn, mention_id, "undo", {"audit_id": audit_id, **detail})
        return StateChange(
            audit_id, mention_id, MentionState(detail["to"]), MentionState(detail["from"])
        )

    def mark_answered(self, mention_id: int, at: datetime, by: str) -> None:
        """Record that the brand answered (here or elsewhere): the mention stops waiting."""
        with self.tx() as conn:
            conn.execute(
                "UPDATE mentions SET answered_at = ?, answered_by = ?, state = 'done', "
                "updated_at = ? WHERE id = ?",
                (to_db(at), by, self.now_text(), mention_id),
            )
            self.write_audit(conn, mention_id, "answered", {"at": to_db(at), "by": by})

    def mark_gone(self, mention_id: int, reason: str) -> None:
        """The post was deleted or became unreachable: it leaves the queue, never retried."""
        with self.tx() as conn:
            conn.execute(
                "UPDATE mentions SET gone = 1, updated_at = ? WHERE id = ?",
                (self.now_text(), mention_id),
            )
            self.write_audit(conn, mention_id, "gone", {"reason": reason})
