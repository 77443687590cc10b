"""The figures of a period, as one value the screen, the CLI and every report format read.

``None`` means "no data" (nothing to divide by), never 0 % or NaN.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from analytics.period import Period
from store.stats import AuthorCount, StatsFilter

ALL = "all"
"""The row that sums every class."""
CLASSES = ("complaint", "question", "praise", "other")
"""The classes with their own row (spam is counted apart, never answered)."""
VOLUME_KINDS = (*CLASSES, "spam")
"""The stacks of the volume chart, bottom up."""


@dataclass(frozen=True, slots=True)
class ClassFigures:
    """One class, one network or ``ALL`` (``group``) over the period.

    ``answerable`` is what was received less spam and what was closed without a reply;
    times are seconds from posting to the first answer (nearest-rank percentiles).
    """

    group: str
    received: int
    answerable: int
    answered: int
    closed: int
    within_hour: int
    sla_met: int
    sla_missed: int
    median_s: float | None
    p90_s: float | None
    business_median_s: float | None
    business_p90_s: float | None

    @property
    def response_rate(self) -> float | None:
        """Answered ÷ answerable (``None`` when nothing was answerable)."""
        return self.answered / self.answerable if self.answerable else None

    @property
    def sla_met_share(self) -> float | None:
        """Met ÷ (met + missed); mentions not yet due count neither way."""
        judged = self.sla_met + self.sla_missed
        return self.sla_met / judged if judged else None

    @property
    def within_hour_share(self) -> float | None:
        """Answered within 60 minutes of posting ÷ answerable."""
        return self.within_hour / self.answerable if self.answerable else None


@dataclass(frozen=True, slots=True)
class DayVolume:
    """Mentions posted on one local day, per class (spam included)."""

    day: date
    counts: Mapping[str, int]

    @property
    def total(self) -> int:
        """Every mention of the day."""
        return sum(self.counts.values())


@dataclass(frozen=True, slots=True)
class Stats:
    """Every figure of one period and filter, as of ``now``."""

    period: Period
    filter: StatsFilter
    now: datetime
    zone: str
    business_hours: str | None
    """The opening hours response times are also counted in (``None``: none set)."""
    classes: tuple[ClassFigures, ...]
    """``ALL`` first, then each class in ``CLASSES`` order."""
    spam: int
    skewed: int
    """Answers stamped before their mention was posted (counted as 0 s)."""
    open_now: int
    overdue_now: int
    median_open_age_s: float | None
    days: tuple[DayVolume, ...]
    hours: tuple[int, ...]
    """Mentions per local hour of the day, 0 to 23, over the whole period."""
    engagers: tuple[AuthorCount, ...]
    advocates: tuple[AuthorCount, ...]
    by_network: tuple[ClassFigures, ...] = field(default=())
    """The same figures per network, side by side."""
    networks: tuple[str, ...] = field(default=())
    """The networks with mentions in the period (the filter's choices)."""
    by_account: tuple[ClassFigures, ...] = field(default=())
    """The same figures per account, side by side."""
    accounts: tuple[str, ...] = field(default=())
    """The accounts with mentions in the period."""

    def of(self, cls: str) -> ClassFigures:
        """The figures of ``cls`` (or ``ALL``)."""
        return next(f for f in self.classes if f.group == cls)

    @property
    def received(self) -> int:
        """Every mention posted in the period, spam included."""
        return self.of(ALL).received + self.spam

    @property
    def busiest(self) -> tuple[DayVolume, ...]:
        """The three days with most mentions (earlier first on ties), none if all were quiet."""
        ranked = sorted((d for d in self.days if d.total), key=lambda d: (-d.total, d.day))
        return tuple(ranked[:3])

    @property
    def empty(self) -> bool:
        """Nothing was posted in the period (the screen and reports say "no data")."""
        return self.received == 0
