"""Business time between two instants: how much of it the SLA clock ran.

The opening calendar of the whole span is laid out once as intervals with running totals, so
each response's business time is two binary searches, not a walk over its days.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from itertools import chain
from typing import TYPE_CHECKING, TypeVar

from triage.business_hours import BusinessHours

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

K = TypeVar("K")


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

    def between_many(self, starts: Sequence[float], ends: Sequence[float]) -> list[float]:
        """``between`` for each (start, end) pair, as numpy array steps rather than a Python
        call per pair; the same operations in the same order, so the same floats."""
        import numpy as np  # lazy: only business hours need it (it comes with scikit-learn)

        if not self.opens:
            return [0.0] * len(starts)
        opens, closes, before = (
            np.asarray(v, dtype=np.float64) for v in (self.opens, self.closes, self.before)
        )
        first, last = np.asarray(starts, dtype=np.float64), np.asarray(ends, dtype=np.float64)

        def open_before(moments: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
            i = np.searchsorted(opens, moments, side="right") - 1
            at = np.maximum(i, 0)
            value = before[at] + np.minimum(moments, closes[at]) - opens[at]
            return np.where(i < 0, 0.0, value)

        spans = np.where(last <= first, 0.0, open_before(last) - open_before(first))
        found: list[float] = spans.tolist()
        return found

    def between(self, start: float, end: float) -> float:
        """Open seconds from ``start`` to ``end`` (0 when ``end`` is not after ``start``)."""
        if end <= start:
            return 0.0
        return self.open_before(end) - self.open_before(start)


def business_seconds(hours: BusinessHours, pairs: list[tuple[float, float]]) -> list[float]:
    """The open time between each (start, end) pair of POSIX seconds."""
    return business_times(hours, {0: pairs}).get(0, [])


def business_times(
    hours: BusinessHours, groups: Mapping[K, Sequence[tuple[float, float]]]
) -> dict[K, list[float]]:
    """Each group's open times between its (start, end) pairs of POSIX seconds, in the
    pairs' order, over one calendar laid out for all of them."""
    every = list(chain.from_iterable(groups.values()))
    if not every:
        return {}
    starts, ends = zip(*every, strict=True)
    clock = OpenClock(hours, min(starts), max(max(starts), max(ends)))
    out = {}
    for key, pairs in groups.items():
        posted, answered = zip(*pairs, strict=True) if pairs else ((), ())
        out[key] = clock.between_many(posted, answered)
    return out
