"""Every figure of a generated store (tests/stats_seeded.py) for several periods, zones,
business hours and filters, against the figures recorded before the Stats queries were
rewritten for speed (tests/fixtures/stats/seeded.json): the same numbers, to the millisecond.
The per-account figures and the assignee and label cases were added to the file after."""

from __future__ import annotations

import json
from datetime import UTC
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from analytics.compute import compute_stats
from analytics.export import to_json
from analytics.period import period_for
from store import Store
from store.stats import StatsFilter
from tests.conftest import FROZEN, FakeClock
from tests.stats_seeded import seeded_store
from triage import SlaPolicy
from triage.business_hours import BusinessHours

GOLDEN = Path(__file__).parent / "fixtures" / "stats" / "seeded.json"
BERLIN = ZoneInfo("Europe/Berlin")
KOLKATA = ZoneInfo("Asia/Kolkata")
OFFICE = BusinessHours(BERLIN, ((540, 1020),) * 5 + (None, None))
CASES: dict[str, tuple[str, Any, SlaPolicy, StatsFilter]] = {
    "7d": ("7d", UTC, SlaPolicy(), StatsFilter()),
    "30d_office": ("30d", BERLIN, SlaPolicy(hours=OFFICE), StatsFilter()),
    "30d_kolkata": ("30d", KOLKATA, SlaPolicy(), StatsFilter()),
    "today": ("today", UTC, SlaPolicy(), StatsFilter()),
    "bluesky": ("30d", UTC, SlaPolicy(), StatsFilter(platforms=("bluesky",))),
    "sam_billing": ("30d", UTC, SlaPolicy(), StatsFilter(assignees=("sam",), labels=("billing",))),
    "complaints_page": (
        "30d",
        UTC,
        SlaPolicy(),
        StatsFilter(classes=("complaint", "question"), accounts=("page", "gram")),
    ),
}


def figures(store: Store) -> dict[str, Any]:
    """Each case's figures as the JSON report holds them (definitions left out)."""
    out = {}
    for name, (period, zone, policy, flt) in CASES.items():
        stats = compute_stats(store, period_for(period, FROZEN, zone), flt, FROZEN, policy, zone)
        data = json.loads(to_json(stats))
        del data["definitions"]
        out[name] = data
    return out


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Store:
    return seeded_store(tmp_path_factory.mktemp("seeded") / "rd.db", FakeClock())


@pytest.mark.parametrize("case", list(CASES))
def test_figures_match_the_recorded_ones(seeded: Store, case: str) -> None:
    recorded = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert figures(seeded)[case] == recorded[case]
