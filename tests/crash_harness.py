"""Kill the push half with SIGKILL at random points; then count sends, duplicates and losses.

Each round forks a child process that opens the real SQLite file and runs ``Pusher.recover``
and ``Pusher.push_ready`` (what ``replydesk sync`` does after its pull) against a Mastodon-API
server on 127.0.0.1, and kills it either after a random delay (before, during or after a
request) or right after the server has accepted a reply and before the answer leaves (the
window where only reconciliation prevents a duplicate). Forking keeps a round to a few
milliseconds, so hundreds of rounds fit in the normal suite. Between rounds the outbox is
topped up so every round has replies to send. ``tests/test_crash_send.py`` runs 200 rounds;
``bench/faults.py`` runs 1 000.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import random
import signal
import threading
import time
from collections import Counter
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from adapters.clock import system_clock
from adapters.mastodon import MastodonAdapter
from adapters.records import Account, Author, Mention, Platform
from store import open_store
from store.mentions import TriageFields
from sync.push import Pusher
from tests.fake_mastodon import FakeMastodon

IN_FLIGHT = 3  # replies waiting at the start of every round
STALL_LIMIT = 2.0  # seconds the server holds an accepted reply's answer at most


@dataclass(slots=True)
class CrashReport:
    """What a run did and what it found (written by the bench as JSON)."""

    rounds: int = 0
    kills: int = 0
    kills_after_accept: int = 0
    replies_queued: int = 0
    posted: int = 0
    duplicates: int = 0
    lost: int = 0
    unsettled: int = 0
    mismatched: int = 0
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        """The figures as a JSON-ready dict."""
        return asdict(self)


def _push_once(db: Path, account: Account, token: str) -> None:
    """The child: one push of the outbox, as ``replydesk sync --once`` does it."""

    async def run() -> None:
        store = open_store(db)
        adapter = MastodonAdapter(account, token, timeout=10.0)
        try:
            pusher = Pusher({account.id: adapter}, store, system_clock)
            await pusher.recover()
            await pusher.push_ready()
        finally:
            await adapter.aclose()
            store.close()

    asyncio.run(run())


class CrashRun:
    """One server, one database, and the rounds run against them."""

    def __init__(self, fake: FakeMastodon, db: Path, seed: int) -> None:
        self.fake = fake
        self.db = db
        self.rng = random.Random(seed)
        self.account = Account(
            "mastodon:@brand@127.0.0.1", "mastodon", "@brand@127.0.0.1", "Brand", fake.base_url
        )
        self.report = CrashReport()
        self.accepted = threading.Event()
        self.release = threading.Event()
        self.release.set()
        fake.after_post = self._hold_answer
        store = open_store(db)
        store.save_account(self.account)
        store.close()
        self.context = multiprocessing.get_context("fork")

    def _hold_answer(self, _status: dict[str, Any]) -> None:
        # The server has the reply; in a stalled round the child is killed before the answer.
        self.accepted.set()
        self.release.wait(STALL_LIMIT)

    def top_up(self) -> None:
        """Queue new replies (to new mentions) until ``IN_FLIGHT`` wait."""
        store = open_store(self.db)
        try:
            waiting = store.scalar(
                "SELECT count(*) FROM outbox WHERE status IN ('queued', 'sending')"
            )
            for remote_id in self.fake.add_mentions(max(0, IN_FLIGHT - int(waiting))):
                number = self.report.replies_queued
                store.upsert_mentions([(self._mention(remote_id), _fields())])
                found = store.find_mention(self.account.id, remote_id)
                assert found is not None
                text = f"Sorry about order {number}, we are checking it now."
                store.enqueue_reply(found.id, self.account.id, text)
                self.report.replies_queued += 1
        finally:
            store.close()

    def _mention(self, remote_id: str) -> Mention:
        return Mention(
            account_id=self.account.id,
            remote_id=remote_id,
            platform=Platform.MASTODON,
            author=Author("018HV33M9XF6NZP8N63CX4NVJH", "@fan@127.0.0.1", "Fan", 3),
            text="my order never arrived",
            created_at=datetime.now(UTC) - timedelta(minutes=5),
        )

    def round(self, max_delay: float) -> None:
        """Start a child, kill it at a random point (or after an accepted reply), note it."""
        stall = self.rng.random() < 0.3
        self.accepted.clear()
        if stall:
            self.release.clear()
        child = self.context.Process(
            target=_push_once, args=(self.db, self.account, self.fake.token)
        )
        child.start()
        if stall:
            self.accepted.wait(STALL_LIMIT)
        else:
            child.join(self.rng.uniform(0.0, max_delay))
        if child.is_alive():
            assert child.pid is not None
            os.kill(child.pid, signal.SIGKILL)
            self.report.kills += 1
            self.report.kills_after_accept += int(self.accepted.is_set())
        self.release.set()
        child.join(STALL_LIMIT * 5)
        assert child.exitcode is not None, "a child outlived its kill"
        self.report.rounds += 1

    def calibrate(self) -> float:
        """Seconds one unkilled round takes here and now (the machine may be loaded)."""
        self.top_up()
        started = time.monotonic()
        self.drain(limit=1)
        return time.monotonic() - started

    def drain(self, limit: int = 20) -> None:
        """Unkilled rounds until nothing waits (bounded)."""
        for _ in range(limit):
            child = self.context.Process(
                target=_push_once, args=(self.db, self.account, self.fake.token)
            )
            child.start()
            child.join(60)
            store = open_store(self.db)
            waiting = store.scalar(
                "SELECT count(*) FROM outbox WHERE status IN ('queued', 'sending')"
            )
            store.close()
            if not waiting:
                return

    def verify(self) -> None:
        """Count duplicates, losses, unsettled rows and rows naming the wrong post."""
        posts = Counter(status["in_reply_to_id"] for status in self.fake.posted)
        post_ids = {status["in_reply_to_id"]: status["id"] for status in self.fake.posted}
        store = open_store(self.db)
        rows = store.rows(
            "SELECT o.status, o.sent_remote_id, m.remote_id FROM outbox o "
            "JOIN mentions m ON m.id = o.mention_id"
        )
        store.close()
        self.report.posted = len(self.fake.posted)
        self.report.duplicates = sum(count - 1 for count in posts.values() if count > 1)
        self.report.lost = sum(1 for row in rows if posts[row["remote_id"]] == 0)
        self.report.unsettled = sum(1 for row in rows if row["status"] != "sent")
        self.report.mismatched = sum(
            1
            for row in rows
            if row["status"] == "sent" and row["sent_remote_id"] != post_ids.get(row["remote_id"])
        )


def run_crash_rounds(
    workdir: Path,
    *,
    rounds: int,
    honour_idempotency: bool,
    seed: int = 15,
    time_limit: float = 120.0,
) -> CrashReport:
    """``rounds`` kill-and-restart rounds (stopping early at ``time_limit`` seconds), a drain,
    and the verdict. Kill delays spread over one calibrated round, so kills land in every
    phase of a send whatever the machine's load."""
    started = time.monotonic()
    with FakeMastodon(honour_idempotency=honour_idempotency) as fake:
        run = CrashRun(fake, workdir / "replydesk.db", seed)
        max_delay = run.calibrate() * 1.2
        for _ in range(rounds):
            if time.monotonic() - started > time_limit:
                break
            run.top_up()
            run.round(max_delay)
        run.drain()
        run.verify()
    run.report.seconds = round(time.monotonic() - started, 2)
    return run.report


def _fields() -> TriageFields:
    return TriageFields(
        cls="complaint",
        sentiment=-0.5,
        reasons=(),
        sla_rule="",
        due_at=None,
        priority=10.0,
    )
