"""Mentions: upsert from the network, the ranked queue and state changes (``store.undo``
reverts them).

The queue is ranked by a stored ``score`` (triage's priority at the last rescore) through the
``mentions_rank`` index. The time term only changes at known instants (``rescore_at``), so
``rescore(now)`` touches just the rows whose instant has passed: cheap enough for a timer.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from store.base import StoreBase
from store.models import MentionState, QueueCounts, StateChange, StoredMention
from store.rows import stored_from_row
from store.timefmt import opt_to_db, to_db
from triage import Due, MentionClass, rescore_at, score_at

# Waiting = nobody answered it and it is not put away (a snooze that ran out counts again).
# The first three terms are, word for word, the WHERE of the partial index ``mentions_rank``:
# SQLite uses a partial index only when the query repeats its condition.
WAITING = (
    "answered_at IS NULL AND gone = 0 AND state IN ('new', 'open', 'snoozed') "
    "AND (state != 'snoozed' OR snooze_until <= :now)"
)
RANKED = "ORDER BY rank_group DESC, score DESC, created_at DESC"
# Rank groups: overdue complaints lead whatever their score; spam has its own tab.
OVERDUE_COMPLAINTS, INBOX, SPAM = 2, 1, 0
# Rows rescored per step: its write takes a few milliseconds, so a page read between two steps
# never waits long (``bench.queue_store`` measures the longest wait at 1 M rows).
RESCORE_CHUNK = 64
RESCORE_MAX_CHUNKS = 100_000


@dataclass(frozen=True, slots=True)
class TriageFields:
    """What triage decided about a mention, as the store keeps it.

    ``priority`` is the time-independent part of the score; the store adds the time term
    (from ``due_at`` and ``at_risk_at``) when it ranks, and again whenever it changes.
    """

    cls: str
    sentiment: float
    reasons: tuple[str, ...]
    sla_rule: str
    due_at: datetime | None
    priority: float
    at_risk_at: datetime | None = None
    complaint_score: float = 0.0


def rank_columns(
    cls: str, base: float, due_at: datetime | None, at_risk_at: datetime | None, now: datetime
) -> dict[str, Any]:
    """``score``, ``rank_group`` and ``rescore_at`` of a mention as of ``now``."""
    kind = MentionClass(cls)
    deadline = Due(due_at, None, "", at_risk_at)
    if kind is MentionClass.SPAM:
        group = SPAM
    elif kind is MentionClass.COMPLAINT and due_at is not None and due_at <= now:
        group = OVERDUE_COMPLAINTS
    else:
        group = INBOX
    return {
        "score": score_at(base, kind, deadline, now),
        "rank_group": group,
        "rescore_at": opt_to_db(rescore_at(kind, deadline, now)),
    }


def _when(value: str | None) -> datetime | None:
    # ``opt_from_db`` in a hot loop: fromisoformat reads the stored form ~20× faster than
    # strptime, which matters when a long absence leaves many rows to rescore.
    return None if value is None else datetime.fromisoformat(value)


def triage_columns(fields: TriageFields, now: datetime) -> dict[str, Any]:
    """The columns triage owns, ranked as of ``now``."""
    return {
        "cls": fields.cls,
        "sentiment": fields.sentiment,
        "reasons": json.dumps(list(fields.reasons), ensure_ascii=False),
        "sla_rule": fields.sla_rule,
        "due_at": opt_to_db(fields.due_at),
        "at_risk_at": opt_to_db(fields.at_risk_at),
        "priority": fields.priority,
        "complaint_score": fields.complaint_score,
        **rank_columns(fields.cls, fields.priority, fields.due_at, fields.at_risk_at, now),
    }


class MentionsMixin(StoreBase):
    """The ``mentions`` table."""

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

    def rescore_pending(self, now: datetime) -> bool:
        """Whether some row's rank moved since its last rescore (one index probe)."""
        stamp = to_db(now)
        found = self.scalar("SELECT 1 FROM mentions WHERE rescore_at <= ? LIMIT 1", (stamp,))
        return found is not None

    def rescore(self, now: datetime) -> int:
        """Bring the score of every row whose ``rescore_at`` has passed up to ``now``.

        Returns how many rows were rescored; the result equals rescoring every row. The work
        goes ``RESCORE_CHUNK`` rows at a time, the most urgent instants first: a short read,
        the new ranks computed with the store free for others, then a short write that skips
        a row someone changed meanwhile (its writer ranked it). A page read waits for one
        such read or write at most, never for a whole long absence's rescore.
        """
        stamp = to_db(now)
        total = 0
        # Each chunk moves its rows' ``rescore_at`` past ``now``, so the loop always ends; the
        # bound (far above any store) guards against a rule that never moves a row on.
        for _ in range(RESCORE_MAX_CHUNKS):
            due_rows = self.rows(
                "SELECT id, cls, priority, due_at, at_risk_at, rescore_at FROM mentions "
                "WHERE rescore_at <= ? ORDER BY rescore_at LIMIT ?",
                (stamp, RESCORE_CHUNK),
            )
            if not due_rows:
                break
            updates = [
                {
                    **rank_columns(cls, base, _when(due), _when(risk), now),
                    "id": mention_id,
                    "cls": cls,
                    "base": base,
                    "was": was,
                }
                for mention_id, cls, base, due, risk, was in due_rows
            ]
            # In id order, the updates walk the table's B-tree instead of jumping about.
            updates.sort(key=lambda u: int(u["id"]))
            with self.tx() as conn:
                conn.executemany(
                    "UPDATE mentions SET score = :score, rank_group = :rank_group, "
                    "rescore_at = :rescore_at WHERE id = :id AND rescore_at = :was "
                    "AND cls = :cls AND priority = :base",
                    updates,
                )
            total += len(due_rows)
            if len(due_rows) < RESCORE_CHUNK:
                break
        return total

    def queue(
        self, now: datetime, limit: int = 500, keep: Collection[int] = (), *, spam: bool = False
    ) -> list[StoredMention]:
        """The ranked queue as of ``now`` (rescored first): overdue complaints, then by score,
        newest first on ties. ``spam`` gives the Spam tab instead of the inbox.

        ``keep`` adds mentions the person acted on this session, so rows change in place
        instead of vanishing under the cursor.
        """
        self.rescore(now)
        group = f"rank_group = {SPAM}" if spam else f"rank_group >= {INBOX}"
        params = {"now": to_db(now), "limit": limit}
        found = self.rows(
            f"SELECT * FROM mentions WHERE {WAITING} AND {group} {RANKED} LIMIT :limit", params
        )
        extra = sorted(set(keep) - {row["id"] for row in found})
        if extra:
            marks = ", ".join("?" * len(extra))
            found += self.rows(f"SELECT * FROM mentions WHERE id IN ({marks}) AND {group}", extra)
            found.sort(key=lambda r: (r["rank_group"], r["score"], r["created_at"]), reverse=True)
        return [stored_from_row(r) for r in found]

    def counts(self, now: datetime) -> QueueCounts:
        """How many mentions wait (spam apart), how many are at risk, overdue, and spam.

        Four counts, each answered by a covering index (no table row is read), so the UI
        thread can ask for them with every queue load.
        """
        params = {"now": to_db(now)}

        def count(condition: str) -> int:
            sql = f"SELECT count(*) FROM mentions WHERE {WAITING} AND {condition}"
            return int(self.scalar(sql, params) or 0)

        return QueueCounts(
            open=count(f"rank_group >= {INBOX}"),
            # Spam is never due, so the due-time counts are the inbox's without asking.
            overdue=count("due_at <= :now"),
            at_risk=count("due_at > :now AND at_risk_at <= :now"),
            spam=count(f"rank_group = {SPAM}"),
        )

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
