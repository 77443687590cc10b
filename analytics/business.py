"""Business time between two instants: how much of it the SLA clock ran.

The opening calendar of the whole span is laid out once as intervals with running totals, so
each response's business time is two binary searches, not a walk over its days.
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import UTC, datetime, timedelta

from triage.business_hours import BusinessHours


class OpenClock:
    """Seconds of open time before any instant within ``[lo, hi]`` (POSIX seconds)."""

    def __init__(self, hours: BusinessHours, lo: float, hi: float) -> None:
        self.opens: list[float] = []
        self.closes: list[float] = []
        self.before: list[float] = []  # open seconds before each interval starts
        zone = hours.zone
        day = datetime.fromtimestamp(lo, UTC).astimezone(zone).date() - timedelta(days=1)
        last = datetime.fromtimestamp(hi, UTC).astimezone(zone).date() + timedelta(days=1)
        total = 0.0
        while day <= last:
            window = hours.window(day)
            if window is not None:
                opens, closes = window[0].timestamp(), window[1].timestamp()
                self.opens.append(opens)
                self.closes.append(closes)
                self.before.append(total)
                total += closes - opens
            day += timedelta(days=1)

    def open_before(self, moment: float) -> float:
        """Open seconds from the calendar's start up to ``moment``."""
        i = bisect_right(self.opens, moment) - 1
        if i < 0:
            return 0.0
        return self.before[i] + min(moment, self.closes[i]) - self.opens[i]

    def between(self, start: float, end: float) -> float:
        """Open seconds from ``start`` to ``end`` (0 when ``end`` is not after ``start``)."""
        if end <= start:
            return 0.0
        return self.open_before(end) - self.open_before(start)


def business_seconds(hours: BusinessHours, pairs: list[tuple[float, float]]) -> list[float]:
    """The open time between each (start, end) pair of POSIX seconds."""
    if not pairs:
        return []
    lo = min(start for start, _ in pairs)
    hi = max(max(start, end) for start, end in pairs)
    clock = OpenClock(hours, lo, hi)
    return [clock.between(start, end) for start, end in pairs]
