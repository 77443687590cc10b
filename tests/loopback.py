"""A threaded HTTP server on 127.0.0.1 for the fake networks' real-socket tests."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx

Answer = Callable[[str, str, Mapping[str, str], bytes], tuple[int, dict[str, str], bytes]]
Intercept = Callable[[BaseHTTPRequestHandler], bool]


class _QuietServer(ThreadingHTTPServer):
    """A client killed mid-answer (crash tests) is expected: no traceback on stderr."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class Loopback:
    """Serves ``answer(method, target, headers, body)`` until closed; ``intercept(handler)``
    (if given, and returning True) answers a request its own way first (fault tests)."""

    def __init__(self, answer: Answer, intercept: Callable[[], Intercept | None]) -> None:
        loopback = self

        class Handler(BaseHTTPRequestHandler):
            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                if len(body) < length:
                    return  # the client died mid-request: a real server drops it too
                hook = intercept()
                if hook is not None and hook(self):
                    return
                status, headers, content = answer(self.command, self.path, dict(self.headers), body)
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                self.wfile.write(content)

            do_GET = do_POST = _serve

            def log_message(self, format: str, *args: object) -> None:
                return  # keep test output clean

        self._server = _QuietServer(("127.0.0.1", 0), Handler)
        self.base_url = f"http://127.0.0.1:{loopback._server.server_address[1]}"
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    def close(self) -> None:
        """Stop serving and release the port."""
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


def mock_transport(answer: Answer) -> httpx.MockTransport:
    """``answer`` (a fake server's request handler) as an in-process httpx transport."""

    def handle(request: httpx.Request) -> httpx.Response:
        status, headers, content = answer(
            request.method, request.url.raw_path.decode(), dict(request.headers), request.read()
        )
        return httpx.Response(status, headers=headers, content=content)

    return httpx.MockTransport(handle)
