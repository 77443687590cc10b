"""Computing a period's figures from the store: the one place both the Stats screen and
``replydesk report`` get them from, so the two never disagree.

Blocking (SQLite): the screen calls it from a thread worker.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from math import ceil

from analytics.business import business_seconds
from analytics.figures import ALL, CLASSES, VOLUME_KINDS, ClassFigures, DayVolume, Stats
from analytics.period import Period, midnight
from store import Store
from store.stats import ClassCounts, StatsFilter
from triage import SlaPolicy

TOP_PEOPLE = 5
HOUR = 3600.0
# Networks share the percentile groups with classes; the prefix keeps them apart.
NETWORK_PREFIX = "network:"
PERCENTILES = {"median": 50, "p90": 90}
"""Nearest-rank percentiles: the value at position ceil(p·n) of the sorted times."""

Times = dict[str, dict[str, float | None]]
"""Per group (a class, a network or ``ALL``): its median and p90, in seconds."""


def nearest_rank(sorted_values: list[float], percent: int) -> float | None:
    """The value at position ceil(p·n) of ``sorted_values`` (``None`` when empty)."""
    if not sorted_values:
        return None
    return sorted_values[max(1, ceil(len(sorted_values) * percent / 100)) - 1]


def _percentiles(groups: dict[str, list[float]]) -> Times:
    out: Times = {}
    for group, values in groups.items():
        values.sort()
        out[group] = {name: nearest_rank(values, p) for name, p in PERCENTILES.items()}
    return out


@dataclass(frozen=True, slots=True)
class Answers:
    """What the answered mentions' times say, per group (a class, a network or ``ALL``)."""

    wall: Times
    business: Times
    within_hour: dict[str, int]
    skewed: int


def _response_times(rows: list[tuple[str, str, float, float]], policy: SlaPolicy) -> Answers:
    """Wall-clock and business-hours percentiles, answers within the hour (per group) and
    answers stamped before their mention (counted as 0 s), from (class, network, posted,
    answered) rows. Times are rounded to the millisecond, so exactly an hour is an hour."""
    raw = [round(answered - posted, 3) for _, _, posted, answered in rows]
    groups: dict[str, list[float]] = defaultdict(list)
    for (cls, platform, _, _), seconds in zip(rows, raw, strict=True):
        value = max(0.0, seconds)
        groups[cls].append(value)
        groups[NETWORK_PREFIX + platform].append(value)
    groups[ALL] = [max(0.0, seconds) for seconds in raw]
    wall = _percentiles(groups)  # sorts each group in place
    within = {group: bisect_right(values, HOUR) for group, values in groups.items()}
    business = wall
    if policy.hours is not None:
        open_times = business_seconds(policy.hours, [(p, a) for _, _, p, a in rows])
        open_groups: dict[str, list[float]] = defaultdict(list)
        for (cls, platform, _, _), seconds in zip(rows, open_times, strict=True):
            for group in (cls, NETWORK_PREFIX + platform, ALL):
                open_groups[group].append(seconds)
        business = _percentiles(open_groups)
    return Answers(wall, business, within, sum(1 for seconds in raw if seconds < 0))


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
    counts = store.class_counts(start, end, now, flt)
    answers = _response_times(store.response_times(start, end, flt), policy)
    classes = [_figures(cls, cls, [c for c in counts if c.cls == cls], answers) for cls in CLASSES]
    networks = sorted({c.platform for c in counts})
    by_network = [
        _figures(n, NETWORK_PREFIX + n, [c for c in counts if c.platform == n], answers)
        for n in networks
    ]
    quarters = _odd_offsets(period, zone)
    days, hours = _volumes(store.volume_buckets(start, end, flt, quarters=quarters), period, zone)
    backlog = store.backlog(now, flt)
    age = None if backlog.median_created is None else (now - backlog.median_created)
    return Stats(
        period=period,
        filter=flt,
        now=now,
        zone=str(zone),
        business_hours=None if policy.hours is None else policy.hours.describe(),
        classes=(_figures(ALL, ALL, counts, answers), *classes),
        by_network=tuple(by_network),
        spam=sum(c.spam for c in counts),
        skewed=answers.skewed,
        open_now=backlog.open,
        overdue_now=backlog.overdue,
        median_open_age_s=None if age is None else max(0.0, age.total_seconds()),
        days=days,
        hours=hours,
        engagers=tuple(store.top_authors(start, end, flt, TOP_PEOPLE, praise=False)),
        advocates=tuple(store.top_authors(start, end, flt, TOP_PEOPLE, praise=True)),
        networks=tuple(networks),
    )
