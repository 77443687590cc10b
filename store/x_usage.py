"""What an X account did in a period that X bills for: replies and DMs sent, posts and DMs read.

The sends are the outbox's rows marked sent in the period (their text decides the price: a
link costs more); the reads are the X mentions first stored in the period, each of which X
billed as one post or one DM event read. Thread lookups and reconcile listings are not kept,
so the reads are a floor (the README says so). Both queries read the indexes of migration 9
(``store/schema_x_spend.py``), so the composer may ask on the UI thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from store.base import StoreBase
from store.timefmt import to_db


@dataclass(frozen=True, slots=True)
class XUsage:
    """One account's billable X activity in a period."""

    sent: tuple[tuple[bool, str], ...]  # (a DM?, the text) of each send
    posts_read: int
    dms_read: int


class XUsageMixin(StoreBase):
    """The counts behind X's monthly spend."""

    def x_usage(self, account_id: str, start: datetime, end: datetime) -> XUsage:
        """What ``account_id`` sent and read on X in ``[start, end)``."""
        span = (account_id, to_db(start), to_db(end))
        sent = self.rows(
            "SELECT m.kind = 'direct', o.text FROM outbox o JOIN mentions m ON m.id = o.mention_id "
            "WHERE o.account_id = ? AND o.status = 'sent' AND o.sent_at >= ? AND o.sent_at < ? "
            "AND m.platform = 'x'",
            span,
        )
        reads = self.rows(
            "SELECT kind = 'direct', count(*) FROM mentions WHERE account_id = ? "
            "AND first_seen_at >= ? AND first_seen_at < ? AND platform = 'x' GROUP BY 1",
            span,
        )
        counts = {bool(direct): int(n) for direct, n in reads}
        return XUsage(
            tuple((bool(direct), str(text)) for direct, text in sent),
            counts.get(False, 0),
            counts.get(True, 0),
        )
