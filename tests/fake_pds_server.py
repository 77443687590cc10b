"""The in-memory ``FakePds`` served on a real socket on 127.0.0.1 (for subprocess tests).

``after_put`` is called once a new record is stored and before the answer is sent, so a crash
test can kill the client in the window where only the record key prevents a duplicate.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from http.server import BaseHTTPRequestHandler
from typing import Self

import httpx

from tests.loopback import Loopback
from tests.test_bluesky_fakes import FakePds


class PdsServer:
    """A ``FakePds`` behind ``base_url``; use as a context manager."""

    def __init__(self) -> None:
        self.pds = FakePds()
        self.after_put: Callable[[], None] | None = None
        # Given each socket request first; True when it answered it itself (fault tests).
        self.socket_fault: Callable[[BaseHTTPRequestHandler], bool] | None = None
        self.base_url = "http://127.0.0.1"
        self._lock = threading.Lock()
        self._loopback: Loopback | None = None

    def answer(
        self, method: str, target: str, headers: Mapping[str, str], body: bytes
    ) -> tuple[int, dict[str, str], bytes]:
        """One request through the fake PDS (thread-safe): status, headers and body."""
        request = httpx.Request(method, self.base_url + target, headers=headers, content=body)
        with self._lock:
            before = len(self.pds.records)
            response = self.pds.handle(request)
            stored = len(self.pds.records) > before
        if stored and self.after_put is not None:
            self.after_put()
        content_type = response.headers.get("content-type", "application/json")
        return response.status_code, {"Content-Type": content_type}, response.read()

    def __enter__(self) -> Self:
        self._loopback = Loopback(self.answer, lambda: self.socket_fault)
        self.base_url = self._loopback.base_url
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._loopback is not None
        self._loopback.close()
