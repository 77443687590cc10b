"""Business hours: when the SLA clock runs, and adding business time across nights,
weekends, holidays and daylight-saving changes.

All arithmetic is on absolute (UTC) instants; only the opening and closing times are wall-clock
times in the configured zone. So a 1 h SLA always means 60 real minutes of open time, even on
the day the clocks change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo  # made by sla_config: the queue's first paint needs none

    import holidays

DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
# Searching further than this for open time means the calendar has none (validated against,
# but a guard keeps every loop bounded).
_MAX_DAYS = 4 * 366

Window = tuple[int, int]  # minutes after local midnight: open, close (1440 = midnight after)


@lru_cache(maxsize=32)
def country_calendar(country: str, subdivision: str | None) -> holidays.HolidayBase:
    """The ``holidays`` calendar of a country (and region); NotImplementedError if unknown."""
    import holidays  # ~75 ms: paid only by a profile that names a country

    return holidays.country_holidays(country, subdiv=subdivision)


@dataclass(frozen=True)
class BusinessHours:
    """Opening windows per weekday (Mon..Sun, ``None`` = closed) in ``zone``, plus holidays.

    ``holidays`` are extra closed dates; ``country``/``subdivision`` add that region's public
    holidays from the ``holidays`` package.
    """

    zone: ZoneInfo
    windows: tuple[Window | None, ...]
    holidays: frozenset[date] = frozenset()
    country: str | None = None
    subdivision: str | None = None

    def is_holiday(self, day: date) -> bool:
        """Closed all day for a holiday."""
        if day in self.holidays:
            return True
        return self.country is not None and day in country_calendar(self.country, self.subdivision)

    def window(self, day: date) -> tuple[datetime, datetime] | None:
        """The open interval of ``day`` as UTC instants, or ``None`` if closed that day."""
        hours = self.windows[day.weekday()]
        if hours is None or self.is_holiday(day):
            return None
        midnight = datetime.combine(day, time())
        opens = (midnight + timedelta(minutes=hours[0])).replace(tzinfo=self.zone)
        closes = (midnight + timedelta(minutes=hours[1])).replace(tzinfo=self.zone)
        return opens.astimezone(UTC), closes.astimezone(UTC)

    def add(self, start: datetime, duration: timedelta) -> datetime:
        """The instant ``duration`` of open time after ``start`` (UTC).

        Time before opening, after closing, on closed days and holidays does not count. If no
        open time exists within four years (an all-closed calendar), calendar time is used.
        """
        start = start.astimezone(UTC)
        if duration <= timedelta(0):
            return start
        remaining = duration
        day = start.astimezone(self.zone).date()
        for _ in range(_MAX_DAYS):
            interval = self.window(day)
            if interval is not None:
                begin = max(start, interval[0])
                if begin < interval[1]:
                    available = interval[1] - begin
                    if remaining <= available:
                        return begin + remaining
                    remaining -= available
            day += timedelta(days=1)
        return start + duration

    def describe(self) -> str:
        """ "Mon–Fri 09:00–17:00, Sat 10:00–14:00 Europe/Berlin, holidays: DE-BE + 2 dates"."""
        groups: list[tuple[int, int, Window]] = []
        for i, w in enumerate(self.windows):
            if w is None:
                continue
            if groups and groups[-1][1] == i - 1 and groups[-1][2] == w:
                groups[-1] = (groups[-1][0], i, w)
            else:
                groups.append((i, i, w))
        parts = []
        for first, last, (opens, closes) in groups:
            days = DAY_NAMES[first] if first == last else f"{DAY_NAMES[first]}–{DAY_NAMES[last]}"
            parts.append(f"{days} {_hhmm(opens)}–{_hhmm(closes)}")
        text = f"{', '.join(parts) or 'never open'} {self.zone.key}"
        closed: list[str] = []
        if self.country:
            closed.append(self.country + (f"-{self.subdivision}" if self.subdivision else ""))
        if self.holidays:
            n = len(self.holidays)
            closed.append(f"{n} date" + ("s" if n != 1 else ""))
        if closed:
            text += ", holidays: " + " + ".join(closed)
        return text


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"
