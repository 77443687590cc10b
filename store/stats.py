"""Statistics: SQL aggregates over the mentions of a period, for ``analytics``.

Two covering indexes (migration 14, ``store/schema_stats.py``) serve them. The counts and the
volume are one pass over ``mentions_stats``: SQLite counts per hour, account, network, class
and state as it reads (the index is in that order, so no sort), and the small result is
summed into per-group counts and per-hour volume in the same statement. Response times are
read group by group from ``mentions_answers``, one range each; only the answered mentions'
two instants reach Python, as two floats, since nearest-rank percentiles and business hours
need every value.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from store.base import StoreBase
from store.guard import translate
from store.mentions import INBOX, WAITING
from store.timefmt import from_db, to_db

# A mention is spam by its class or by the person's "spam" state; spam is counted apart.
# Written as mentions_answers' WHERE is, so SQLite sees that index applies.
NOT_SPAM = "cls != 'spam' AND state != 'spam'"
SPAM_GROUP = "(cls = 'spam' OR state = 'spam')"
# julianday 0 is noon, 24 November 4714 BC; 2440587.5 days later is the POSIX epoch.
POSIX = "(julianday({}) - 2440587.5) * 86400.0"


@dataclass(frozen=True, slots=True)
class StatsFilter:
    """Which mentions count: empty tuples mean every network, class, account, assignee and
    label. A mention with any of ``labels`` counts; ``assignees`` as the team list spells
    them (``""`` is nobody)."""

    platforms: tuple[str, ...] = ()
    classes: tuple[str, ...] = ()
    accounts: tuple[str, ...] = ()
    assignees: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ClassCounts:
    """The counts of one class on one account's network over a period (spam only in
    ``spam``)."""

    account_id: str
    platform: str
    cls: str
    received: int
    spam: int
    closed: int
    answered: int
    sla_met: int
    sla_missed: int


@dataclass(frozen=True, slots=True)
class Tallies:
    """A period's counts per group and its volume per (UTC hour or quarter hour, stack)."""

    counts: list[ClassCounts]
    volume: list[tuple[datetime, str, int]]


@dataclass(frozen=True, slots=True)
class AuthorCount:
    """Someone who wrote often in the period: ``count`` mentions, ``praise`` of them praise."""

    account_id: str
    author_id: str
    handle: str
    name: str
    platform: str
    count: int
    praise: int


@dataclass(frozen=True, slots=True)
class Backlog:
    """What waits now (spam apart): how many, how many overdue, the median age's birth time."""

    open: int
    overdue: int
    median_created: datetime | None


def _where(flt: StatsFilter, params: dict[str, Any]) -> str:
    """The filter's SQL terms (each ``AND ...``), its values added to ``params``. A unary
    ``+`` keeps SQLite from seeking on them: the index range is the period's, and its order
    is what lets the counts be summed without a sort."""
    terms = []
    for column, values in (
        ("platform", flt.platforms),
        ("cls", flt.classes),
        ("account_id", flt.accounts),
        ("assignee", flt.assignees),
    ):
        if not values:
            continue
        names = []
        for value in values:
            name = f"f{len(params)}"
            params[name] = value
            names.append(f":{name}")
        terms.append(f" AND +{column} IN ({', '.join(names)})")
    likes = []
    for label in flt.labels:
        # Labels are stored space-separated with a space at each end (migration 7).
        name = f"f{len(params)}"
        params[name] = f"% {label.lower()} %"
        likes.append(f"lower(labels) LIKE :{name}")
    if likes:
        terms.append(f" AND ({' OR '.join(likes)})")
    return "".join(terms)


# Per (hour, group, state): everything the counts need, as few and as cheap expressions as
# can be. Per group: spam, closed and SLA follow from the state, so they are summed from the
# small first result, not worked out per mention.
_TALLY = """
WITH g AS MATERIALIZED (
    SELECT substr(created_at, 1, 13) AS hour, account_id, platform, cls, state, count(*) AS n,
        {quarters},
        sum(answered_at IS NOT NULL) AS answered, sum(answered_at <= due_at) AS met,
        sum(answered_at > due_at) AS late, sum(answered_at IS NULL AND due_at <= :now) AS due
    FROM mentions INDEXED BY mentions_stats
    WHERE substr(created_at, 1, 13) BETWEEN :first_hour AND :last_hour
        AND created_at >= :start AND created_at < :end AND gone = 0{where}
    GROUP BY hour, account_id, platform, cls, state
)
SELECT 'count', account_id, platform, cls, sum(n),
    sum(CASE WHEN {spam} THEN n ELSE 0 END),
    coalesce(sum(CASE WHEN {spam} THEN 0 WHEN state = 'done' THEN n - answered END), 0),
    coalesce(sum(CASE WHEN {spam} THEN 0 ELSE answered END), 0),
    coalesce(sum(CASE WHEN {spam} THEN 0 ELSE met END), 0),
    coalesce(sum(CASE WHEN {spam} THEN 0 ELSE coalesce(late, 0)
        + CASE WHEN state IN ('new', 'open', 'snoozed') THEN coalesce(due, 0) ELSE 0 END
    END), 0)
FROM g GROUP BY account_id, platform, cls
UNION ALL
SELECT 'volume', hour, NULL, CASE WHEN state = 'spam' THEN 'spam' ELSE cls END AS stack,
    sum(n), sum(q1), sum(q2), sum(q3), 0, 0
FROM g GROUP BY hour, stack
"""


