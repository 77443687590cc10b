"""Scheduled reports ([[report]] in config.toml): when each is due, written once whoever
looks and however often (the app restarted, cron and the app both), a bad schedule named with
its line, and ``replydesk report --due`` for cron."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from adapters.errors import ConfigError
from settings.config import load_config
from settings.paths import default_paths
from settings.reports import Schedule, parse_every
from tests.conftest import FROZEN, FakeClock
from tests.pilot_helpers import demo_app, wait_for
from tests.stats_data import known_store
from triage import SlaPolicy
from tui.reports_due import write_due

BERLIN = ZoneInfo("Europe/Berlin")


def test_schedules_parse() -> None:
    assert parse_every("monday 09:00") == Schedule("weekly", 0, time(9, 0))
    assert parse_every("Fri 17:30") == Schedule("weekly", 4, time(17, 30))
    assert parse_every("daily 08:05") == Schedule("daily", 0, time(8, 5))
    assert parse_every("monthly 1 09:00") == Schedule("monthly", 1, time(9, 0))
    for bad in ("monday", "monday 25:00", "m 09:00", "monthly 31 09:00", "daily 3 09:00", ""):
        with pytest.raises(
            ValueError, match=r"schedule|time of day|day of the month|day n|weekday"
        ):
            parse_every(bad)


def test_the_latest_time_at_or_before_now() -> None:
    monday = parse_every("monday 09:00")
    # FROZEN is Friday 2026-11-20 15:00 UTC (16:00 in Berlin).
    assert monday.last(FROZEN, BERLIN) == datetime(2026, 11, 16, 9, 0, tzinfo=BERLIN)
    at_nine = datetime(2026, 11, 16, 8, 0, tzinfo=UTC)  # Monday 09:00 in Berlin exactly
    assert monday.last(at_nine, BERLIN) == at_nine
    assert monday.last(at_nine - timedelta(seconds=1), BERLIN).day == 9  # the Monday before
    assert parse_every("daily 17:00").last(FROZEN, BERLIN).day == 19
    assert parse_every("monthly 1 09:00").last(FROZEN, BERLIN).date().isoformat() == ("2026-11-01")
    # Across the end of summer time (25 October 2026 in Berlin): still 09:00 local.
    sunday = parse_every("sunday 09:00").last(datetime(2026, 10, 26, tzinfo=UTC), BERLIN)
    assert sunday.utcoffset() == timedelta(hours=1) and sunday.hour == 9


def _config(home: Path, body: str) -> Path:
    path = home / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(body, encoding="utf-8")
    return path


def test_a_bad_schedule_names_the_report_key_and_line(tmp_path: Path) -> None:
    path = _config(
        tmp_path,
        '[[report]]\nevery = "monday 09:00"\nto = "r"\n\n[[report]]\nevery = "fortnightly"\n',
    )
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert f"{path}, line 6: report 2, 'every' must be like" in caught.value.msg
    path.write_text('[[report]]\nevery = "daily 08:00"\nformat = "pdf"\nto = "r"\n')
    with pytest.raises(ConfigError, match="line 3: report 1, 'format' must be one of"):
        load_config(path)


def test_written_once_whoever_looks(tmp_path: Path, clock: FakeClock) -> None:
    store = known_store(tmp_path / "rd.db", clock)
    path = _config(
        tmp_path,
        f'[[report]]\nevery = "friday 09:00"\nperiod = "7d"\nformat = "md"\n'
        f'to = "{tmp_path}/out"\n'
        f'[[report]]\nevery = "daily 14:00"\nformat = "json"\nby = "account"\n'
        f'to = "{tmp_path}/out"\n',
    )
    specs = load_config(path).reports
    policy = SlaPolicy()
    first = write_due(store, specs, policy, FROZEN)
    names = sorted(p.name for p in first.written)
    assert names == [
        "replydesk-7d-2026-11-20-0900.md",
        "replydesk-7d-by-account-2026-11-20-1400.json",
    ]
    weekly = tmp_path / "out" / names[0]
    assert "# ReplyDesk report: last 7 days" in weekly.read_text(encoding="utf-8")
    # Later the same day, or after a restart: nothing new; the next day: the daily one only.
    assert write_due(store, specs, policy, FROZEN + timedelta(hours=2)).written == []
    later = write_due(store, specs, policy, FROZEN + timedelta(days=1))
    assert [p.name for p in later.written] == ["replydesk-7d-by-account-2026-11-21-1400.json"]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(
        [*names, later.written[0].name]
    )


def test_an_unwritable_folder_is_an_error_not_a_crash(tmp_path: Path, clock: FakeClock) -> None:
    store = known_store(tmp_path / "rd.db", clock)
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    path = _config(tmp_path, f'[[report]]\nevery = "daily 08:00"\nto = "{blocker}/reports"\n')
    outcome = write_due(store, load_config(path).reports, SlaPolicy(), FROZEN)
    assert outcome.written == [] and outcome.errors[0].title == "Report not written"


def test_report_due_for_cron(run: Any, home: Path) -> None:
    code, out, _ = run("report", "--due")
    assert code == 0 and "No [[report]] schedules" in out
    config = default_paths(home).config_file.parent
    _config(config, f'[[report]]\nevery = "daily 08:00"\nformat = "html"\nto = "{home}/reports"\n')
    code, out, _ = run("report", "--due")
    assert code == 0 and out.startswith("Wrote ") and out.strip().endswith(".html.")
    code, out, _ = run("report", "--due")
    assert code == 0 and out.strip() == "No scheduled report is due."
    _config(config, '[[report]]\nevery = "someday"\nto = "x"\n')
    code, _, err = run("report", "--due")
    assert code == 1 and "'every' must be like" in err and "Traceback" not in err


async def test_the_running_app_writes_a_due_report_once(home: Path, tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    _config(
        default_paths(home).config_dir,
        f'[[report]]\nevery = "daily 08:00"\nformat = "html"\nto = "{folder}"\n',
    )
    for run in range(2):  # the second run is the app started again
        app = demo_app(home, FakeClock())
        async with app.run_test(size=(120, 36)) as pilot:
            await wait_for(pilot, lambda app=app: app.reports_looked >= 1)
            toasts = [n.message for n in app._notifications if n.title == "Scheduled report"]
            written = [p.name for p in folder.iterdir()]
            # 08:00 of the 19th or the 20th, as the computer's zone has it.
            assert len(written) == 1 and written[0].startswith("replydesk-7d-2026-11-")
            assert written[0].endswith("-0800.html")
            assert len(toasts) == (1 if run == 0 else 0)
