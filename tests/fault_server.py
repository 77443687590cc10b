"""Faults on the wire for a ``FakeMastodon`` or a ``FaultyPds`` (Bluesky): each queued fault
answers one notifications request (``/api/v1/notifications`` or ``listNotifications``).

Kinds: a 500, an HTML 503, truncated JSON, the wrong content type, valid JSON of the wrong
shape, a connection reset, a 429 with the network's own reset headers (``Retry-After`` and
``X-RateLimit-Reset`` on Mastodon, ``RateLimit-Reset`` in epoch seconds on Bluesky), and a body
that starts and then stalls (slower than the client's timeout). Used by
``tests/test_sync_faults.py`` and, for ten minutes at a time, ``bench/faults.py``, both through
``run_faulty_sync``: the real ``replydesk sync`` loop on a fake clock.
"""

from __future__ import annotations

import asyncio
import io
import random
import socket
import struct
import threading
import time
from collections import Counter
from collections.abc import Callable
from contextlib import ExitStack, redirect_stderr, redirect_stdout
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler
from itertools import pairwise
from pathlib import Path
from typing import Any
from unittest.mock import patch

import httpx
import keyring

from adapters.bluesky import BlueskyAdapter
from sync.backoff import BASE_SECONDS
from tests.fakes.mastodon import FakeMastodon
from tests.fault_pds import APP_PASSWORD, LIST, FaultyPds

FAULT_KINDS = (
    "server_error",
    "html_503",
    "truncated_json",
    "wrong_content_type",
    "wrong_shape",
    "reset",
    "rate_limited",
    "slow_body",
)
RATE_LIMIT_SECONDS = 30
NOTIFICATIONS = "/api/v1/notifications"
NETWORKS = ("mastodon", "bluesky")
Fake = FakeMastodon | FaultyPds


class FaultInjector:
    """Serves queued faults on the notifications endpoint; notes when each request came."""

    def __init__(self, fake: Fake, clock: Callable[[], datetime], stall: float) -> None:
        self.fake = fake
        self.bluesky = isinstance(fake, FaultyPds)
        self.path = LIST if self.bluesky else NOTIFICATIONS
        self.clock = clock
        self.stall = stall
        self.queued: list[str] = []
        self.served: list[tuple[datetime, str]] = []  # (when, fault kind or "ok")
        self.stop = threading.Event()
        self._lock = threading.Lock()
        fake.socket_fault = self

    def __call__(self, handler: BaseHTTPRequestHandler) -> bool:
        if handler.command != "GET" or not handler.path.startswith(self.path):
            return False
        with self._lock:
            kind = self.queued.pop(0) if self.queued else "ok"
            self.served.append((self.clock(), kind))
        if kind == "ok":
            return False
        getattr(self, f"_{kind}")(handler)
        return True

    def _answer(
        self,
        handler: BaseHTTPRequestHandler,
        status: int,
        body: bytes,
        content_type: str = "application/json",
        headers: dict[str, str] | None = None,
        length: int | None = None,
    ) -> None:
        handler.send_response(status)
        handler.send_header("Content-Type", content_type)
        for key, value in (headers or {}).items():
            handler.send_header(key, value)
        handler.send_header("Content-Length", str(len(body) if length is None else length))
        handler.end_headers()
        handler.wfile.write(body)
        handler.wfile.flush()

    def _server_error(self, handler: BaseHTTPRequestHandler) -> None:
        self._answer(handler, 500, b'{"error": "Internal Server Error"}')

    def _html_503(self, handler: BaseHTTPRequestHandler) -> None:
        page = b"<html><head><title>503 Service Unavailable</title></head><body>down</body></html>"
        self._answer(handler, 503, page, "text/html")

    def _truncated_json(self, handler: BaseHTTPRequestHandler) -> None:
        self._answer(handler, 200, b'[{"id": "1", "type": "mention", "status": {"id": ')

    def _wrong_content_type(self, handler: BaseHTTPRequestHandler) -> None:
        self._answer(handler, 200, b"<html><body>Please log in</body></html>", "text/html")

    def _wrong_shape(self, handler: BaseHTTPRequestHandler) -> None:
        self._answer(handler, 200, b'{"notifications": "not today"}')

    def _reset(self, handler: BaseHTTPRequestHandler) -> None:
        # SO_LINGER 0: close sends a TCP RST instead of a clean end.
        handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        handler.connection.close()
        handler.close_connection = True

    def _rate_limited(self, handler: BaseHTTPRequestHandler) -> None:
        reset = self.clock() + timedelta(seconds=RATE_LIMIT_SECONDS)
        if self.bluesky:  # as tests/fixtures/bluesky/xrpc_error_RateLimitExceeded*.json
            headers = {
                "RateLimit-Limit": "3000",
                "RateLimit-Remaining": "0",
                "RateLimit-Reset": str(int(reset.timestamp())),
                "RateLimit-Policy": "3000;w=300",
            }
            body = b'{"error": "RateLimitExceeded", "message": "Rate Limit Exceeded"}'
        else:
            headers = {
                "Retry-After": str(RATE_LIMIT_SECONDS),
                "X-RateLimit-Limit": "300",
                "X-RateLimit-Remaining": "0",
                "X-RateLimit-Reset": reset.isoformat(),
            }
            body = b'{"error": "Too many requests"}'
        self._answer(handler, 429, body, headers=headers)

    def _slow_body(self, handler: BaseHTTPRequestHandler) -> None:
        # Headers and a first byte at once, then nothing for longer than the client waits.
        self._answer(handler, 200, b"[", length=400)
        self.stop.wait(self.stall)
        handler.close_connection = True

    def rate_limit_respected(self) -> bool:
        """No request came sooner than a 429 allowed."""
        for (when, kind), (after, _) in pairwise(self.served):
            if kind == "rate_limited" and after < when + timedelta(seconds=RATE_LIMIT_SECONDS):
                return False
        return True


