"""Exactly-once send under SIGKILL: kill-and-restart rounds of the push half against loopback
servers: a Mastodon that ignores Idempotency-Key (GoToSocial; 200 rounds), one that honours it,
and a Bluesky PDS (putRecord under the outbox key's record key)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.crash_harness import run_crash_rounds


@pytest.mark.parametrize(
    ("network", "honour_idempotency", "rounds"),
    [("mastodon", False, 200), ("mastodon", True, 40), ("bluesky", False, 40)],
    ids=["gotosocial", "mastodon", "bluesky"],
)
def test_every_reply_is_posted_exactly_once_through_kills(
    tmp_path: Path, network: str, honour_idempotency: bool, rounds: int
) -> None:
    # The time limit is a safety bound for a badly loaded machine; ~25 s is usual for 200.
    report = run_crash_rounds(
        tmp_path,
        rounds=rounds,
        network=network,
        honour_idempotency=honour_idempotency,
        time_limit=240.0,
    )
    assert report.rounds == rounds, report
    assert report.kills >= report.rounds // 3, report  # most rounds really were cut short
    assert report.kills_after_accept >= rounds // 20, report  # the window only keys/reconcile save
    assert report.replies_queued >= report.rounds // 4, report
    assert report.duplicates == 0, report
    assert report.lost == 0, report
    assert report.unsettled == 0, report
    assert report.mismatched == 0, report
    assert report.posted == report.replies_queued, report
