"""Faults on the wire through the whole ``replydesk sync`` loop, against Mastodon and Bluesky: it
keeps going, backs off as the server allows, says one clear line per fault, and loses no
mention."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fault_server import FAULT_KINDS, NETWORKS, run_faulty_sync

# The recorded notifications each fake starts with, plus the six the harness adds.
MENTIONS = {"mastodon": 8, "bluesky": 6}


@pytest.mark.parametrize("network", NETWORKS)
def test_the_sync_loop_outlives_every_fault_and_loses_nothing(network: str, tmp_path: Path) -> None:
    report = run_faulty_sync(tmp_path / "home", list(FAULT_KINDS), network=network)
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
    assert report.stored_mentions == report.server_mentions == MENTIONS[network], report