@dataclass(slots=True)
class FaultReport:
    """What a faulty sync run saw (written by the bench as JSON)."""

    rounds: int = 0
    faults: dict[str, int] = field(default_factory=dict)
    error_lines: int = 0
    tracebacks: int = 0
    server_mentions: int = 0
    stored_mentions: int = 0
    lost: int = 0
    extra: int = 0
    rate_limit_respected: bool = True
    hot_retries: int = 0  # a request sooner than the backoff floor after a fault
    exit_code: int = 0
    seconds: float = 0.0
    error_text: str = ""

    def as_dict(self) -> dict[str, Any]:
        """The figures as a JSON-ready dict (without the captured text)."""
        return {k: v for k, v in asdict(self).items() if k != "error_text"}


def quick_timeouts(real: Callable[..., Any]) -> Callable[..., Any]:
    """``open_adapters`` whose HTTP clients give up within a second or two, so a stalled
    body costs little wall time (the adapters' own defaults are 20 s)."""

    def opened(*args: Any, **kwargs: Any) -> Any:
        adapters, problems = real(*args, **kwargs)
        for adapter in adapters.values():
            if isinstance(adapter, BlueskyAdapter):
                adapter._xrpc._http.timeout = httpx.Timeout(0.5)
            else:
                http = adapter._http
                http._client.timeout = httpx.Timeout(0.5)
                http.deadline = 1.5
        return adapters, problems

    return opened


def add_account_argv(fake: Fake) -> tuple[list[str], str]:
    """The ``replydesk account add`` arguments (after ``--home``) for ``fake``, and its stdin."""
    if isinstance(fake, FaultyPds):
        argv = ["bluesky", "brand.test", "--service", fake.base_url, "--app-password-stdin"]
        return ["account", "add", *argv], APP_PASSWORD
    return ["account", "add", "mastodon", fake.base_url, "--token-stdin"], fake.token


def server_mentions(fake: Fake) -> set[str]:
    """The remote ids of every mention ``fake`` holds."""
    if isinstance(fake, FaultyPds):
        return fake.mention_ids()
    return {n["status"]["id"] for n in fake.notifications if n["type"] == "mention"}


