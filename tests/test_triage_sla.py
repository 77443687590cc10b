"""SLAs: due times with business hours, holidays, DST, platform overrides; urgency; config."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from adapters.errors import ConfigError
from adapters.records import Platform
from triage import (
    Due,
    MentionClass,
    SlaPolicy,
    Urgency,
    default_sla_policy,
    due,
    humanize_delta,
    sla_policy_from_config,
    urgency,
)

C = MentionClass
BERLIN = ZoneInfo("Europe/Berlin")
CONFIG = Path("config.toml")
MASTODON, BLUESKY = Platform.MASTODON, Platform.BLUESKY


def berlin(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    """A Berlin wall-clock time as an aware datetime."""
    return datetime(year, month, day, hour, minute, tzinfo=BERLIN)


def policy(**sla: object) -> SlaPolicy:
    """A policy with Mon–Fri 09:00–17:00 Berlin hours plus the given [sla] keys."""
    hours: Mapping[str, object] = {"timezone": "Europe/Berlin", "mon-fri": "09:00-17:00"}
    extra = sla.pop("business_hours", {})
    assert isinstance(extra, dict)
    return sla_policy_from_config({"business_hours": {**hours, **extra}, **sla}, CONFIG)


def test_default_targets() -> None:
    p = default_sla_policy()
    created = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
    expected = {C.COMPLAINT: 1, C.QUESTION: 4, C.PRAISE: 24, C.OTHER: 48}
    for cls, hours in expected.items():
        d = due(created, cls, MASTODON, p)
        assert d.due_at == created + timedelta(hours=hours)
        assert d.rule == f"{cls}: {hours} h"
    spam = due(created, C.SPAM, MASTODON, p)
    assert (spam.due_at, spam.sla, spam.rule) == (None, None, "spam: no SLA")
    assert urgency(spam, created, created + timedelta(days=9), p) is Urgency.NONE


def test_friday_afternoon_complaint_is_due_monday_morning() -> None:
    d = due(berlin(2026, 5, 8, 16, 30), C.COMPLAINT, MASTODON, policy())
    assert d.due_at == berlin(2026, 5, 11, 9, 30)
    assert d.rule == "complaint: 1 h (Mon–Fri 09:00–17:00 Europe/Berlin)"


def test_the_clock_starts_at_opening_time() -> None:
    p = policy()
    saturday = due(berlin(2026, 5, 9, 11, 0), C.COMPLAINT, MASTODON, p)
    assert saturday.due_at == berlin(2026, 5, 11, 10, 0)
    early = due(berlin(2026, 5, 11, 6, 0), C.QUESTION, MASTODON, p)
    assert early.due_at == berlin(2026, 5, 11, 13, 0)


def test_long_slas_span_several_business_days() -> None:
    d = due(berlin(2026, 5, 11, 9, 0), C.OTHER, MASTODON, policy())  # 48 h = 6 days of 8 h
    assert d.due_at == berlin(2026, 5, 18, 17, 0)


def test_listed_holidays_are_skipped() -> None:
    p = policy(business_hours={"holidays": ["2026-05-11", date(2026, 5, 12)]})
    d = due(berlin(2026, 5, 8, 16, 30), C.COMPLAINT, MASTODON, p)
    assert d.due_at == berlin(2026, 5, 13, 9, 30)
    assert d.rule.endswith("Europe/Berlin, holidays: 2 dates)")


def test_country_holidays_come_from_the_holidays_package() -> None:
    # Christmas 2026: Friday 25 and Saturday 26 December are public holidays in Germany.
    p = policy(business_hours={"country": "de"})
    d = due(berlin(2026, 12, 24, 16, 30), C.COMPLAINT, MASTODON, p)
    assert d.due_at == berlin(2026, 12, 28, 9, 30)
    assert "holidays: DE" in d.rule


def test_weekend_across_the_spring_dst_change() -> None:
    # Clocks go forward on Sunday 29 March 2026: Friday is UTC+1, Monday UTC+2.
    d = due(berlin(2026, 3, 27, 16, 30), C.COMPLAINT, MASTODON, policy())
    assert d.due_at == datetime(2026, 3, 30, 7, 30, tzinfo=UTC)
    assert d.due_at == berlin(2026, 3, 30, 9, 30)


def test_open_round_the_clock_counts_real_hours_on_a_dst_day() -> None:
    # The 29 March has only 23 hours: 24 h of open time end one wall-clock hour later.
    p = sla_policy_from_config(
        {"business_hours": {"timezone": "Europe/Berlin", "mon-sun": "00:00-24:00"}}, CONFIG
    )
    d = due(berlin(2026, 3, 28, 12, 0), C.PRAISE, MASTODON, p)
    assert d.due_at == berlin(2026, 3, 29, 13, 0)
    assert d.due_at - berlin(2026, 3, 28, 12, 0) == timedelta(hours=24)


def test_calendar_time_without_business_hours_ignores_dst() -> None:
    created = berlin(2026, 10, 24, 12, 0)  # clocks go back on 25 October
    d = due(created, C.PRAISE, MASTODON, default_sla_policy())
    # 24 real hours: the wall clock shows 11:00, since an hour was repeated overnight.
    assert d.due_at == created.astimezone(UTC) + timedelta(hours=24)
    assert d.due_at is not None and d.due_at.astimezone(BERLIN).hour == 11


def test_per_platform_override() -> None:
    p = sla_policy_from_config({"platform": {"bluesky": {"complaint": "30m"}}}, CONFIG)
    created = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
    sky = due(created, C.COMPLAINT, BLUESKY, p)
    assert sky.due_at == created + timedelta(minutes=30)
    assert sky.rule == "complaint on bluesky: 30 min"
    assert due(created, C.COMPLAINT, MASTODON, p).due_at == created + timedelta(hours=1)


def test_urgency_in_business_time() -> None:
    p = policy()
    created = berlin(2026, 5, 8, 16, 30)
    d = due(created, C.COMPLAINT, MASTODON, p)
    assert d.at_risk_at == berlin(2026, 5, 11, 9, 15)  # 45 of 60 open minutes
    assert urgency(d, created, berlin(2026, 5, 8, 16, 59), p) is Urgency.OK
    assert urgency(d, created, berlin(2026, 5, 10, 23, 0), p) is Urgency.OK
    assert urgency(d, created, berlin(2026, 5, 11, 9, 15), p) is Urgency.AT_RISK
    assert urgency(d, created, berlin(2026, 5, 11, 9, 30), p) is Urgency.OVERDUE


def test_urgency_works_out_at_risk_when_a_stored_due_lacks_it() -> None:
    p = policy()
    created = berlin(2026, 5, 8, 16, 30)
    stored = Due(berlin(2026, 5, 11, 9, 30), timedelta(hours=1), "complaint: 1 h")
    assert urgency(stored, created, berlin(2026, 5, 11, 9, 10), p) is Urgency.OK
    assert urgency(stored, created, berlin(2026, 5, 11, 9, 20), p) is Urgency.AT_RISK


def test_naive_times_are_taken_as_utc() -> None:
    d = due(datetime(2026, 3, 2, 12, 0), C.COMPLAINT, MASTODON, default_sla_policy())
    assert d.due_at == datetime(2026, 3, 2, 13, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1h", timedelta(hours=1)),
        ("90m", timedelta(minutes=90)),
        ("1h30m", timedelta(minutes=90)),
        ("1 h 30 min", timedelta(minutes=90)),
        ("45 min", timedelta(minutes=45)),
        ("2d", timedelta(days=2)),
        ("1.5h", timedelta(minutes=90)),
        (30, timedelta(minutes=30)),
        ("none", None),
        (False, None),
    ],
)
def test_durations(value: object, expected: timedelta | None) -> None:
    p = sla_policy_from_config({"question": value}, CONFIG)
    assert p.targets[C.QUESTION] == expected


def test_closed_days_and_ranges() -> None:
    p = policy(business_hours={"sat": "10:00-14:00", "wed": "closed"})
    assert p.hours is not None
    assert p.hours.describe() == (
        "Mon–Tue 09:00–17:00, Thu–Fri 09:00–17:00, Sat 10:00–14:00 Europe/Berlin"
    )


@pytest.mark.parametrize(
    ("data", "key", "problem"),
    [
        ({"complaint": "soon"}, "sla.complaint", "not a duration"),
        ({"complaint": -5}, "sla.complaint", "positive"),
        ({"complaint": True}, "sla.complaint", "duration"),
        ({"compliant": "1h"}, "sla.compliant", "unknown key"),
        ({"at_risk": 1.5}, "sla.at_risk", "fraction"),
        ({"platform": {"twitter": {"complaint": "1h"}}}, "sla.platform.twitter", "unknown network"),
        ({"platform": {"bluesky": {"complain": "1h"}}}, "sla.platform.bluesky.complain", "class"),
        ({"business_hours": {"mon": "9-5"}}, "sla.business_hours.timezone", "required"),
        (
            {"business_hours": {"timezone": "Mars/Olympus", "mon": "09:00-17:00"}},
            "sla.business_hours.timezone",
            "unknown time zone",
        ),
        (
            {"business_hours": {"timezone": "UTC", "mon": "9-5"}},
            "sla.business_hours.mon",
            "not opening hours",
        ),
        (
            {"business_hours": {"timezone": "UTC", "mon": "17:00-09:00"}},
            "sla.business_hours.mon",
            "before closing",
        ),
        (
            {"business_hours": {"timezone": "UTC", "funday": "09:00-17:00"}},
            "sla.business_hours.funday",
            "unknown key",
        ),
        ({"business_hours": {"timezone": "UTC"}}, "sla.business_hours", "no open day"),
        (
            {"business_hours": {"timezone": "UTC", "mon": "09:00-17:00", "holidays": ["soon"]}},
            "sla.business_hours.holidays[1]",
            "not a date",
        ),
        (
            {"business_hours": {"timezone": "UTC", "mon": "09:00-17:00", "country": "XX"}},
            "sla.business_hours.country",
            "holidays package",
        ),
    ],
)
def test_bad_config_names_the_key(data: Mapping[str, object], key: str, problem: str) -> None:
    with pytest.raises(ConfigError) as err:
        sla_policy_from_config(data, CONFIG)
    message = str(err.value)
    assert message.startswith("config.toml: key ")
    assert f"key {key}:" in message
    assert problem in message


@pytest.mark.parametrize(
    ("delta", "text"),
    [
        (timedelta(seconds=20), "<1 min"),
        (timedelta(minutes=45), "45 min"),
        (timedelta(hours=2, minutes=10), "2 h 10 min"),
        (timedelta(hours=3), "3 h"),
        (timedelta(days=3, hours=4, minutes=59), "3 d 4 h"),
        (-timedelta(minutes=5), "5 min"),
    ],
)
def test_humanize_delta(delta: timedelta, text: str) -> None:
    assert humanize_delta(delta) == text
