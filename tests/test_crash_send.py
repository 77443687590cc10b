"""Exactly-once send under SIGKILL: 200 kill-and-restart rounds against a loopback server."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.crash_harness import run_crash_rounds


@pytest.mark.parametrize("honour_idempotency", [False, True], ids=["gotosocial", "mastodon"])
def test_every_reply_is_posted_exactly_once_through_kills(
    tmp_path: Path, honour_idempotency: bool
) -> None:
    rounds = 200 if not honour_idempotency else 50
    # The time limit is a safety bound for a badly loaded machine; ~25 s is usual.
    report = run_crash_rounds(
        tmp_path, rounds=rounds, honour_idempotency=honour_idempotency, time_limit=150.0
    )
    assert report.rounds == rounds, report
    assert report.kills >= report.rounds // 3, report  # most rounds really were cut short
    assert report.kills_after_accept >= rounds // 20, report  # the window only reconcile can save
    assert report.replies_queued >= report.rounds // 4, report
    assert report.duplicates == 0, report
    assert report.lost == 0, report
    assert report.unsettled == 0, report
    assert report.mismatched == 0, report
    assert report.posted == report.replies_queued, report
