"""Faults on the wire through the whole ``replydesk sync`` loop: it keeps going, backs off as the
server allows, says one clear line per fault, and loses no mention."""

from __future__ import annotations

from pathlib import Path

from tests.fault_server import FAULT_KINDS, run_faulty_sync


def test_the_sync_loop_outlives_every_fault_and_loses_nothing(tmp_path: Path) -> None:
    report = run_faulty_sync(tmp_path / "home", list(FAULT_KINDS))
    assert report.exit_code == 130, report.error_text  # stopped by "Ctrl-C", not by a fault
    assert report.faults == dict.fromkeys(FAULT_KINDS, 1), report
    assert report.tracebacks == 0, report.error_text
    assert report.error_lines == len(FAULT_KINDS), report.error_text  # one line per fault
    lines = {line.split(" (next try")[0] for line in report.error_text.splitlines()}
    assert len(lines) >= len(FAULT_KINDS) - 1, report.error_text  # words that tell them apart
    assert report.rate_limit_respected, report
    assert report.hot_retries == 0, report
    assert report.rounds < 80, report  # it settled; not cut off by the bound
    assert report.lost == 0, report
    assert report.extra == 0, report
    assert report.stored_mentions == report.server_mentions == 8, report
