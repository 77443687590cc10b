"""Who is talking to us: an author's history with the brand, from the mentions stored.

One indexed read per author (``mentions_author``: account, author), cheap enough to run as
the cursor moves. Tags follow the advice given to social teams: frequent engagers, advocates
(praise and no open complaint) and people at risk (repeated complaints).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from store.base import StoreBase
from store.mentions import WAITING
from store.timefmt import opt_from_db, to_db

FREQUENT_MENTIONS = 3
"""Mentions in the last 30 days that make a frequent engager."""
ADVOCATE_PRAISE = 2
"""Praising mentions (and no open complaint) that make an advocate."""
AT_RISK_COMPLAINTS = 2
"""Complaints in the last 30 days that put a person at risk."""
RECENT = timedelta(days=30)


@dataclass(frozen=True, slots=True)
class AuthorStats:
    """An author's mentions of the brand, counted."""

    mentions: int
    recent: int
    complaints: int
    recent_complaints: int
    praise: int
    open_complaints: int
    first_seen: datetime | None
    last_answered: datetime | None

    @property
    def tags(self) -> tuple[str, ...]:
        """ "frequent engager", "advocate", "at risk", as the history shows."""
        return tags_of(self.recent, self.praise, self.open_complaints, self.recent_complaints)


def tags_of(
    recent: int, praise: int, open_complaints: int, recent_complaints: int
) -> tuple[str, ...]:
    """The tags an author's counts earn (the author card and the People screen agree)."""
    found = []
    if recent >= FREQUENT_MENTIONS:
        found.append("frequent engager")
    if praise >= ADVOCATE_PRAISE and not open_complaints:
        found.append("advocate")
    if recent_complaints >= AT_RISK_COMPLAINTS:
        found.append("at risk")
    return tuple(found)


class PeopleMixin(StoreBase):
    """Authors' histories."""

    def author_stats(self, account_id: str, author_id: str, now: datetime) -> AuthorStats:
        """What the store knows of ``author_id`` on ``account_id`` as of ``now``."""
        since = to_db(now - RECENT)
        row = self.rows(
            "SELECT count(*) AS n, sum(created_at >= :since) AS recent, "
            "sum(cls = 'complaint') AS complaints, "
            "sum(cls = 'complaint' AND created_at >= :since) AS recent_complaints, "
            "sum(cls = 'praise') AS praise, "
            f"sum(cls = 'complaint' AND {WAITING}) AS open_complaints, "
            "min(first_seen_at) AS first_seen, max(answered_at) AS last_answered "
            "FROM mentions WHERE account_id = :account AND author_id = :author",
            {"account": account_id, "author": author_id, "since": since, "now": to_db(now)},
        )[0]
        return AuthorStats(
            mentions=int(row["n"]),
            recent=int(row["recent"] or 0),
            complaints=int(row["complaints"] or 0),
            recent_complaints=int(row["recent_complaints"] or 0),
            praise=int(row["praise"] or 0),
            open_complaints=int(row["open_complaints"] or 0),
            first_seen=opt_from_db(row["first_seen"]),
            last_answered=opt_from_db(row["last_answered"]),
        )
