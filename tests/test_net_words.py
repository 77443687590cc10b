"""Request failures are said in words, from real sockets as well as from made-up errors."""

from __future__ import annotations

import socket

import httpx
import pytest

from adapters.net_words import describe_request_error


def _closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


async def test_a_real_closed_port_is_connection_refused() -> None:
    async with httpx.AsyncClient() as client:
        with pytest.raises(httpx.ConnectError) as caught:
            await client.get(f"http://127.0.0.1:{_closed_port()}/")
    assert describe_request_error(caught.value) == "connection refused"


@pytest.mark.parametrize(
    ("exc", "words"),
    [
        (httpx.ConnectError("All connection attempts failed"), "no connection could be made"),
        (httpx.ConnectError("[Errno 101] Network is unreachable"), "unreachable"),
        (httpx.ReadError("[Errno 104] Connection reset by peer"), "connection was reset"),
        (httpx.ReadError(""), "the connection was cut off"),
        (httpx.ProxyError("something odd"), "the connection failed"),
    ],
)
def test_each_known_failure_has_its_words(exc: httpx.RequestError, words: str) -> None:
    assert words in describe_request_error(exc)


def test_the_cause_is_read_when_the_message_says_nothing() -> None:
    exc = httpx.ConnectError("")
    exc.__cause__ = socket.gaierror(-2, "Name or service not known")
    assert describe_request_error(exc).startswith("no such host")