def run_faulty_sync(
    home: Path,
    faults: list[str],
    *,
    network: str = "mastodon",
    duration: float = 0.0,
    max_rounds: int = 80,
    seed: int = 3,
) -> FaultReport:
    """Run ``replydesk sync`` (the real loop, in this process, on a fake clock that its pauses
    advance) against a loopback Mastodon (or Bluesky PDS: ``network``) serving ``faults``
    first; for ``duration`` wall seconds more, each round adds random faults and new mentions.
    Stops (as Ctrl-C does) once no fault waits and two pulls in a row succeeded, or after
    ``max_rounds`` pauses."""
    from store import open_store
    from sync.registry import open_adapters
    from tests.conftest import FakeClock
    from tests.memory_keyring import MemoryKeyring
    from tui.cli import main

    rng = random.Random(seed)
    clock = FakeClock(datetime(2026, 11, 23, 9, 0, tzinfo=UTC))
    report = FaultReport()
    started = time.monotonic()
    real_sleep = asyncio.sleep
    previous_keyring = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    errors = io.StringIO()
    with ExitStack() as stack:
        fake: Fake = (
            stack.enter_context(FaultyPds())
            if network == "bluesky"
            else stack.enter_context(FakeMastodon())
        )
        add, secret = add_account_argv(fake)
        stack.enter_context(patch("tui.cli.common.system_clock", clock))
        stack.enter_context(patch("sync.registry.open_adapters", quick_timeouts(open_adapters)))
        stack.enter_context(patch("sys.stdin", io.StringIO(secret)))
        stack.enter_context(redirect_stdout(io.StringIO()))
        stack.enter_context(redirect_stderr(errors))
        stack.callback(keyring.set_keyring, previous_keyring)
        assert main(["--home", str(home), *add]) == 0, errors.getvalue()
        errors.truncate(0)
        fake.add_mentions(6)
        injector = FaultInjector(fake, clock, stall=5.0)
        stack.callback(injector.stop.set)
        injector.queued = list(faults)

        def settled() -> bool:
            kinds = [kind for _, kind in injector.served]
            return not injector.queued and kinds[-2:] == ["ok", "ok"]

        async def fake_sleep(seconds: float) -> None:
            if seconds < 1:  # not the loop's pause: let the event loop run as usual
                await real_sleep(seconds)
                return
            report.rounds += 1
            clock.advance(seconds=seconds)
            if time.monotonic() - started < duration:
                # One fault at a time, about every other round, so pulls still get through.
                if not injector.queued and rng.random() < 0.5:
                    injector.queued.append(rng.choice(FAULT_KINDS))
                fake.add_mentions(rng.randint(0, 1), at=clock())
            elif settled() or report.rounds >= max_rounds:
                raise KeyboardInterrupt

        stack.enter_context(patch("asyncio.sleep", fake_sleep))
        report.exit_code = main(["--home", str(home), "sync"])
        served = list(injector.served)
        expected = server_mentions(fake)
    store = open_store(home / "data" / "replydesk.db")
    held = {row["remote_id"] for row in store.rows("SELECT remote_id FROM mentions")}
    store.close()
    report.error_text = errors.getvalue()
    report.error_lines = sum(
        1 for line in report.error_text.splitlines() if line.startswith("replydesk: @brand")
    )
    report.tracebacks = report.error_text.count("Traceback")
    report.faults = dict(Counter(kind for _, kind in served if kind != "ok"))
    report.server_mentions, report.stored_mentions = len(expected), len(held)
    report.lost, report.extra = len(expected - held), len(held - expected)
    report.rate_limit_respected = injector.rate_limit_respected()
    floor = timedelta(seconds=BASE_SECONDS * 0.8)
    report.hot_retries = sum(
        1 for (when, kind), (after, _) in pairwise(served) if kind != "ok" and after - when < floor
    )
    report.seconds = round(time.monotonic() - started, 2)
    return report
