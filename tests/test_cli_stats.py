"""``replydesk stats`` and ``replydesk report``: the analytics figures as tables and files,
golden files per format, and bad input (period, unwritable path) as one-line errors."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, timedelta
from pathlib import Path
from typing import Any

import pytest

from analytics.compute import compute_stats
from analytics.definitions import DEFINITIONS
from analytics.export import render
from analytics.period import period_for
from settings.paths import default_paths
from store.stats import StatsFilter
from tests.conftest import FROZEN, FakeClock
from tests.stats_data import add, known_store
from triage import SlaPolicy
from tui.cli import main

GOLDEN = Path(__file__).parent / "fixtures" / "stats"
WEEK = "2026-11-14..2026-11-20"  # the hand-built store's week (tests/stats_data.py)
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], home: Path, clock: FakeClock) -> Any:
    known_store(default_paths(home).db_file, clock).close()

    def invoke(*argv: str) -> tuple[int, str, str]:
        code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    return invoke


@pytest.mark.parametrize("fmt", ["table", "md", "csv", "json", "html"])
def test_each_format_matches_its_golden_file(fmt: str, tmp_path: Path, clock: FakeClock) -> None:
    """The hand-built store's week as of FROZEN, in UTC (tests/test_stats.py checks the
    figures themselves); a change to any wording or number shows up here."""
    store = known_store(tmp_path / "rd.db", clock)
    period = period_for("7d", FROZEN, UTC)
    stats = compute_stats(store, period, StatsFilter(), FROZEN, SlaPolicy(), UTC)
    golden = GOLDEN / f"week.{ {'table': 'txt'}.get(fmt, fmt) }"
    assert render(stats, fmt) == golden.read_text(encoding="utf-8")


def test_stats_prints_the_same_figures_as_json(run: Any) -> None:
    code, out, _ = run("stats", "--period", WEEK, "--format", "json")
    assert code == 0
    data = json.loads(out)
    total = next(c for c in data["classes"] if c["group"] == "all")
    assert (data["received"], total["answered"], total["response_rate"]) == (11, 5, 5 / 8)
    assert data["definitions"] == dict(DEFINITIONS)
    code, table, _ = run("stats", "--period", WEEK)
    assert "Response rate                                        62 %" in table


def test_filters_and_csv(run: Any) -> None:
    code, out, _ = run("stats", "--period", WEEK, "--format", "csv", "--network", "bluesky")
    assert code == 0
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["table", "row", "column", "value"]
    assert ["Summary", "Received", "Value", "1"] in rows
    assert ["Summary", "Filter", "Value", "bluesky; all classes"] in rows


def test_report_writes_markdown_to_a_file(run: Any, tmp_path: Path) -> None:
    target = tmp_path / "board.md"
    code, out, _ = run("report", "--period", WEEK, "--out", str(target))
    assert code == 0 and str(target) in out
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# ReplyDesk report: 2026-11-14..2026-11-20")
    assert "| complaint | 5 | 3 | 60 % |" in text and "## Definitions" in text


def test_html_report_is_one_offline_file(run: Any, tmp_path: Path) -> None:
    target = tmp_path / "board.html"
    code, _, _ = run("report", "--period", WEEK, "--format", "html", "--out", str(target))
    page = target.read_text(encoding="utf-8")
    assert code == 0 and page.count("<svg") == 2  # the volume chart and the heat strip
    assert "http" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")  # no fetches
    assert "<td>@fan</td>" in page and "<dt>Response rate</dt>" in page


def test_bad_input_is_one_line(run: Any, tmp_path: Path) -> None:
    code, _, err = run("report", "--out", str(tmp_path / "missing" / "dir" / "r.md"))
    assert code == 1 and err.startswith("replydesk: Report not written: Cannot write")
    code, _, err = run("stats", "--period", "fortnight")
    assert code == 1 and "Bad period" in err and "Traceback" not in err


def test_readme_states_every_definition() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Stats", 1)[1].split("\n## ", 1)[0]
    for name, text in DEFINITIONS:
        assert f"- **{name}**: {text}" in section, name


def test_the_html_report_escapes_what_people_wrote(tmp_path: Path) -> None:
    from analytics.html import to_html

    store = known_store(tmp_path / "rd.db", FakeClock())
    hostile = "<script>alert(1)</script>"
    for number in range(3):  # the most frequent engager, so the report names them
        add(store, f"h{number}", "praise", FROZEN - timedelta(hours=2 + number), author=hostile)
    period = period_for("7d", FROZEN, UTC)
    page = to_html(compute_stats(store, period, StatsFilter(), FROZEN, SlaPolicy(), UTC))
    assert hostile not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_assignee_label_and_side_by_side(run: Any) -> None:
    code, out, _ = run("stats", "--period", WEEK, "--assignee", "sam", "--label", "Billing")
    assert code == 0
    assert "all networks; all classes; assigned to sam; labelled billing" in out
    # Nobody is assigned in the hand-built store.
    assert any(
        line.startswith("Response rate") and line.endswith(" no data") for line in out.splitlines()
    )
    code, out, _ = run("stats", "--period", WEEK, "--by", "network")
    lines = out.splitlines()
    assert code == 0 and "By network" in lines and "By class" not in lines
    header = lines[lines.index("By network") + 1].split()
    assert header == ["Figure", "bluesky", "mastodon"]
    assert any(line.split()[:4] == ["Median", "(wall)", "1.0", "h"] for line in lines)
    code, out, _ = run("report", "--period", WEEK, "--by", "account", "--format", "md")
    assert "| Figure | acct | sky |" in out
