"""Faults on the wire for a ``FakeMastodon``: each queued fault answers one notifications request.

Kinds: a 500, an HTML 503, truncated JSON, the wrong content type, valid JSON of the wrong
shape, a connection reset, a 429 with ``Retry-After`` and ``X-RateLimit-Reset``, and a body
that starts and then stalls (slower than the client's timeout). Used by
``tests/test_sync_faults.py`` and, for ten minutes at a time, ``bench/faults.py``.
"""

from __future__ import annotations

import socket
import struct
import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler
from itertools import pairwise

from tests.fake_mastodon import FakeMastodon

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


class FaultInjector:
    """Serves queued faults on ``GET /api/v1/notifications``; notes when each request came."""

    def __init__(self, fake: FakeMastodon, clock: Callable[[], datetime], stall: float) -> None:
        self.fake = fake
        self.clock = clock
        self.stall = stall
        self.queued: list[str] = []
        self.served: list[tuple[datetime, str]] = []  # (when, fault kind or "ok")
        self.stop = threading.Event()
        self._lock = threading.Lock()
        fake.socket_fault = self

    def __call__(self, handler: BaseHTTPRequestHandler) -> bool:
        if handler.command != "GET" or not handler.path.startswith(NOTIFICATIONS):
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
        headers = {
            "Retry-After": str(RATE_LIMIT_SECONDS),
            "X-RateLimit-Limit": "300",
            "X-RateLimit-Remaining": "0",
            "X-RateLimit-Reset": reset.isoformat(),
        }
        self._answer(handler, 429, b'{"error": "Too many requests"}', headers=headers)

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
