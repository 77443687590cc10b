"""The figures of a hand-built store (tests/stats_data.py) against values worked out by hand,
periods, and business time across nights, weekends and a daylight-saving change."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.errors import ConfigError
from analytics.business import OpenClock, business_seconds
from analytics.compute import compute_stats, nearest_rank
from analytics.figures import ALL, Stats
from analytics.period import period_for
from analytics.tables import NO_DATA, all_tables
from store import Store
from store.stats import StatsFilter
from tests.conftest import FROZEN, FakeClock
from tests.stats_data import known_store
from triage import SlaPolicy
from triage.business_hours import BusinessHours

BERLIN = ZoneInfo("Europe/Berlin")
OFFICE = BusinessHours(BERLIN, ((540, 1020),) * 5 + (None, None))  # Mon–Fri 09:00–17:00


@pytest.fixture
def store(tmp_path: Path, clock: FakeClock) -> Store:
    return known_store(tmp_path / "rd.db", clock)


EVERYTHING = StatsFilter()
ROUND_THE_CLOCK = SlaPolicy()


def stats(
    store: Store, flt: StatsFilter = EVERYTHING, policy: SlaPolicy = ROUND_THE_CLOCK
) -> Stats:
    return compute_stats(store, period_for("7d", FROZEN, UTC), flt, FROZEN, policy, UTC)


def test_figures_by_class_match_the_hand_count(store: Store) -> None:
    s = stats(store)
    c = s.of("complaint")
    # c1..c5 (g1 was deleted, "old" is before the period): c1, c2, c5 answered.
    assert (c.received, c.answerable, c.answered) == (5, 5, 3)
    assert c.response_rate == pytest.approx(0.6)
    assert (c.median_s, c.p90_s) == (1800, 7200)  # sorted 0, 1800, 7200
    assert (c.sla_met, c.sla_missed) == (2, 2)  # met c1 c5; late c2, past due c3; c4 not yet
    assert c.within_hour_share == pytest.approx(0.4)
    q = s.of("question")
    assert (q.received, q.closed, q.answerable, q.answered, q.median_s) == (2, 1, 1, 1, 3600)
    assert q.within_hour == 1  # answered after exactly 60 minutes: within the hour
    p = s.of("praise")
    assert (p.answered, p.sla_met, p.sla_missed, p.median_s) == (1, 1, 1, 5 * 3600)
    other = s.of("other")  # its one mention was marked spam
    assert (other.received, other.response_rate, other.median_s) == (0, None, None)
    total = s.of(ALL)
    assert (total.received, total.answerable, total.answered) == (9, 8, 5)
    assert (total.median_s, total.p90_s) == (3600, 5 * 3600)  # 0 1800 3600 7200 18000
    assert total.sla_met_share == pytest.approx(4 / 7)
    assert (s.spam, s.received, s.skewed) == (2, 11, 1)


def test_backlog_volume_and_people(store: Store) -> None:
    s = stats(store)
    assert (s.open_now, s.overdue_now) == (3, 2)  # c3, c4, p2; c3 and p2 overdue
    assert s.median_open_age_s == 5 * 3600  # ages 6 d, 5 h, 30 min: the middle is c3
    assert [d.day for d in s.days] == [date(2026, 11, 14) + timedelta(days=i) for i in range(7)]
    assert sum(d.total for d in s.days) == sum(s.hours) == 11
    by_day = {d.day: dict(d.counts) for d in s.days}
    assert by_day[date(2026, 11, 19)] == {
        "complaint": 1,
        "question": 1,
        "praise": 0,
        "other": 0,
        "spam": 1,
    }  # c2 at 19:00, q2 and s1 at 15:00 the day before now
    assert s.hours[5] == 1  # c1
    assert s.hours[15] == 6  # c5, q1, q2, p1, p2, s1 were all posted at 15:00 on their day
    # 4, 3, then the earliest of the days with one
    assert [d.day for d in s.busiest] == [date(2026, 11, d) for d in (20, 19, 14)]
    assert (s.engagers[0].handle, s.engagers[0].count) == ("@fan", 2)
    assert [(a.handle, a.praise) for a in s.advocates] == [("@fan", 2)]


def test_filters_narrow_every_figure(store: Store) -> None:
    sky = stats(store, StatsFilter(platforms=("bluesky",)))
    assert (sky.received, sky.of(ALL).answered, sky.open_now) == (1, 1, 0)
    complaints = stats(store, StatsFilter(classes=("complaint",)))
    assert (complaints.received, complaints.of("question").received) == (5, 0)
    assert complaints.advocates == ()
    assert stats(store).networks == ("bluesky", "mastodon")


def test_networks_side_by_side(store: Store) -> None:
    mastodon, bluesky = sorted(stats(store).by_network, key=lambda f: f.group != "mastodon")
    assert (mastodon.group, mastodon.received, mastodon.answered) == ("mastodon", 8, 4)
    assert (mastodon.median_s, mastodon.p90_s) == (1800, 5 * 3600)  # 0 1800 7200 18000
    assert (bluesky.group, bluesky.received, bluesky.answered, bluesky.median_s) == (
        "bluesky",
        1,
        1,
        3600,
    )


def test_an_empty_period_says_no_data(tmp_path: Path, clock: FakeClock) -> None:
    s = stats(known_store(tmp_path / "rd.db", clock), StatsFilter(platforms=("x",)))
    assert s.empty and s.of(ALL).response_rate is None and s.of(ALL).median_s is None
    cells = [c for t in all_tables(s) for r in t.rows for c in r]
    assert NO_DATA in cells and not any("nan" in c.lower() for c in cells)


def test_business_hours_times_count_only_open_minutes(store: Store) -> None:
    s = stats(store, policy=SlaPolicy(hours=OFFICE))
    c = s.of("complaint")
    # Berlin is UTC+1: c1 05:00–05:30 UTC (06:00 local, closed) → 0; c2 Thu 19:00–21:00 UTC
    # (after closing) → 0; c5 skewed → 0.
    assert (c.median_s, c.business_median_s) == (1800, 0)
    assert s.business_hours == "Mon–Fri 09:00–17:00 Europe/Berlin"
    assert stats(store).business_hours is None  # none set: business equals wall-clock
    assert stats(store).of(ALL).business_p90_s == stats(store).of(ALL).p90_s


def test_days_and_hours_in_a_zone_half_an_hour_off(store: Store) -> None:
    kolkata = ZoneInfo("Asia/Kolkata")  # UTC+5:30: buckets must be quarter hours
    s = compute_stats(
        store, period_for("7d", FROZEN, kolkata), StatsFilter(), FROZEN, SlaPolicy(), kolkata
    )
    assert s.hours[10] == 1  # c1 at 05:00 UTC
    # The six posted at 15:00 UTC (20:30 there) and c4 at 14:30 UTC (20:00 there; an hour
    # bucket 14:00 UTC would put it at 19:30).
    assert (s.hours[19], s.hours[20]) == (0, 7)
    by_day = {d.day: d.total for d in s.days}
    assert by_day[date(2026, 11, 20)] == 5  # c2 (00:30 there), c1, o1, c3, c4


def test_business_time_over_a_weekend_and_a_dst_change() -> None:
    # Fri 23 Oct 2026 16:00 CEST to Mon 26 Oct 10:00 CET (clocks went back on the Sunday).
    posted = datetime(2026, 10, 23, 16, 0, tzinfo=BERLIN).timestamp()
    answered = datetime(2026, 10, 26, 10, 0, tzinfo=BERLIN).timestamp()
    assert answered - posted == 67 * 3600  # 66 h of local clock, plus the hour given back
    assert business_seconds(OFFICE, [(posted, answered)]) == [2 * 3600.0]
    assert business_seconds(OFFICE, [(answered, posted)]) == [0.0]


@settings(max_examples=60, deadline=None)
@given(
    start=st.datetimes(datetime(2026, 1, 1), datetime(2026, 12, 1), timezones=st.just(UTC)),
    minutes=st.integers(1, 60 * 24 * 10),
    split=st.floats(0, 1),
)
def test_business_time_agrees_with_the_sla_clock(
    start: datetime, minutes: int, split: float
) -> None:
    """The open time up to ``hours.add(start, d)`` is ``d``, and it adds up over a split."""
    end = OFFICE.add(start, timedelta(minutes=minutes))
    a, c = start.timestamp(), end.timestamp()
    b = a + (c - a) * split
    clock = OpenClock(OFFICE, a, c)
    assert clock.between(a, c) == pytest.approx(minutes * 60, abs=1e-3)
    assert clock.between(a, b) + clock.between(b, c) == pytest.approx(minutes * 60, abs=1e-3)
    assert clock.between(a, b) <= b - a + 1e-6


def test_nearest_rank() -> None:
    assert nearest_rank([], 50) is None
    assert nearest_rank([5.0], 90) == 5.0
    assert nearest_rank([1.0, 2.0, 3.0, 4.0], 50) == 2.0
    assert nearest_rank([float(i) for i in range(1, 11)], 90) == 9.0


def test_periods() -> None:
    now = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)
    week = period_for("7d", now, BERLIN)
    assert week.start == datetime(2026, 11, 13, 23, 0, tzinfo=UTC)  # Berlin midnight
    assert (week.first, week.last, week.end) == (date(2026, 11, 14), date(2026, 11, 20), now)
    assert len(period_for("30d", now, UTC).days) == 30
    assert period_for("today", now, UTC).start == datetime(2026, 11, 20, tzinfo=UTC)
    custom = period_for("2026-10-01..2026-10-31", now, UTC)
    assert (len(custom.days), custom.end) == (31, datetime(2026, 11, 1, tzinfo=UTC))
    for bad in (
        "week",
        "2026-10-31..2026-10-01",
        "2026-02-30..2026-03-01",
        "2020-01-01..2026-01-01",
    ):
        with pytest.raises(ConfigError):
            period_for(bad, now, UTC)


def _id(store: Store, key: str) -> int:
    return int(store.scalar("SELECT id FROM mentions WHERE remote_id = ?", (key,)))


def test_assignee_and_label_filters(store: Store) -> None:
    store.assign(_id(store, "c1"), "sam")  # answered in 30 min, met
    store.assign(_id(store, "c3"), "sam")  # waiting, past due
    store.set_labels(_id(store, "c1"), ["billing"])
    store.set_labels(_id(store, "q1"), ["billing", "vip"])  # Bluesky, answered in 1 h
    store.set_labels(_id(store, "p2"), ["vip"])  # waiting, 5 d past due
    sam = stats(store, StatsFilter(assignees=("sam",)))
    assert (sam.received, sam.of(ALL).answered, sam.of(ALL).median_s) == (2, 1, 1800)
    assert (sam.of(ALL).sla_met, sam.of(ALL).sla_missed, sam.open_now, sam.overdue_now) == (
        1,
        1,
        1,
        1,
    )
    billing = stats(store, StatsFilter(labels=("billing",)))
    assert (billing.received, billing.of(ALL).median_s, billing.of(ALL).p90_s) == (2, 1800, 3600)
    assert billing.networks == ("bluesky", "mastodon") and billing.open_now == 0
    either = stats(store, StatsFilter(labels=("billing", "vip")))
    assert (either.received, either.open_now) == (3, 1)
    both = stats(store, StatsFilter(assignees=("sam",), labels=("billing",)))
    assert (both.received, both.of(ALL).answered) == (1, 1)
    nobody = stats(store, StatsFilter(assignees=("",)))
    assert nobody.received == stats(store).received - 2
    assert "assigned to sam; labelled billing" in all_tables(both)[0].rows[1][1]


def test_accounts_side_by_side(store: Store) -> None:
    s = stats(store)
    acct, sky = s.by_account
    assert (acct.group, acct.received, acct.answered, acct.median_s) == ("acct", 8, 4, 1800)
    assert (sky.group, sky.received, sky.answered, sky.median_s) == ("sky", 1, 1, 3600)
    table = all_tables(s, "account")[1]
    assert table.header == ("Figure", "acct", "sky")
    assert ("Median (wall)", "30 min", "1.0 h") in table.rows
