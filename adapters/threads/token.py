"""A Threads token with its age, which decides when it is refreshed and when it lapses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

# Refresh no earlier than Meta allows, and well before the 60 days run out.
REFRESH_AFTER = timedelta(hours=24)


@dataclass(frozen=True, slots=True)
class ThreadsToken:
    """A stored token, when it was issued, and when it expires (``None``: not known yet)."""

    token: str
    issued_at: datetime
    expires_at: datetime | None = None

    def due_for_refresh(self, now: datetime) -> bool:
        """Whether the token is old enough to refresh (and not yet expired)."""
        return now - self.issued_at >= REFRESH_AFTER and not self.expired(now)

    def expired(self, now: datetime) -> bool:
        """Whether the token is known to have expired."""
        return self.expires_at is not None and now >= self.expires_at
