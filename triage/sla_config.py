"""Read the ``[sla]`` table of config.toml into an ``SlaPolicy``.

[sla]
complaint = "1h"            # "90m", "1h30m", "2d", "45 min", a number of minutes, or "none"
question = "4h"
at_risk = 0.75              # fraction of the SLA after which an item is "at risk"

[sla.platform.bluesky]      # per-network overrides
complaint = "30m"

[sla.business_hours]        # optional: the SLA clock runs only while open
timezone = "Europe/Berlin"
mon-fri = "09:00-17:00"     # single days (mon … sun) or ranges; "closed" closes a day
sat = "10:00-14:00"
holidays = ["2026-12-24"]   # extra closed dates
country = "DE"              # public holidays from the `holidays` package
subdivision = "BE"
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from datetime import date, timedelta
from pathlib import Path
from types import MappingProxyType
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from adapters.errors import ConfigError
from adapters.records import Platform
from triage.business_hours import BusinessHours, Window, country_calendar
from triage.classes import MentionClass
from triage.sla import DEFAULT_AT_RISK, DEFAULT_TARGETS, SlaPolicy, Targets

_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_NEVER = frozenset({"none", "never", "off", "no"})
_UNIT = re.compile(
    r"\s*(\d+(?:\.\d+)?)\s*(days?|d|hours?|hrs?|h|minutes?|mins?|m)(?![a-z])\s*", re.I
)
_WINDOW = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*[-–]\s*(\d{1,2}):(\d{2})\s*$")
_SECONDS = {"d": 86400, "h": 3600, "m": 60}
_TOP_KEYS = {*(c.value for c in MentionClass), "at_risk", "platform", "business_hours"}
_HOURS_KEYS = {"timezone", "holidays", "country", "subdivision"}


def _error(source: Path, key: str, problem: str) -> ConfigError:
    return ConfigError(f"{source}: key {key}: {problem}", title="SLA settings problem")


def parse_duration(value: object, source: Path, key: str) -> timedelta | None:
    """A target: "1h", "90m", "1h30m", "2d", "45 min", minutes as a number; "none" or false."""
    if value is False or (isinstance(value, str) and value.strip().lower() in _NEVER):
        return None
    if isinstance(value, bool):
        raise _error(source, key, 'use a duration such as "1h", or "none"')
    if isinstance(value, int | float):
        if not math.isfinite(value) or value <= 0:
            raise _error(source, key, f"must be a positive number of minutes, got {value!r}")
        return timedelta(minutes=value)
    if isinstance(value, str):
        pos, total = 0, 0.0
        while pos < len(value):
            m = _UNIT.match(value, pos)
            if m is None or m.end() == pos:
                break
            total += float(m.group(1)) * _SECONDS[m.group(2)[0].lower()]
            pos = m.end()
        if pos == len(value) and pos > 0 and 0 < total <= 366 * 86400:
            return timedelta(seconds=total)
    hint = 'use e.g. "30m", "1h30m", "2d" or "none"'
    raise _error(source, key, f"{value!r} is not a duration ({hint})")


def _targets(data: Mapping[str, object], source: Path, prefix: str, base: Targets) -> Targets:
    out = dict(base)
    for cls in MentionClass:
        if cls.value in data:
            out[cls] = parse_duration(data[cls.value], source, f"{prefix}.{cls.value}")
    return MappingProxyType(out)


def _window(value: object, source: Path, key: str) -> Window | None:
    if isinstance(value, str) and value.strip().lower() == "closed":
        return None
    m = _WINDOW.match(value) if isinstance(value, str) else None
    if m is None:
        hint = 'use "09:00-17:00" or "closed"'
        raise _error(source, key, f"{value!r} is not opening hours ({hint})")
    h1, m1, h2, m2 = (int(g) for g in m.groups())
    opens, closes = h1 * 60 + m1, h2 * 60 + m2
    if m1 > 59 or m2 > 59 or opens >= 1440 or closes > 1440 or opens >= closes:
        raise _error(
            source, key, f"{value!r}: opening must be before closing, within one day (max 24:00)"
        )
    return opens, closes


def _day_range(key: str, source: Path, prefix: str) -> range:
    first, _, last = key.lower().partition("-")
    if first not in _DAYS or (last and last not in _DAYS):
        hint = "days are mon … sun, or a range like mon-fri"
        raise _error(source, f"{prefix}.{key}", f"unknown key ({hint})")
    start, end = _DAYS.index(first), _DAYS.index(last or first)
    if end < start:
        raise _error(source, f"{prefix}.{key}", "a day range must run forwards, e.g. mon-fri")
    return range(start, end + 1)


def _holiday(value: object, source: Path, key: str) -> date:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise _error(source, key, f"{value!r} is not a date (use 2026-12-24)")


def _business_hours(data: object, source: Path) -> BusinessHours:
    prefix = "sla.business_hours"
    if not isinstance(data, Mapping):
        raise _error(source, prefix, "must be a table")
    zone_name = data.get("timezone")
    if not isinstance(zone_name, str):
        raise _error(source, f"{prefix}.timezone", 'required, e.g. "Europe/Berlin"')
    try:
        zone = ZoneInfo(zone_name)
    except (ZoneInfoNotFoundError, ValueError):
        raise _error(source, f"{prefix}.timezone", f"unknown time zone {zone_name!r}") from None
    windows: list[Window | None] = [None] * 7
    for key, value in data.items():
        if key in _HOURS_KEYS:
            continue
        window = _window(value, source, f"{prefix}.{key}")
        for day in _day_range(key, source, prefix):
            windows[day] = window
    if all(w is None for w in windows):
        raise _error(source, prefix, 'no open day: add e.g. mon-fri = "09:00-17:00"')
    raw_dates = data.get("holidays", [])
    if not isinstance(raw_dates, list):
        raise _error(source, f"{prefix}.holidays", "must be a list of dates")
    dates = frozenset(
        _holiday(v, source, f"{prefix}.holidays[{i + 1}]") for i, v in enumerate(raw_dates)
    )
    country, subdivision = data.get("country"), data.get("subdivision")
    if country is not None and not isinstance(country, str):
        raise _error(source, f"{prefix}.country", 'must be a country code such as "DE"')
    if subdivision is not None and (country is None or not isinstance(subdivision, str)):
        raise _error(source, f"{prefix}.subdivision", 'needs a country and a code such as "BE"')
    if country is not None:
        try:
            country_calendar(country.upper(), subdivision)
        except NotImplementedError as exc:
            key = "subdivision" if subdivision and "subdivision" in str(exc) else "country"
            problem = f"not known to the holidays package: {exc}"
            raise _error(source, f"{prefix}.{key}", problem) from None
        country = country.upper()
    return BusinessHours(zone, tuple(windows), dates, country, subdivision)


def sla_policy_from_config(data: Mapping[str, object], source: Path) -> SlaPolicy:
    """The policy described by the ``[sla]`` table ``data`` of the config file ``source``.

    Missing keys keep the defaults (complaint 1 h, question 4 h, praise 24 h, other 48 h, spam
    none, round the clock). Raises ``ConfigError`` naming the key on any bad value.
    """
    for key in data:
        if key not in _TOP_KEYS:
            known = ", ".join(sorted(_TOP_KEYS))
            raise _error(source, f"sla.{key}", f"unknown key (expected one of: {known})")
    targets = _targets(data, source, "sla", DEFAULT_TARGETS)
    at_risk = data.get("at_risk", DEFAULT_AT_RISK)
    if isinstance(at_risk, bool) or not isinstance(at_risk, int | float) or not 0 < at_risk <= 1:
        problem = f"must be a fraction above 0 and at most 1, got {at_risk!r}"
        raise _error(source, "sla.at_risk", problem)
    platforms: dict[Platform, Targets] = {}
    raw_platforms = data.get("platform", {})
    if not isinstance(raw_platforms, Mapping):
        hint = "must be a table of networks, e.g. [sla.platform.bluesky]"
        raise _error(source, "sla.platform", hint)
    for name, table in raw_platforms.items():
        prefix = f"sla.platform.{name}"
        try:
            platform = Platform(name)
        except ValueError:
            known = ", ".join(p.value for p in Platform)
            raise _error(source, prefix, f"unknown network (expected one of: {known})") from None
        if not isinstance(table, Mapping):
            raise _error(source, prefix, "must be a table of class = duration")
        for key in table:
            if key not in {c.value for c in MentionClass}:
                raise _error(source, f"{prefix}.{key}", "unknown class")
        platforms[platform] = _targets(table, source, prefix, {})
    hours = _business_hours(data["business_hours"], source) if "business_hours" in data else None
    return SlaPolicy(targets, MappingProxyType(platforms), hours, float(at_risk))
