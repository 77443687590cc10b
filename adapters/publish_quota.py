"""A network's daily reply quota, as read from the network, for the composer to show.

Threads counts replies in a moving 24 h window (1 000 by default) and says how many are used
(``threads_publishing_limit``). An adapter that can tell offers ``reply_quota``; the UI asks in
a worker and shows "replies left today: 912 of 1000", or, once used up, when sending resumes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol, runtime_checkable


@dataclass(frozen=True, slots=True)
class ReplyQuota:
    """``used`` of ``total`` replies in the window, as read at ``checked_at``; when used up,
    the outbox tries again after ``retry_after`` (a slot frees as the window moves)."""

    used: int
    total: int
    checked_at: datetime
    retry_after: timedelta

    @property
    def left(self) -> int:
        """Replies that may still be sent now."""
        return max(self.total - self.used, 0)

    @property
    def resumes_at(self) -> datetime | None:
        """When a reply is tried again, if none is left now."""
        return self.checked_at + self.retry_after if self.left == 0 else None


@runtime_checkable
class QuotaTeller(Protocol):
    """An adapter that can read its reply quota."""

    async def reply_quota(self) -> ReplyQuota | None:
        """The quota now (``None``: the network did not say)."""
        ...
