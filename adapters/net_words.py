"""What went wrong with a request, in words a person knows.

httpx reports a dead server as ``ConnectError: [Errno 111] Connection refused`` or ``All
connection attempts failed``; a person needs "connection refused", never a class name or an
errno. The messages say only what happened: whether and when it is tried again is for the
caller to say (the running app retries, a one-shot command does not).
"""

from __future__ import annotations

import socket
import ssl

import httpx

# Substrings of the messages the OS, anyio and httpcore use, and what they mean.
_SAID = (
    ("refused", "connection refused"),
    ("name or service not known", "no such host (the name does not resolve)"),
    ("nodename nor servname", "no such host (the name does not resolve)"),
    ("name resolution", "no such host (the name does not resolve)"),
    ("getaddrinfo", "no such host (the name does not resolve)"),
    ("certificate", "its TLS certificate was not accepted"),
    ("ssl", "the secure (TLS) connection failed"),
    ("unreachable", "the network or host is unreachable"),
    ("reset by peer", "the connection was reset"),
    ("all connection attempts failed", "no connection could be made"),
)


def _chain(exc: BaseException) -> list[BaseException]:
    """``exc`` and its causes, bounded (a cycle in ``__context__`` must not hang us)."""
    found: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and len(found) < 8:
        found.append(current)
        current = current.__cause__ or current.__context__
    return found


def describe_request_error(exc: httpx.RequestError) -> str:
    """A short lower-case phrase for a failed request, e.g. "connection refused"."""
    if isinstance(exc, httpx.TimeoutException):
        return "no answer in time"
    chain = _chain(exc)
    # anyio wraps the OS error in "All connection attempts failed": the cause says more.
    if any(isinstance(e, ConnectionRefusedError) for e in chain):
        return "connection refused"
    if any(isinstance(e, socket.gaierror) for e in chain):
        return "no such host (the name does not resolve)"
    if any(isinstance(e, ssl.SSLCertVerificationError) for e in chain):
        return "its TLS certificate was not accepted"
    said = " ".join(str(e) for e in chain).lower()
    for needle, words in _SAID:
        if needle in said:
            return words
    if isinstance(exc, httpx.RemoteProtocolError | httpx.ReadError):
        return "the connection was cut off"
    return "the connection failed"
