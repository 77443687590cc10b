"""Meta's usage headers: how close the app, the Page and the business use case are to a limit.

Every Graph response may carry ``X-App-Usage`` and ``X-Page-Usage`` (``{"call_count",
"total_cputime","total_time"}``, percentages) and ``X-Business-Use-Case-Usage`` (``{"<object
id>":[{"type","call_count",…,"estimated_time_to_regain_access"}]}``, the last in minutes).
Throttling starts at 100 %; ReplyDesk slows down above 80 % so it rarely gets there.
"""

from __future__ import annotations

import json
import logging
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

import httpx

log = logging.getLogger(__name__)

SLOW_FROM = 80.0  # percent: from here requests are spaced out
FULL = 100.0  # percent: Meta throttles from here
_PERCENTS = ("call_count", "total_cputime", "total_time")
_HEADERS = {"x-app-usage": "app", "x-page-usage": "Page", "x-ad-account-usage": "ad account"}
MAX_REGAIN = timedelta(hours=24)


@dataclass(frozen=True, slots=True)
class Usage:
    """The highest usage any header reports, and Meta's estimate of when access returns."""

    percent: float = 0.0
    regain: timedelta = timedelta(0)
    source: str = "app"  # whose usage is highest: "app", "Page" or "business use case"

    @property
    def slow(self) -> bool:
        """Above the point where ReplyDesk spaces requests out."""
        return self.percent >= SLOW_FROM

    @property
    def full(self) -> bool:
        """At the limit: Meta is throttling (or says access returns only later)."""
        return self.percent >= FULL or self.regain > timedelta(0)


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) and value >= 0 else None


def _read_entry(entry: object) -> tuple[float, float]:
    """(highest percentage, minutes to regain access) of one usage object."""
    if not isinstance(entry, dict):
        return 0.0, 0.0
    percents = [_number(entry.get(key)) for key in _PERCENTS]
    regain = _number(entry.get("estimated_time_to_regain_access")) or 0.0
    return max((p for p in percents if p is not None), default=0.0), regain


def _decode(raw: str, name: str) -> object:
    try:
        return json.loads(raw)
    except ValueError:
        log.debug("ignored an unreadable %s header", name)
        return None


def read_usage(headers: httpx.Headers) -> Usage:
    """The usage a response reports (missing or malformed headers count as 0 %)."""
    percent, minutes, source = 0.0, 0.0, "app"
    read: list[tuple[object, str]] = []
    for name, who in _HEADERS.items():
        raw = headers.get(name)
        if raw:
            read.append((_decode(raw, name), who))
    raw = headers.get("x-business-use-case-usage")
    body = _decode(raw, "x-business-use-case-usage") if raw else None
    for entries in body.values() if isinstance(body, dict) else ():
        read += [(e, "business use case") for e in (entries if isinstance(entries, list) else ())]
    for entry, who in read:
        p, m = _read_entry(entry)
        if p > percent:
            percent, source = p, who
        minutes = max(minutes, m)
    return Usage(percent, min(MAX_REGAIN, timedelta(minutes=minutes)), source)


def spacing(usage: Usage) -> timedelta:
    """How long to leave between requests: none below 80 %, then 2 s rising to 30 s at 100 %."""
    if not usage.slow:
        return timedelta(0)
    share = min(1.0, (usage.percent - SLOW_FROM) / (FULL - SLOW_FROM))
    return timedelta(seconds=2 + 28 * share)


def describe_pause(until: datetime) -> str:
    """ "until 14:05 UTC" for a person reading the header or a toast."""
    return f"until {until:%H:%M} UTC"
