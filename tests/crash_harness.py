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
import itertools
import multiprocessing
import os
import random
import signal
import threading
import time
from collections import Counter
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from adapters.base import Adapter
from adapters.bluesky import BlueskyAdapter
from adapters.bluesky.session import BskySession
from adapters.clock import system_clock
from adapters.mastodon import MastodonAdapter
from adapters.records import Account, Author, Mention, Platform
from store import open_store
from store.mentions import TriageFields
from sync.push import Pusher
from tests.fakes.bluesky import BRAND_DID, FAN_DID, MENTION_CID, PdsServer
from tests.fakes.mastodon import FakeMastodon

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


def _push_once(db: Path, make_adapter: Callable[[], Adapter]) -> None:
    """The child: one push of the outbox, as ``replydesk sync --once`` does it."""

    async def run() -> None:
        store = open_store(db)
        adapter = make_adapter()
        try:
            pusher = Pusher({adapter.account.id: adapter}, store, system_clock)
            await pusher.recover()
            await pusher.push_ready()
        finally:
            await adapter.aclose()
            store.close()

    asyncio.run(run())


@dataclass(slots=True)
class Network:
    """What a crash run needs from a loopback network: its account, an adapter factory (called
    in the child), new mentions to answer, and what it has posted: (in reply to, post id)."""

    account: Account
    make_adapter: Callable[[], Adapter]
    new_mentions: Callable[[int], list[Mention]]
    posted: Callable[[], list[tuple[str, str]]]


class CrashRun:
    """One server, one database, and the rounds run against them."""

    def __init__(self, network: Network, db: Path, seed: int) -> None:
        self.network = network
        self.db = db
        self.rng = random.Random(seed)
        self.account = network.account
        self.report = CrashReport()
        self.accepted = threading.Event()
        self.release = threading.Event()
        self.release.set()
        store = open_store(db)
        store.save_account(self.account)
        store.close()
        self.context = multiprocessing.get_context("fork")

    def hold_answer(self) -> None:
        """The server's hook once it has stored a reply and before it answers."""
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
            for mention in self.network.new_mentions(max(0, IN_FLIGHT - int(waiting))):
                number = self.report.replies_queued
                store.upsert_mentions([(mention, _fields())])
                found = store.find_mention(self.account.id, mention.remote_id)
                assert found is not None
                text = f"Sorry about order {number}, we are checking it now."
                store.enqueue_reply(found.id, self.account.id, text)
                self.report.replies_queued += 1
        finally:
            store.close()

    def round(self, max_delay: float) -> None:
        """Start a child, kill it at a random point (or after an accepted reply), note it."""
        stall = self.rng.random() < 0.3
        self.accepted.clear()
        if stall:
            self.release.clear()
        child = self.context.Process(target=_push_once, args=(self.db, self.network.make_adapter))
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
                target=_push_once, args=(self.db, self.network.make_adapter)
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
        posted = self.network.posted()
        posts = Counter(parent for parent, _ in posted)
        post_ids = dict(posted)
        store = open_store(self.db)
        rows = store.rows(
            "SELECT o.status, o.sent_remote_id, m.remote_id FROM outbox o "
            "JOIN mentions m ON m.id = o.mention_id"
        )
        store.close()
        self.report.posted = len(posted)
        self.report.duplicates = sum(count - 1 for count in posts.values() if count > 1)
        self.report.lost = sum(1 for row in rows if posts[row["remote_id"]] == 0)
        self.report.unsettled = sum(1 for row in rows if row["status"] != "sent")
        self.report.mismatched = sum(
            1
            for row in rows
            if row["status"] == "sent" and row["sent_remote_id"] != post_ids.get(row["remote_id"])
        )


def mastodon_network(fake: FakeMastodon) -> Network:
    """A loopback Mastodon (``fake`` entered) as a crash run's network."""
    account = Account(
        "mastodon:@brand@127.0.0.1", "mastodon", "@brand@127.0.0.1", "Brand", fake.base_url
    )

    def new_mentions(count: int) -> list[Mention]:
        author = Author("018HV33M9XF6NZP8N63CX4NVJH", "@fan@127.0.0.1", "Fan", 3)
        at = datetime.now(UTC) - timedelta(minutes=5)
        return [
            Mention(account.id, remote_id, Platform.MASTODON, author, "my order never came", at)
            for remote_id in fake.add_mentions(count)
        ]

    return Network(
        account,
        lambda: MastodonAdapter(account, fake.token, timeout=10.0),
        new_mentions,
        lambda: [(status["in_reply_to_id"], status["id"]) for status in fake.posted],
    )


def run_crash_rounds(
    workdir: Path,
    *,
    rounds: int,
    network: str = "mastodon",
    honour_idempotency: bool = False,
    seed: int = 15,
    time_limit: float = 120.0,
) -> CrashReport:
    """``rounds`` kill-and-restart rounds on ``network`` ("mastodon", whose server honours
    ``Idempotency-Key`` or not, or "bluesky"), stopping early at ``time_limit`` seconds; a
    drain; the verdict. Kill delays spread over one calibrated round, so kills land in every
    phase of a send whatever the machine's load."""
    started = time.monotonic()
    with ExitStack() as stack:
        if network == "bluesky":
            pds = stack.enter_context(PdsServer())
            net = bluesky_network(pds)
        else:
            fake = stack.enter_context(FakeMastodon(honour_idempotency=honour_idempotency))
            net = mastodon_network(fake)
        run = CrashRun(net, workdir / "replydesk.db", seed)
        hook = run.hold_answer
        if network == "bluesky":
            pds.after_put = hook
        else:
            fake.after_post = lambda _status: hook()
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


def bluesky_network(server: PdsServer) -> Network:
    """A loopback PDS (``server`` entered) as a crash run's network."""
    account = Account(f"bluesky:{BRAND_DID}", "bluesky", "brand.test", "", server.base_url)
    session = BskySession(BRAND_DID, "brand.test", "access-1", "refresh-1", server.base_url)
    made = itertools.count()

    def new_mentions(count: int) -> list[Mention]:
        mentions = []
        for _ in range(count):
            uri = f"at://{FAN_DID}/app.bsky.feed.post/3n2wpruwt{next(made):04d}"
            meta = {"cid": MENTION_CID, "root_uri": uri, "root_cid": MENTION_CID}
            author = Author(FAN_DID, "fan.test")
            at = datetime.now(UTC) - timedelta(minutes=5)
            mentions.append(
                Mention(account.id, uri, Platform.BLUESKY, author, "where is it", at, meta=meta)
            )
        return mentions

    def posted() -> list[tuple[str, str]]:
        records = list(server.pds.records.values())
        return [(r["value"]["reply"]["parent"]["uri"], r["uri"]) for r in records]

    return Network(
        account,
        lambda: BlueskyAdapter(account, session, timeout=10.0),
        new_mentions,
        posted,
    )
