"""The ``[[report]]`` tables of config.toml: reports written on a schedule.

[[report]]
every = "monday 09:00"      # a weekday, "daily" or "monthly 1" (day 1-28), then HH:MM
period = "7d"               # today, 7d or 30d, ending at the scheduled time
format = "html"             # md, csv, json, html or table (plain text)
to = "~/reports/"           # a folder; each report's file is named after its period and time
by = "account"              # optional: networks or accounts side by side

The running app writes a report once its time has come; ``replydesk report --due`` does the
same for cron. A report's file name says which scheduled time it is for, so a report already
written is never written again, whoever looks and however often the app restarts.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from pathlib import Path

from adapters.errors import ConfigError

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
PERIODS = ("today", "7d", "30d")
EXTENSIONS = {"md": "md", "csv": "csv", "json": "json", "html": "html", "table": "txt"}
SIDES = ("network", "account")
KNOWN_REPORT_KEYS = ("every", "period", "format", "to", "by")
_EVERY = re.compile(
    r"^\s*(?P<day>[a-z]+)(?:\s+(?P<date>\d{1,2}))?\s+(?P<hour>\d{1,2}):(?P<minute>\d{2})\s*$"
)
EVERY_HELP = 'like "monday 09:00", "daily 08:30" or "monthly 1 09:00" (day 1 to 28)'


@dataclass(frozen=True, slots=True)
class Schedule:
    """When a report is due: every day, one weekday (0 Monday) or one day of the month, at a
    local time."""

    kind: str
    """``daily``, ``weekly`` or ``monthly``."""
    day: int
    at: time

    def last(self, now: datetime, zone: tzinfo) -> datetime:
        """The latest scheduled time at or before ``now`` (aware, in ``zone``)."""
        today = now.astimezone(zone).date()
        for back in range(0, 62):  # a month and a bit always holds one
            day = today - timedelta(days=back)
            if self._on(day):
                slot = datetime.combine(day, self.at, tzinfo=zone)
                if slot <= now:
                    return slot
        raise AssertionError("every schedule has a time in any 62 days")

    def _on(self, day: date) -> bool:
        if self.kind == "weekly":
            return day.weekday() == self.day
        if self.kind == "monthly":
            return day.day == self.day
        return True


def parse_every(text: str) -> Schedule:
    """``monday 09:00`` (or ``mon``), ``daily 08:30``, ``monthly 1 09:00``; ``ValueError``
    saying what is wrong otherwise."""
    match = _EVERY.match(text.lower())
    if match is None:
        raise ValueError(f"{text!r} is not a schedule")
    hour, minute = int(match["hour"]), int(match["minute"])
    if hour > 23 or minute > 59:
        raise ValueError(f"{match['hour']}:{match['minute']} is not a time of day")
    at = time(hour, minute)
    word, number = match["day"], match["date"]
    if word == "monthly":
        if number is None or not 1 <= int(number) <= 28:
            raise ValueError("a monthly report needs its day of the month, 1 to 28")
        return Schedule("monthly", int(number), at)
    if number is not None:
        raise ValueError(f"{text!r}: only a monthly report takes a day number")
    if word in ("daily", "day"):
        return Schedule("daily", 0, at)
    days = [i for i, name in enumerate(WEEKDAYS) if len(word) >= 3 and name.startswith(word)]
    if len(days) != 1:
        raise ValueError(f"{word!r} is not a weekday, daily or monthly")
    return Schedule("weekly", days[0], at)


@dataclass(frozen=True, slots=True)
class ReportSpec:
    """One scheduled report: when, which period, which format, which folder."""

    every: Schedule
    period: str
    format: str
    folder: Path
    by: str | None = None

    def path_for(self, slot: datetime) -> Path:
        """The file of the report due at ``slot``: its name says the period and the time."""
        side = f"-by-{self.by}" if self.by else ""
        name = f"replydesk-{self.period}{side}-{slot:%Y-%m-%d-%H%M}.{EXTENSIONS[self.format]}"
        return self.folder / name


def report_line(text: str, index: int, key: str) -> int | None:
    """The line (1-based) of ``key`` in the ``index``-th ``[[report]]`` table of ``text``, or
    of the table's header when the key is not written."""
    seen, header = -1, None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if line.startswith("["):
            if seen == index:
                break
            if line.replace(" ", "") == "[[report]]":
                seen += 1
                header = number if seen == index else header
            continue
        if seen == index and line.split("=", 1)[0].strip().strip('"') == key and "=" in line:
            return number
    return header


def read_reports(
    data: object, where: Path, line_of: Callable[[int, str], int | None]
) -> tuple[ReportSpec, ...]:
    """The ``[[report]]`` tables ``data`` of the config file ``where``; ``ConfigError``
    naming the report, the key and its line for anything malformed."""

    def bad(index: int, key: str, problem: str) -> ConfigError:
        line = line_of(index, key)
        place = f"{where}, line {line}" if line else str(where)
        return ConfigError(
            f"{place}: report {index + 1}, '{key}' {problem}.", title="Scheduled report problem"
        )

    if not isinstance(data, list):
        raise bad(0, "report", 'must be written as [[report]] tables (e.g. every = "monday 09:00")')
    specs = []
    for index, table in enumerate(data):
        if not isinstance(table, dict):
            raise bad(index, "report", "must be a table")
        for key in table:
            if key not in KNOWN_REPORT_KEYS:
                raise bad(index, key, f"is not a report setting ({', '.join(KNOWN_REPORT_KEYS)})")
        every = table.get("every")
        if not isinstance(every, str):
            raise bad(index, "every", f"is needed, {EVERY_HELP}")
        try:
            schedule = parse_every(every)
        except ValueError as exc:
            raise bad(index, "every", f"must be {EVERY_HELP}: {exc}") from exc
        period = table.get("period", "7d")
        if period not in PERIODS:
            raise bad(index, "period", f"must be one of {', '.join(PERIODS)}")
        fmt = table.get("format", "md")
        if fmt not in EXTENSIONS:
            raise bad(index, "format", f"must be one of {', '.join(EXTENSIONS)}")
        folder = table.get("to")
        if not isinstance(folder, str) or not folder.strip():
            raise bad(index, "to", 'is needed: the folder to write into (e.g. "~/reports/")')
        by = table.get("by")
        if by is not None and by not in SIDES:
            raise bad(index, "by", f"must be one of {', '.join(SIDES)}")
        specs.append(ReportSpec(schedule, period, fmt, Path(folder).expanduser(), by))
    return tuple(specs)
