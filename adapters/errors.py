"""Typed errors every layer raises and the UI and CLI show to a person.

Each carries a short user-facing ``title`` and a message that says what to do next.
"""

from __future__ import annotations


class ReplyDeskError(Exception):
    """Base of every error a person may see: ``title`` heads the notification."""

    title = "ReplyDesk error"

    def __init__(self, msg: str, title: str | None = None) -> None:
        super().__init__(msg)
        self.msg = msg
        if title is not None:
            self.title = title

    def __str__(self) -> str:
        return self.msg


class AuthError(ReplyDeskError):
    """The network refused our credentials; the person must log in again."""

    title = "Not logged in"


class RateLimited(ReplyDeskError):
    """The network asked us to wait ``retry_after`` seconds before the next request."""

    title = "Rate limited"

    def __init__(self, msg: str, retry_after: float, title: str | None = None) -> None:
        super().__init__(msg, title)
        self.retry_after = max(0.0, retry_after)


class NetworkError(ReplyDeskError):
    """The request may not have reached the network (timeout, DNS, TLS, 5xx)."""

    title = "Network problem"


class BadPayload(ReplyDeskError):
    """The network answered with data we cannot read; nothing was stored from it."""

    title = "Unexpected answer"


class ConfigError(ReplyDeskError):
    """A config, persona or database file is missing, corrupt or unreadable."""

    title = "Configuration problem"


class Rejected(ReplyDeskError):
    """The network refused the request for a reason the person can fix (e.g. 422)."""

    title = "Refused by the network"


class Gone(ReplyDeskError):
    """The post no longer exists (deleted, or we lost access); never retried."""

    title = "Post is gone"
