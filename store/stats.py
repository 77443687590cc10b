"""Statistics: SQL aggregates over the mentions of a period, for ``analytics``.

Every query reads the covering index ``mentions_created`` (created_at first, then every column
the aggregates read), so a month of a million-mention store is summed without touching a table
row. Percentiles come from window functions; only the business-hours response times (which
need the opening calendar) are handed back row by row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from store.base import StoreBase
from store.guard import translate
from store.mentions import INBOX, WAITING
from store.timefmt import from_db, to_db

# A mention is spam by its class or by the person's "spam" state; spam is counted apart.
SPAM = "(cls = 'spam' OR state = 'spam')"
# Closed without a reply: marked done by a person, never answered here or elsewhere.
CLOSED = "(state = 'done' AND answered_at IS NULL)"
ANSWERED = f"(NOT {SPAM} AND answered_at IS NOT NULL)"
# julianday 0 is noon, 24 November 4714 BC; this many days later is the POSIX epoch.
EPOCH_JULIAN = 2440587.5


@dataclass(frozen=True, slots=True)
class StatsFilter:
    """Which mentions count: empty tuples mean every network, class and account."""

    platforms: tuple[str, ...] = ()
    classes: tuple[str, ...] = ()
    accounts: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ClassCounts:
    """The counts of one class on one network over a period (spam only in ``spam``)."""

    cls: str
    platform: str
    received: int
    spam: int
    closed: int
    answered: int
    sla_met: int
    sla_missed: int


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
    """The filter's SQL terms (each ``AND ...``), its values added to ``params``."""
    terms = []
    for column, values in (
        ("platform", flt.platforms),
        ("cls", flt.classes),
        ("account_id", flt.accounts),
    ):
        if not values:
            continue
        names = []
        for value in values:
            name = f"{column}{len(params)}"
            params[name] = value
            names.append(f":{name}")
        terms.append(f" AND {column} IN ({', '.join(names)})")
    return "".join(terms)


class StatsMixin(StoreBase):
    """Aggregates for the Stats screen and ``replydesk report``."""

    def _period(
        self, start: datetime, end: datetime, flt: StatsFilter, now: datetime | None = None
    ) -> tuple[str, dict[str, Any]]:
        params: dict[str, Any] = {"start": to_db(start), "end": to_db(end)}
        if now is not None:
            params["now"] = to_db(now)
        where = "created_at >= :start AND created_at < :end AND gone = 0" + _where(flt, params)
        return where, params

    def _tuples(self, sql: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
        # ``rows`` without ``sqlite3.Row``: plain tuples are quicker for a month of rows.
        with self.lock, translate(self.path):
            return self.conn.execute(sql, params).fetchall()

    def class_counts(
        self, start: datetime, end: datetime, now: datetime, flt: StatsFilter
    ) -> list[ClassCounts]:
        """Per class and network, the mentions posted in ``[start, end)``: received, spam,
        closed without a reply, answered, and the SLA met or missed (missed: answered late,
        or unanswered and past due by ``now``; not yet due counts neither way)."""
        where, params = self._period(start, end, flt, now)
        live = "NOT " + SPAM
        found = self.rows(
            f"""SELECT cls, platform, count(*),
                sum({SPAM}),
                sum({live} AND {CLOSED}),
                sum({ANSWERED}),
                sum({live} AND due_at IS NOT NULL AND answered_at IS NOT NULL
                    AND answered_at <= due_at),
                sum({live} AND due_at IS NOT NULL AND (answered_at > due_at OR
                    (answered_at IS NULL AND state IN ('new', 'open', 'snoozed')
                     AND due_at <= :now)))
            FROM mentions INDEXED BY mentions_created WHERE {where} GROUP BY cls, platform""",
            params,
        )
        return [
            ClassCounts(row[0], row[1], *(int(v or 0) for v in tuple(row)[2:])) for row in found
        ]

    def response_times(
        self, start: datetime, end: datetime, flt: StatsFilter
    ) -> list[tuple[str, str, float, float]]:
        """(class, network, posted, answered) as POSIX seconds for every answered non-spam
        mention of the period. Percentiles, answers within the hour and clock skew are taken
        from these sorted in Python: several times quicker than SQLite's window functions and
        per-row date arithmetic, and business-hours times need the opening calendar anyway."""
        where, params = self._period(start, end, flt)
        found = self._tuples(
            f"""SELECT cls, platform, julianday(created_at), julianday(answered_at)
            FROM mentions INDEXED BY mentions_created WHERE {where} AND {ANSWERED}""",
            params,
        )
        day = 86400.0
        return [
            (cls, platform, (posted - EPOCH_JULIAN) * day, (answered - EPOCH_JULIAN) * day)
            for cls, platform, posted, answered in found
        ]

    def volume_buckets(
        self, start: datetime, end: datetime, flt: StatsFilter, *, quarters: bool
    ) -> list[tuple[datetime, str, int]]:
        """(hour in UTC, class, mentions) over the period, spam included. With ``quarters``
        the buckets are quarter hours, so the days and hours of a zone half or three quarters
        of an hour off UTC are sums of whole buckets (a quarter slower)."""
        where, params = self._period(start, end, flt)
        if quarters:
            bucket = (
                "substr(created_at, 1, 14) || (CAST(substr(created_at, 15, 2) AS INTEGER) / 15)"
            )
        else:
            bucket = "substr(created_at, 1, 13)"
        found = self._tuples(
            f"""SELECT {bucket} AS bucket,
                       CASE WHEN state = 'spam' THEN 'spam' ELSE cls END AS stack, count(*)
            FROM mentions INDEXED BY mentions_created WHERE {where}
            GROUP BY bucket, stack""",
            params,
        )
        out = []
        for bucket_text, stack, n in found:
            hour = datetime.strptime(bucket_text[:13], "%Y-%m-%dT%H").replace(tzinfo=UTC)
            if quarters:
                hour = hour.replace(minute=15 * int(bucket_text[14:]))
            out.append((hour, stack, int(n)))
        return out

    def top_authors(
        self, start: datetime, end: datetime, flt: StatsFilter, limit: int, *, praise: bool
    ) -> list[AuthorCount]:
        """The ``limit`` people who wrote most often in the period (spam apart); with
        ``praise``, those who praised most often (advocates). Ties: fewer first by id."""
        where, params = self._period(start, end, flt)
        params["limit"] = limit
        only = " AND cls = 'praise'" if praise else ""
        found = self.rows(
            f"""SELECT account_id, author_id, count(*) AS n, sum(cls = 'praise')
            FROM mentions INDEXED BY mentions_created
            WHERE {where} AND NOT {SPAM}{only}
            GROUP BY account_id, author_id ORDER BY n DESC, author_id LIMIT :limit""",
            params,
        )
        people = []
        for account_id, author_id, n, praised in found:
            who = self.rows(
                "SELECT author_handle, author_name, platform FROM mentions "
                "WHERE account_id = ? AND author_id = ? ORDER BY created_at DESC LIMIT 1",
                (account_id, author_id),
            )[0]
            people.append(
                AuthorCount(account_id, author_id, who[0], who[1], who[2], int(n), int(praised))
            )
        return people

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
