"""Computing a period's figures from the store: the one place both the Stats screen and
``replydesk report`` get them from, so the two never disagree.

Blocking (SQLite): the screen calls it from a thread worker.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from itertools import chain, repeat
from math import ceil
from operator import attrgetter, sub

from analytics.business import business_times
from analytics.figures import ALL, CLASSES, VOLUME_KINDS, ClassFigures, DayVolume, Stats
from analytics.period import Period, midnight
from store import Store
from store.stats import ClassCounts, StatsFilter
from triage import SlaPolicy

TOP_PEOPLE = 5
HOUR = 3600.0
# Networks and accounts share the percentile groups with classes; a prefix keeps them apart.
NETWORK_PREFIX = "network:"
ACCOUNT_PREFIX = "account:"
PERCENTILES = {"median": 50, "p90": 90}
"""Nearest-rank percentiles: the value at position ceil(p·n) of the sorted times."""

Times = dict[str, dict[str, float | None]]
"""Per group (a class, a network, an account or ``ALL``): its median and p90, in seconds."""
Group = tuple[str, str, str]
"""(account, network, class): the finest group the store counts and times by."""


def nearest_rank(sorted_values: list[float], percent: int) -> float | None:
    """The value at position ceil(p·n) of ``sorted_values`` (``None`` when empty)."""
    if not sorted_values:
        return None
    return sorted_values[max(1, ceil(len(sorted_values) * percent / 100)) - 1]


def _keys(group: Group) -> tuple[str, ...]:
    """The figure groups a (account, network, class) group's answers count in."""
    account, platform, cls = group
    return (cls, NETWORK_PREFIX + platform, ACCOUNT_PREFIX + account, ALL)


def _merged(per_group: dict[Group, list[float]]) -> dict[str, list[float]]:
    """Each figure group's values, sorted: the sorted runs of its groups merged."""
    runs: dict[str, list[list[float]]] = defaultdict(list)
    for group, values in per_group.items():
        for key in _keys(group):
            runs[key].append(values)
    # Sorting concatenated sorted runs is a merge (Timsort finds the runs).
    return {key: sorted(chain.from_iterable(parts)) for key, parts in runs.items()}


def _percentiles(groups: dict[str, list[float]]) -> Times:
    return {
        group: {name: nearest_rank(values, p) for name, p in PERCENTILES.items()}
        for group, values in groups.items()
    }


@dataclass(frozen=True, slots=True)
class Answers:
    """What the answered mentions' times say, per figure group (a class, a network, an
    account or ``ALL``)."""

    wall: Times
    business: Times
    within_hour: dict[str, int]
    skewed: int


def _answers(instants: dict[Group, list[tuple[float, float]]], policy: SlaPolicy) -> Answers:
    """Wall-clock and business-hours percentiles, answers within the hour and answers
    stamped before their mention (counted as 0 s), from each group's (posted, answered)
    POSIX seconds. Times are rounded to the millisecond, so exactly an hour is an hour.
    Every wall-clock step over the values is a builtin's (map, sorted, bisect); business
    hours need one calendar lookup per answer."""
    wall: dict[Group, list[float]] = {}
    skewed = 0
    for group, pairs in instants.items():
        if not pairs:
            continue  # answered when counted, no longer (a sync wrote in between)
        posted, answered = zip(*pairs, strict=True)
        raw = sorted(map(round, map(sub, answered, posted), repeat(3)))
        skewed += bisect_left(raw, 0.0)
        # Skew counts as 0 s (and -0.0 reads as 0.0, as max(0.0, x) gives).
        zeros = bisect_right(raw, 0.0)
        wall[group] = [0.0] * zeros + raw[zeros:]
    merged = _merged(wall)
    within = {key: bisect_right(values, HOUR) for key, values in merged.items()}
    times = _percentiles(merged)
    business = times
    if policy.hours is not None:
        open_times = business_times(policy.hours, instants)
        business = _percentiles(_merged({g: sorted(v) for g, v in open_times.items()}))
    return Answers(times, business, within, skewed)