class StatsMixin(StoreBase):
    """Aggregates for the Stats screen and ``replydesk report``."""

    def _tuples(self, sql: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
        # ``rows`` without ``sqlite3.Row``: plain tuples are quicker for a month of rows.
        with self.lock, translate(self.path):
            return self.conn.execute(sql, params).fetchall()

    def tallies(
        self, start: datetime, end: datetime, now: datetime, flt: StatsFilter, *, quarters: bool
    ) -> Tallies:
        """The mentions posted in ``[start, end)``, in one pass: per account, network and
        class, received, spam, closed without a reply, answered, and the SLA met or missed
        (missed: answered late, or unanswered and past due by ``now``; not yet due counts
        neither way); and how many of each class (spam its own stack) per UTC hour. With
        ``quarters`` the volume is per quarter hour, so the days and hours of a zone half or
        three quarters of an hour off UTC are sums of whole buckets."""
        params: dict[str, Any] = {
            "start": to_db(start),
            "end": to_db(end),
            "now": to_db(now),
            "first_hour": to_db(start)[:13],
            "last_hour": to_db(end)[:13],
        }
        # The minutes' text is compared: quarter hours are counted without a sort.
        minute = "substr(created_at, 15, 2)"
        quarters_sql = (
            f"sum({minute} BETWEEN '15' AND '29') AS q1, sum({minute} BETWEEN '30' AND '44') "
            f"AS q2, sum({minute} >= '45') AS q3"
            if quarters
            else "0 AS q1, 0 AS q2, 0 AS q3"
        )
        sql = _TALLY.format(
            quarters=quarters_sql,
            where=_where(flt, params),
            spam=SPAM_GROUP,
        )
        counts, volume = [], []
        for kind, a, b, c, n, *rest in self._tuples(sql, params):
            if kind == "count":
                counts.append(ClassCounts(a, b, c, int(n), *(int(v) for v in rest)))
                continue
            hour = datetime.fromisoformat(f"{a}:00+00:00")
            later = [int(v) for v in rest[:3]]
            if not quarters:
                volume.append((hour, c, int(n)))
                continue
            for quarter, count in enumerate((int(n) - sum(later), *later)):
                if count:
                    volume.append((hour + timedelta(minutes=15 * quarter), c, count))
        return Tallies(counts, volume)

    def answer_instants(
        self, start: datetime, end: datetime, flt: StatsFilter, group: tuple[str, str, str]
    ) -> list[tuple[float, float]]:
        """(posted, answered) as POSIX seconds for the answered, non-spam mentions of one
        (account, network, class) posted in ``[start, end)``: one range of
        ``mentions_answers``."""
        params: dict[str, Any] = {"start": to_db(start), "end": to_db(end)}
        params |= dict(zip(("account", "platform", "cls"), group, strict=True))
        return self._tuples(
            f"""SELECT {POSIX.format("created_at")}, {POSIX.format("answered_at")}
            FROM mentions INDEXED BY mentions_answers
            WHERE answered_at IS NOT NULL AND {NOT_SPAM}
                AND account_id = :account AND platform = :platform AND cls = :cls
                AND created_at >= :start AND created_at < :end AND gone = 0{_where(flt, params)}""",
            params,
        )

    def top_authors(
        self, start: datetime, end: datetime, flt: StatsFilter, limit: int
    ) -> tuple[list[AuthorCount], list[AuthorCount]]:
        """The ``limit`` people who wrote most often in the period (spam apart), and the
        ``limit`` who praised most often (advocates), from one grouping. Ties: by id."""
        params: dict[str, Any] = {
            "start": to_db(start),
            "end": to_db(end),
            "first_hour": to_db(start)[:13],
            "last_hour": to_db(end)[:13],
            "limit": limit,
        }
        found = self._tuples(
            f"""WITH people AS MATERIALIZED (
                SELECT account_id, author_id, count(*) AS n, sum(cls = 'praise') AS praise
                FROM mentions INDEXED BY mentions_stats
                WHERE substr(created_at, 1, 13) BETWEEN :first_hour AND :last_hour
                    AND created_at >= :start AND created_at < :end AND gone = 0
                    AND {NOT_SPAM}{_where(flt, params)}
                GROUP BY account_id, author_id
            )
            SELECT * FROM (SELECT 0, account_id, author_id, n, praise FROM people
                ORDER BY n DESC, author_id LIMIT :limit)
            UNION ALL
            SELECT * FROM (SELECT 1, account_id, author_id, praise, praise FROM people
                WHERE praise > 0 ORDER BY praise DESC, author_id LIMIT :limit)""",
            params,
        )
        ranked: tuple[list[AuthorCount], list[AuthorCount]] = ([], [])
        for advocates, account_id, author_id, n, praised in found:
            who = self.rows(
                "SELECT author_handle, author_name, platform FROM mentions "
                "WHERE account_id = ? AND author_id = ? ORDER BY created_at DESC LIMIT 1",
                (account_id, author_id),
            )[0]
            ranked[advocates].append(
                AuthorCount(account_id, author_id, who[0], who[1], who[2], int(n), int(praised))
            )
        return ranked

    def backlog(self, now: datetime, flt: StatsFilter) -> Backlog:
        """What waits for an answer now (whenever posted), spam apart."""
        params: dict[str, Any] = {"now": to_db(now)}
        where = f"{WAITING} AND rank_group >= {INBOX}" + _where(flt, params)
        row = self.rows(
            f"SELECT count(*), sum(due_at <= :now) FROM mentions WHERE {where}", params
        )[0]
        count, overdue = int(row[0] or 0), int(row[1] or 0)
        median: datetime | None = None
        if count:
            # Nearest rank again: the ceil(n / 2)-th oldest.
            params["skip"] = (count + 1) // 2 - 1
            stamp = self.scalar(
                f"SELECT created_at FROM mentions WHERE {where} "
                "ORDER BY created_at LIMIT 1 OFFSET :skip",
                params,
            )
            median = from_db(stamp)
        return Backlog(count, overdue, median)
