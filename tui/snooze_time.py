"""When a snooze ends: the picker's presets and what a person types ("2d", "fri 14:00").

Spans (``2d``, ``3h``, ``90min``) are read by ``store.query.parse_duration``; times and days
by dateparser (imported on first use: it takes ~0.1 s), in the person's local time zone and
always in the future. A day without a time means 9:00, the start of a working day.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta, tzinfo

from adapters.errors import ReplyDeskError
from store.query import parse_duration

WORKDAY_START = time(9, 0)
# A time of day in what was typed: "14:00", "9am", "noon", "tonight"…
HAS_TIME = re.compile(r"\d:\d|\d\s*[ap]\.?m\b|\b(noon|midnight|tonight|morning|evening)\b", re.I)
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
EXAMPLES = "2d, 3h, 90min, tomorrow 9:00, fri 14:00, dec 24"


class SnoozeTimeError(ReplyDeskError):
    """What was typed is not a time, or not one in the future."""

    title = "Snooze time not understood"


@dataclass(frozen=True, slots=True)
class Preset:
    """One choice of the snooze picker."""

    key: str
    label: str
    until: datetime


def _local(now: datetime, tz: tzinfo | None) -> datetime:
    return now.astimezone(tz) if tz is not None else now.astimezone()


def presets(now: datetime, tz: tzinfo | None = None) -> list[Preset]:
    """1 hour, 3 hours, tomorrow 9:00 and next Monday 9:00, from ``now`` (local time)."""
    local = _local(now, tz)
    tomorrow = datetime.combine(local.date() + timedelta(days=1), WORKDAY_START, local.tzinfo)
    days = 7 - local.weekday()  # Monday is 0: next week's Monday, never today
    monday = datetime.combine(local.date() + timedelta(days=days), WORKDAY_START, local.tzinfo)
    return [
        Preset("1", "1 hour", now + timedelta(hours=1)),
        Preset("2", "3 hours", now + timedelta(hours=3)),
        Preset("3", "tomorrow 9:00", tomorrow),
        Preset("4", "next Monday 9:00", monday),
    ]


def parse_snooze(text: str, now: datetime, tz: tzinfo | None = None) -> datetime:
    """The moment ``text`` names, after ``now``; ``SnoozeTimeError`` when it names none."""
    typed = text.strip()
    if not typed:
        raise SnoozeTimeError(f"Type when, e.g. {EXAMPLES}.")
    span = parse_duration(typed)
    if span is not None:
        if not span:
            raise SnoozeTimeError("A snooze of no time at all: give a span, e.g. 2h.")
        return now + span
    import dateparser

    local = _local(now, tz)
    found = dateparser.parse(
        typed,
        languages=["en"],
        settings={
            "PREFER_DATES_FROM": "future",
            "RELATIVE_BASE": local.replace(tzinfo=None),
            "RETURN_AS_TIMEZONE_AWARE": False,
        },
    )
    if found is None:
        raise SnoozeTimeError(f'"{typed}" is not a time I can read; try {EXAMPLES}.')
    if not HAS_TIME.search(typed) and found.time() == time(0, 0):
        found = datetime.combine(found.date(), WORKDAY_START)
    until = found.replace(tzinfo=local.tzinfo)
    named_today = typed.lower()[:3] in WEEKDAYS and found.weekday() == local.weekday()
    if named_today and "next" not in typed.lower() and until - timedelta(days=7) > now:
        until -= timedelta(days=7)  # "fri 16:00" on a Friday at 15:00 is today
    if until <= now:
        raise SnoozeTimeError(f'"{typed}" has passed already; give a time to come.')
    return until
