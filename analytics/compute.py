"""Computing a period's figures from the store: the one place both the Stats screen and
``replydesk report`` get them from, so the two never disagree.

Blocking (SQLite): the screen calls it from a thread worker.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, tzinfo
from math import ceil

from analytics.business import business_seconds
from analytics.figures import ALL, CLASSES, VOLUME_KINDS, ClassFigures, DayVolume, Stats
from analytics.period import Period
from store import Store
from store.stats import PERCENTILES, ClassCounts, StatsFilter
from triage import SlaPolicy

TOP_PEOPLE = 5


def nearest_rank(sorted_values: list[float], percent: int) -> float | None:
    """The value at position ceil(p·n) of ``sorted_values`` (``None`` when empty): the same
    rule as the store's SQL."""
    if not sorted_values:
        return None
    return sorted_values[max(1, ceil(len(sorted_values) * percent / 100)) - 1]


def _business_percentiles(
    store: Store, period: Period, flt: StatsFilter, policy: SlaPolicy
) -> dict[str, dict[str, float | None]]:
    if policy.hours is None:
        return {}
    pairs = store.response_pairs(period.start, period.end, flt)
    seconds = business_seconds(policy.hours, [(p, a) for _, p, a in pairs])
    by_class: dict[str, list[float]] = defaultdict(list)
    for (cls, _, _), value in zip(pairs, seconds, strict=True):
        by_class[cls].append(value)
        by_class[ALL].append(value)
    out: dict[str, dict[str, float | None]] = {}
    for cls, values in by_class.items():
        values.sort()
        out[cls] = {name: nearest_rank(values, p) for name, p in PERCENTILES.items()}
    return out


def _tally(c: ClassCounts | None) -> dict[str, int]:
    """The counts ``ClassFigures`` keeps, spam taken out of each class."""
    if c is None:
        return dict.fromkeys(_COUNTED, 0)
    return {
        "received": c.received - c.spam,
        "answerable": c.received - c.spam - c.closed,
        "answered": c.answered,
        "closed": c.closed,
        "within_hour": c.within_hour,
        "sla_met": c.sla_met,
        "sla_missed": c.sla_missed,
    }


_COUNTED = ("received", "answerable", "answered", "closed", "within_hour", "sla_met", "sla_missed")


def _class_rows(
    counts: list[ClassCounts],
    wall: dict[str, dict[str, float]],
    business: dict[str, dict[str, float | None]],
    hours_set: bool,
) -> tuple[ClassFigures, ...]:
    by_cls = {c.cls: c for c in counts}
    tallies = {cls: _tally(by_cls.get(cls)) for cls in CLASSES}
    total = {name: sum(t[name] for t in tallies.values()) for name in _COUNTED}
    figures = []
    for cls, tally in {ALL: total, **tallies}.items():
        times = wall.get(cls, {})
        biz = business.get(cls, {}) if hours_set else times
        figures.append(
            ClassFigures(
                cls,
                **tally,
                median_s=times.get("median"),
                p90_s=times.get("p90"),
                business_median_s=biz.get("median"),
                business_p90_s=biz.get("p90"),
            )
        )
    return tuple(figures)


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
    wall = store.response_percentiles(start, end, flt)
    business = _business_percentiles(store, period, flt, policy)
    classes = _class_rows(counts, wall, business, policy.hours is not None)
    days, hours = _volumes(store.volume_buckets(start, end, flt), period, zone)
    backlog = store.backlog(now, flt)
    age = None if backlog.median_created is None else (now - backlog.median_created)
    return Stats(
        period=period,
        filter=flt,
        now=now,
        zone=str(zone),
        business_hours=None if policy.hours is None else policy.hours.describe(),
        classes=classes,
        spam=sum(c.spam for c in counts),
        skewed=sum(c.skewed for c in counts),
        open_now=backlog.open,
        overdue_now=backlog.overdue,
        median_open_age_s=None if age is None else max(0.0, age.total_seconds()),
        days=days,
        hours=hours,
        engagers=tuple(store.top_authors(start, end, flt, TOP_PEOPLE, praise=False)),
        advocates=tuple(store.top_authors(start, end, flt, TOP_PEOPLE, praise=True)),
        networks=tuple(store.platforms_in(start, end)),
    )
