"""The long reliability runs (``make faults``): 1 000 crash rounds and 10 minutes of faults.

    python -m bench.faults [--rounds N] [--minutes M]

1. Exactly-once send: ``--rounds`` SIGKILL-and-restart rounds of the push half against a
   loopback Mastodon that ignores ``Idempotency-Key`` (GoToSocial's way, so reconciliation is
   what prevents duplicates), then a fifth as many against one that honours it and against a
   Bluesky PDS (replies written with ``putRecord`` under the outbox key's record key).
2. Faults: ``--minutes`` of random wire faults (500, HTML 503, truncated JSON, wrong content
   type, wrong shape, resets, 429 with reset headers, stalled bodies) and new mentions, through
   the real ``replydesk sync`` loop on a fake clock, against a loopback Mastodon and then as
   long against a loopback Bluesky PDS.

Writes the counts (sends, duplicates, losses, errors) to ``bench/results/faults.json`` and
exits 1 if any reply was posted twice or lost, or any mention or traceback went astray. The
normal suite runs the same harnesses, shorter (tests/test_crash_send.py,
tests/test_sync_faults.py).
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from tests.crash_harness import CrashReport, run_crash_rounds
from tests.fault_server import FAULT_KINDS, NETWORKS, FaultReport, run_faulty_sync

RESULTS = Path(__file__).resolve().parent / "results" / "faults.json"


def crash_ok(report: CrashReport) -> bool:
    """Every queued reply posted exactly once and every outbox row says so."""
    return (
        report.duplicates == report.lost == report.unsettled == report.mismatched == 0
        and report.posted == report.replies_queued
    )


def faults_ok(report: FaultReport) -> bool:
    """The loop survived, said what went wrong without tracebacks, and lost no mention."""
    return (
        report.exit_code == 130
        and report.tracebacks == 0
        and report.lost == report.extra == 0
        and report.rate_limit_respected
        and report.hot_retries == 0
    )


def main(argv: list[str] | None = None) -> int:
    """Run both, write the results, and say whether everything held."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=1000, help="crash rounds (default 1000)")
    parser.add_argument("--minutes", type=float, default=10.0, help="fault minutes (default 10)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        (root / "ignored").mkdir()
        (root / "honoured").mkdir()
        ignored = run_crash_rounds(
            root / "ignored", rounds=args.rounds, honour_idempotency=False, time_limit=3600
        )
        print(f"crash, Idempotency-Key ignored: {ignored}")
        honoured = run_crash_rounds(
            root / "honoured",
            rounds=max(1, args.rounds // 5),
            honour_idempotency=True,
            time_limit=3600,
        )
        print(f"crash, Idempotency-Key honoured: {honoured}")
        (root / "bluesky").mkdir()
        bluesky = run_crash_rounds(
            root / "bluesky", rounds=max(1, args.rounds // 5), network="bluesky", time_limit=3600
        )
        print(f"crash, Bluesky record keys: {bluesky}")
        faults = {
            network: run_faulty_sync(
                root / f"home-{network}",
                list(FAULT_KINDS),
                network=network,
                duration=args.minutes * 60,
                max_rounds=1_000_000,
            )
            for network in NETWORKS
        }
        for network, report in faults.items():
            print(f"faults, {network}: {report.as_dict()}")
    passed = all(map(crash_ok, (ignored, honoured, bluesky))) and all(
        map(faults_ok, faults.values())
    )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {
                "when": datetime.now(UTC).isoformat(timespec="seconds"),
                "python": platform.python_version(),
                "passed": passed,
                "crash_idempotency_ignored": ignored.as_dict(),
                "crash_idempotency_honoured": honoured.as_dict(),
                "crash_bluesky": bluesky.as_dict(),
                "faults": faults["mastodon"].as_dict(),
                "faults_bluesky": faults["bluesky"].as_dict(),
            },
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"{'PASS' if passed else 'FAIL'}: results in {RESULTS}")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
