"""How SQLite reads the Stats figures (EXPLAIN QUERY PLAN, not timing): every aggregate over a
period reads a covering index (no table row, no full scan), and the counts are summed as the
index is read (no sort), whatever the filter."""

from __future__ import annotations

from datetime import UTC
from pathlib import Path

import pytest

from analytics.compute import compute_stats
from analytics.period import period_for
from store.stats import StatsFilter
from tests.conftest import FROZEN, FakeClock
from tests.stats_seeded import seeded_store
from triage import SlaPolicy

FILTERS = (
    StatsFilter(),
    StatsFilter(platforms=("bluesky",), classes=("complaint",)),
    StatsFilter(assignees=("sam",), labels=("billing", "vip")),
)


def _plans(tmp_path: Path, flt: StatsFilter) -> dict[str, list[str]]:
    store = seeded_store(tmp_path / "rd.db", FakeClock(), n=300)
    statements: list[str] = []
    store.conn.set_trace_callback(statements.append)
    compute_stats(store, period_for("30d", FROZEN, UTC), flt, FROZEN, SlaPolicy(), UTC)
    store.conn.set_trace_callback(None)
    plans = {}
    for sql in statements:
        if "INDEXED BY mentions_" in sql:
            rows = store.conn.execute("EXPLAIN QUERY PLAN " + sql).fetchall()
            plans[sql] = [row[-1] for row in rows]
    store.close()
    return plans


@pytest.mark.parametrize("flt", FILTERS)
def test_every_period_aggregate_reads_a_covering_index(tmp_path: Path, flt: StatsFilter) -> None:
    plans = _plans(tmp_path, flt)
    kinds = {"mentions_stats": 0, "mentions_answers": 0}
    for sql, steps in plans.items():
        reads = [s for s in steps if s.startswith(("SEARCH mentions", "SCAN mentions"))]
        assert len(reads) == 1, (sql, steps)
        assert "USING COVERING INDEX mentions_" in reads[0], (sql, steps)
        assert reads[0].startswith("SEARCH"), (sql, steps)  # a range, never the whole index
        kinds[reads[0].split()[5]] += 1
        if "GROUP BY hour" in sql:  # the counts: summed in index order, no sort after the read
            after = steps[steps.index(reads[0]) + 1]
            assert after == "SCAN g", steps
    assert kinds["mentions_stats"] == 2  # the counts and the people
    assert kinds["mentions_answers"] >= 1  # one range per answered group