def _tally(counts: list[ClassCounts]) -> dict[str, int]:
    """The counts ``ClassFigures`` keeps, summed over ``counts``, spam taken out."""
    return {
        "received": sum(c.received - c.spam for c in counts),
        "answerable": sum(c.received - c.spam - c.closed for c in counts),
        "answered": sum(c.answered for c in counts),
        "closed": sum(c.closed for c in counts),
        "sla_met": sum(c.sla_met for c in counts),
        "sla_missed": sum(c.sla_missed for c in counts),
    }


def _figures(name: str, key: str, counts: list[ClassCounts], answers: Answers) -> ClassFigures:
    times, biz = answers.wall.get(key, {}), answers.business.get(key, {})
    return ClassFigures(
        name,
        **_tally(counts),
        within_hour=answers.within_hour.get(key, 0),
        median_s=times.get("median"),
        p90_s=times.get("p90"),
        business_median_s=biz.get("median"),
        business_p90_s=biz.get("p90"),
    )


def _volumes(
    buckets: list[tuple[datetime, str, int]], period: Period, zone: tzinfo
) -> tuple[tuple[DayVolume, ...], tuple[int, ...]]:
    per_day: dict[date, dict[str, int]] = {d: dict.fromkeys(VOLUME_KINDS, 0) for d in period.days}
    hours = [0] * 24
    for moment, kind, n in buckets:
        local = moment.astimezone(zone)
        day = per_day.get(local.date())
        if day is not None:
            day[kind if kind in day else "other"] += n
        hours[local.hour] += n
    return tuple(DayVolume(d, counts) for d, counts in per_day.items()), tuple(hours)


def _odd_offsets(period: Period, zone: tzinfo) -> bool:
    """Whether ``zone`` is ever a fraction of an hour off UTC in the period (India, Nepal)."""
    for day in period.days:
        offset = midnight(day, zone).astimezone(zone).utcoffset()
        if offset is not None and offset.total_seconds() % 3600:
            return True
    return False


def figures_zone(policy: SlaPolicy) -> tzinfo:
    """The zone days and hours are counted in: the business hours', else the computer's."""
    if policy.hours is not None:
        return policy.hours.zone
    return datetime.now().astimezone().tzinfo or UTC


def compute_stats(
    store: Store,
    period: Period,
    flt: StatsFilter,
    now: datetime,
    policy: SlaPolicy,
    zone: tzinfo,
) -> Stats:
    """Every figure of ``period`` for the mentions ``flt`` lets through, as of ``now``."""
    start, end = period.start, period.end
    tallies = store.tallies(start, end, now, flt, quarters=_odd_offsets(period, zone))
    counts = tallies.counts
    instants = {
        group: store.answer_instants(start, end, flt, group)
        for group in ((c.account_id, c.platform, c.cls) for c in counts if c.answered)
    }
    answers = _answers(instants, policy)

    def side_by_side(
        prefix: str, names: list[str], of: Callable[[ClassCounts], str]
    ) -> tuple[ClassFigures, ...]:
        return tuple(
            _figures(n, prefix + n, [c for c in counts if of(c) == n], answers) for n in names
        )

    classes = side_by_side("", list(CLASSES), attrgetter("cls"))
    networks = sorted({c.platform for c in counts})
    accounts = sorted({c.account_id for c in counts})
    days, hours = _volumes(tallies.volume, period, zone)
    backlog = store.backlog(now, flt)
    age = None if backlog.median_created is None else (now - backlog.median_created)
    engagers, advocates = store.top_authors(start, end, flt, TOP_PEOPLE)
    return Stats(
        period=period,
        filter=flt,
        now=now,
        zone=str(zone),
        business_hours=None if policy.hours is None else policy.hours.describe(),
        classes=(_figures(ALL, ALL, counts, answers), *classes),
        by_network=side_by_side(NETWORK_PREFIX, networks, attrgetter("platform")),
        by_account=side_by_side(ACCOUNT_PREFIX, accounts, attrgetter("account_id")),
        spam=sum(c.spam for c in counts),
        skewed=answers.skewed,
        open_now=backlog.open,
        overdue_now=backlog.overdue,
        median_open_age_s=None if age is None else max(0.0, age.total_seconds()),
        days=days,
        hours=hours,
        engagers=tuple(engagers),
        advocates=tuple(advocates),
        networks=tuple(networks),
        accounts=tuple(accounts),
    )
