"""The period a set of figures covers: today, the last 7 or 30 days, or chosen dates.

Periods are whole local days (in the business-hours zone, else the computer's), ending now:
"7 d" is today and the six days before it, so its chart has seven full bars.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from adapters.errors import ConfigError

PRESETS = {"today": 1, "7d": 7, "30d": 30}
"""The named periods and how many local days each spans."""
_CUSTOM = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})\s*(?:\.\.|to|/)\s*(\d{4}-\d{2}-\d{2})\s*$")
#: The longest custom period (a year and a day): its daily chart must stay readable.
MAX_DAYS = 366


@dataclass(frozen=True, slots=True)
class Period:
    """Mentions posted from ``start`` (inclusive) to ``end`` (exclusive), both UTC; ``first``
    and ``last`` are the local days it spans and ``name`` says it in words."""

    name: str
    start: datetime
    end: datetime
    first: date
    last: date

    @property
    def days(self) -> list[date]:
        """Every local day of the period, oldest first."""
        return [self.first + timedelta(days=i) for i in range((self.last - self.first).days + 1)]


def midnight(day: date, zone: tzinfo) -> datetime:
    """The start of local ``day`` in ``zone``, as a UTC instant."""
    return datetime.combine(day, time(), tzinfo=zone).astimezone(UTC)


def period_for(name: str, now: datetime, zone: tzinfo) -> Period:
    """``today``, ``7d``, ``30d`` or ``YYYY-MM-DD..YYYY-MM-DD`` (both days included).

    Raises ``ConfigError`` for anything else, or dates in the wrong order.
    """
    today = now.astimezone(zone).date()
    if name in PRESETS:
        first = today - timedelta(days=PRESETS[name] - 1)
        label = "today" if name == "today" else f"last {PRESETS[name]} days"
        return Period(label, midnight(first, zone), now.astimezone(UTC), first, today)
    match = _CUSTOM.match(name)
    if match is None:
        raise ConfigError(
            f"Unknown period {name!r}: use today, 7d, 30d or FIRST..LAST "
            "(dates as YYYY-MM-DD, e.g. 2026-11-01..2026-11-30).",
            "Bad period",
        )
    try:
        first, last = (date.fromisoformat(part) for part in match.groups())
    except ValueError as exc:
        raise ConfigError(f"{name!r}: {exc}.", "Bad period") from exc
    if last < first:
        raise ConfigError(f"{name!r}: the last day is before the first.", "Bad period")
    if (last - first).days >= MAX_DAYS:
        raise ConfigError(f"{name!r}: at most {MAX_DAYS} days at once.", "Bad period")
    end = midnight(last + timedelta(days=1), zone)
    return Period(f"{first}..{last}", midnight(first, zone), end, first, last)
