"""The figures as titled tables of text: what the screen's tables, ``replydesk stats`` and the
Markdown and CSV reports all print, so each figure is worded in one place."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from analytics.figures import ALL, CLASSES, VOLUME_KINDS, ClassFigures, Stats
from store.stats import AuthorCount

NO_DATA = "no data"


@dataclass(frozen=True, slots=True)
class Table:
    """A titled table: a header and rows of cells, all text."""

    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def duration_text(seconds: float | None) -> str:
    """ "45 s", "12 min", "3.5 h", "2.1 d", or "no data"."""
    if seconds is None:
        return NO_DATA
    if seconds < 60:
        return f"{seconds:.0f} s"
    if seconds < 3600:
        return f"{seconds / 60:.0f} min"
    if seconds < 86400:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 86400:.1f} d"


def percent_text(share: float | None) -> str:
    """ "87 %" or "no data"."""
    return NO_DATA if share is None else f"{share * 100:.0f} %"


def filter_text(stats: Stats) -> str:
    """The filter in words ("all networks, all classes" when none)."""
    flt = stats.filter
    parts = [
        ", ".join(flt.platforms) or "all networks",
        ", ".join(flt.classes) or "all classes",
    ]
    if flt.accounts:
        parts.append("accounts " + ", ".join(flt.accounts))
    if flt.assignees:
        parts.append("assigned to " + ", ".join(name or "nobody" for name in flt.assignees))
    if flt.labels:
        parts.append("labelled " + ", ".join(flt.labels))
    return "; ".join(parts)


def business_label(stats: Stats) -> str:
    """Which hours the business-hours times count."""
    return stats.business_hours or "none set: the same as wall-clock"


def summary(stats: Stats) -> Table:
    """The headline figures, one per row."""
    total = stats.of(ALL)
    complaints = stats.of("complaint")
    rows = [
        ("Period", f"{stats.period.name} ({stats.period.first} to {stats.period.last})"),
        ("Filter", filter_text(stats)),
        ("Received", str(stats.received)),
        ("Answered", str(total.answered)),
        ("Response rate", percent_text(total.response_rate)),
        ("First response, median (wall-clock)", duration_text(total.median_s)),
        ("First response, median (business hours)", duration_text(total.business_median_s)),
        ("SLA met", percent_text(total.sla_met_share)),
        ("Complaints answered within the hour", percent_text(complaints.within_hour_share)),
        ("Spam", str(stats.spam)),
        ("Closed without reply", str(total.closed)),
        ("Answers stamped before their mention (counted as 0)", str(stats.skewed)),
        ("Open now", str(stats.open_now)),
        ("Overdue now", str(stats.overdue_now)),
        ("Median age of open items", duration_text(stats.median_open_age_s)),
        ("Business hours", business_label(stats)),
    ]
    return Table("Summary", ("Figure", "Value"), tuple(rows))


FIGURES: tuple[tuple[str, Callable[[ClassFigures], str]], ...] = (
    ("Received", lambda f: str(f.received)),
    ("Answered", lambda f: str(f.answered)),
    ("Rate", lambda f: percent_text(f.response_rate)),
    ("Median (wall)", lambda f: duration_text(f.median_s)),
    ("p90 (wall)", lambda f: duration_text(f.p90_s)),
    ("Median (business)", lambda f: duration_text(f.business_median_s)),
    ("p90 (business)", lambda f: duration_text(f.business_p90_s)),
    ("SLA met", lambda f: percent_text(f.sla_met_share)),
)
"""The figures of a class, network or account, each with how it is written."""
SIDES = {"network": "By network", "account": "By account"}
"""What ``--by`` and the Stats screen can put side by side."""


def _figures_table(title: str, first: str, figures: tuple[ClassFigures, ...]) -> Table:
    header = (first, *(name for name, _ in FIGURES))
    rows = tuple((f.group, *(text(f) for _, text in FIGURES)) for f in figures)
    return Table(title, header, rows)


def by_class(stats: Stats) -> Table:
    """Received, answered, response rate, first response times and SLA met, per class."""
    figures = (*(stats.of(c) for c in CLASSES), stats.of(ALL))
    return _figures_table("By class", "Class", figures)


def by_network(stats: Stats) -> Table:
    """The same figures per network, a row each."""
    return _figures_table(SIDES["network"], "Network", stats.by_network)


def by_account(stats: Stats) -> Table:
    """The same figures per account, a row each."""
    return _figures_table(SIDES["account"], "Account", stats.by_account)


def side_by_side(stats: Stats, by: str) -> Table:
    """The figures of each network or account (``by``) in a column of its own, a figure a
    row, so one network's waits read beside another's."""
    groups = stats.by_network if by == "network" else stats.by_account
    rows = tuple((name, *(text(f) for f in groups)) for name, text in FIGURES)
    return Table(SIDES[by], ("Figure", *(f.group for f in groups)), rows)


def per_day(stats: Stats) -> Table:
    """Mentions per day, by class."""
    rows = tuple(
        (d.day.isoformat(), *(str(d.counts[k]) for k in VOLUME_KINDS), str(d.total))
        for d in stats.days
    )
    return Table("Volume per day", ("Day", *VOLUME_KINDS, "total"), rows)


def per_hour(stats: Stats) -> Table:
    """Mentions per local hour of the day."""
    rows = tuple((f"{h:02d}:00", str(n)) for h, n in enumerate(stats.hours))
    return Table("By hour of day", ("Hour", "Mentions"), rows)


def busiest(stats: Stats) -> Table:
    """The busiest days."""
    rows = tuple((d.day.strftime("%a %Y-%m-%d"), str(d.total)) for d in stats.busiest)
    return Table("Busiest days", ("Day", "Mentions"), rows)


def _people(title: str, what: str, people: tuple[AuthorCount, ...], praise: bool) -> Table:
    # Names are the people's own text: folded to one line so no cell breaks its row.
    rows = tuple(
        (
            " ".join(p.handle.split()),
            " ".join(p.name.split()),
            p.platform,
            str(p.praise if praise else p.count),
        )
        for p in people
    )
    return Table(title, ("Handle", "Name", "Network", what), rows)


def engagers(stats: Stats) -> Table:
    """Who wrote most often."""
    return _people("Frequent engagers", "Mentions", stats.engagers, praise=False)


def advocates(stats: Stats) -> Table:
    """Who praised most often."""
    return _people("Advocates", "Praise", stats.advocates, praise=True)


def all_tables(stats: Stats, by: str | None = None) -> list[Table]:
    """Every table of a report, in reading order; with ``by`` (network or account), the
    summary and that comparison only."""
    if by is not None:
        return [summary(stats), side_by_side(stats, by)]
    return [
        summary(stats),
        by_class(stats),
        by_network(stats),
        by_account(stats),
        per_day(stats),
        per_hour(stats),
        busiest(stats),
        engagers(stats),
        advocates(stats),
    ]
