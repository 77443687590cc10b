"""Drafts (autosaved as the person types) and the outbox of approved replies.

A reply is written here, with its idempotency key, before any network call. A row is marked
``sending`` before the request; one found ``sending`` later had an unknown outcome and is
reconciled with the network before any retry (see ``sync.push``).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from datetime import datetime

from adapters.records import Account, SentReply
from store.base import StoreBase
from store.models import OutboxItem, OutboxStatus
from store.rows import outbox_from_row
from store.timefmt import from_db, opt_to_db, to_db


class AlreadyQueued(Exception):
    """A reply to this mention is already on its way; a second one is refused."""


def new_idempotency_key(now: datetime) -> str:
    """A unique key that also carries its creation time (Bluesky derives its record key from it)."""
    micros = int(now.timestamp() * 1_000_000)
    return f"rd-{micros}-{uuid.uuid4().hex[:12]}"


class OutboxMixin(StoreBase):
    """The ``drafts`` and ``outbox`` tables."""

    def save_draft(self, mention_id: int, text: str) -> None:
        """Autosave a draft; an empty draft is forgotten."""
        with self.tx() as conn:
            if text.strip():
                conn.execute(
                    "INSERT INTO drafts (mention_id, text, updated_at) VALUES (?, ?, ?) "
                    "ON CONFLICT (mention_id) DO UPDATE SET text = excluded.text, "
                    "updated_at = excluded.updated_at",
                    (mention_id, text, self.now_text()),
                )
            else:
                conn.execute("DELETE FROM drafts WHERE mention_id = ?", (mention_id,))

    def draft(self, mention_id: int) -> str:
        """The saved draft of a mention ("" when none)."""
        value = self.scalar("SELECT text FROM drafts WHERE mention_id = ?", (mention_id,))
        return str(value) if value is not None else ""

    def enqueue_reply(
        self,
        mention_id: int,
        account_id: str,
        text: str,
        *,
        override_reason: str = "",
        findings: Sequence[dict[str, object]] = (),
        private: bool = False,
    ) -> OutboxItem:
        """Put an approved reply in the outbox and clear its draft, atomically (``private``:
        sent to the author alone, as the network's private reply)."""
        now = self.clock()
        with self.tx() as conn:
            pending = conn.execute(
                "SELECT count(*) FROM outbox WHERE mention_id = ? AND status IN "
                "('queued', 'sending')",
                (mention_id,),
            ).fetchone()[0]
            if pending:
                raise AlreadyQueued(f"A reply to mention {mention_id} is already being sent.")
            key = new_idempotency_key(now)
            cursor = conn.execute(
                "INSERT INTO outbox (mention_id, account_id, text, idempotency_key, status, "
                "override_reason, findings, created_at, updated_at, private) "
                "VALUES (?, ?, ?, ?, 'queued', ?, ?, ?, ?, ?)",
                (
                    mention_id,
                    account_id,
                    text,
                    key,
                    override_reason,
                    json.dumps(list(findings), ensure_ascii=False),
                    to_db(now),
                    to_db(now),
                    int(private),
                ),
            )
            outbox_id = int(cursor.lastrowid or 0)
            conn.execute("DELETE FROM drafts WHERE mention_id = ?", (mention_id,))
            detail: dict[str, object] = {"outbox_id": outbox_id, "key": key}
            if private:
                detail["private"] = True
            if override_reason:
                detail |= {"override_reason": override_reason, "findings": list(findings)}
            self.write_audit(conn, mention_id, "reply_queued", detail)
        item = self.outbox_item(outbox_id)
        assert item is not None
        return item

    def set_network_ref(self, outbox_id: int, ref: str) -> None:
        """Keep what the network prepared for a reply, before it is posted."""
        with self.tx() as conn:
            conn.execute(
                "UPDATE outbox SET network_ref = ?, updated_at = ? WHERE id = ?",
                (ref, to_db(self.clock()), outbox_id),
            )

    def outbox_item(self, outbox_id: int) -> OutboxItem | None:
        """One outbox row."""
        found = self.rows("SELECT * FROM outbox WHERE id = ?", (outbox_id,))
        return outbox_from_row(found[0]) if found else None

    def outbox_for(self, mention_id: int) -> list[OutboxItem]:
        """Every reply ever queued for a mention, oldest first."""
        found = self.rows("SELECT * FROM outbox WHERE mention_id = ? ORDER BY id", (mention_id,))
        return [outbox_from_row(r) for r in found]

    def in_flight(self) -> list[OutboxItem]:
        """Rows left ``sending``: their outcome is unknown until reconciled."""
        found = self.rows("SELECT * FROM outbox WHERE status = 'sending' ORDER BY id")
        return [outbox_from_row(r) for r in found]

    def claim_next(self, now: datetime) -> OutboxItem | None:
        """Mark the oldest due ``queued`` row ``sending`` (one attempt more) and return it."""
        with self.tx() as conn:
            row = conn.execute(
                "SELECT id FROM outbox WHERE status = 'queued' AND "
                "(next_attempt_at IS NULL OR next_attempt_at <= ?) ORDER BY id LIMIT 1"
                + self.dialect.claim_rows,
                (to_db(now),),
            ).fetchone()
            if row is None:
                return None
            conn.execute(
                "UPDATE outbox SET status = 'sending', attempts = attempts + 1, updated_at = ? "
                "WHERE id = ?",
                (to_db(now), row[0]),
            )
        return self.outbox_item(row[0])

    def next_attempt_at(self) -> datetime | None:
        """When the earliest waiting reply may be tried (None: nothing waits)."""
        row = self.rows(
            "SELECT count(*) AS waiting, sum(next_attempt_at IS NULL) AS ready, "
            "min(next_attempt_at) AS earliest FROM outbox WHERE status = 'queued'"
        )[0]
        if not row["waiting"]:
            return None
        return self.clock() if row["ready"] else from_db(row["earliest"])

    def mark_sent(self, item: OutboxItem, sent: SentReply, brand: Account) -> None:
        """The network has the reply: close the row, answer the mention, show it in the thread."""
        brand_name = brand.at_handle  # "already answered by @brand": who a reader can look up
        with self.tx() as conn:
            conn.execute(
                "UPDATE outbox SET status = 'sent', sent_remote_id = ?, sent_url = ?, "
                "sent_at = ?, last_error = '', updated_at = ? WHERE id = ?",
                (sent.remote_id, sent.url, to_db(sent.created_at), self.now_text(), item.id),
            )
            conn.execute(
                "UPDATE mentions SET answered_at = ?, answered_by = ?, state = 'done', "
                "updated_at = ? WHERE id = ?",
                (to_db(sent.created_at), brand_name, self.now_text(), item.mention_id),
            )
            position = conn.execute(
                "SELECT coalesce(max(position), -1) + 1 FROM thread_posts WHERE mention_id = ?",
                (item.mention_id,),
            ).fetchone()[0]
            conn.execute(
                "INSERT INTO thread_posts (mention_id, position, remote_id, author_handle, "
                "author_name, text, created_at, is_brand) VALUES (?, ?, ?, ?, ?, ?, ?, 1)",
                (
                    item.mention_id,
                    position,
                    sent.remote_id,
                    brand.handle,
                    brand.display_name,
                    sent.text,
                    to_db(sent.created_at),
                ),
            )
            self.write_audit(
                conn,
                item.mention_id,
                "sent",
                {"outbox_id": item.id, "remote_id": sent.remote_id, "attempts": item.attempts},
            )

    def requeue(self, item: OutboxItem, error: str, retry_at: datetime | None) -> None:
        """Put a row back in line after a fault that may heal (network, rate limit)."""
        with self.tx() as conn:
            conn.execute(
                "UPDATE outbox SET status = 'queued', last_error = ?, next_attempt_at = ?, "
                "updated_at = ? WHERE id = ?",
                (error, opt_to_db(retry_at), self.now_text(), item.id),
            )

    def mark_failed(self, item: OutboxItem, error: str) -> None:
        """A fault that will not heal by itself: stop retrying and give the text back as draft."""
        with self.tx() as conn:
            conn.execute(
                "UPDATE outbox SET status = 'failed', last_error = ?, updated_at = ? WHERE id = ?",
                (error, self.now_text(), item.id),
            )
            conn.execute(
                "INSERT INTO drafts (mention_id, text, updated_at) VALUES (?, ?, ?) "
                "ON CONFLICT (mention_id) DO NOTHING",
                (item.mention_id, item.text, self.now_text()),
            )
            self.write_audit(
                conn, item.mention_id, "send_failed", {"outbox_id": item.id, "error": error}
            )

    def pending_statuses(self, mention_ids: Sequence[int]) -> dict[int, OutboxStatus]:
        """The newest outbox status of each mention that has one."""
        if not mention_ids:
            return {}
        marks = ",".join("?" * len(mention_ids))
        found = self.rows(
            f"SELECT mention_id, status FROM outbox WHERE id IN (SELECT max(id) FROM outbox "
            f"WHERE mention_id IN ({marks}) GROUP BY mention_id)",
            list(mention_ids),
        )
        return {row["mention_id"]: OutboxStatus(row["status"]) for row in found}
