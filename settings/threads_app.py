"""The ``[threads]`` table: the person's own Meta app that Threads' browser sign-in uses.

``app_id`` and ``redirect_port`` (the loopback address listed in the app's Threads settings);
``app_secret`` may be given here too, else it is asked for (hidden) at sign-in and never kept.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from adapters.errors import ConfigError

KEYS = {"app_id", "app_secret", "redirect_port"}


@dataclass(frozen=True, slots=True)
class ThreadsApp:
    """The Meta app behind Threads' sign-in ("" when not configured)."""

    app_id: str = ""
    app_secret: str = ""
    redirect_port: int = 8765


def read_threads_app(table: object, bad: Callable[[str, str], ConfigError]) -> ThreadsApp:
    """The validated ``[threads]`` table (``bad(key, expected)`` makes the error)."""
    if not isinstance(table, dict):
        raise bad("threads", "a table")
    app_id = table.get("app_id", "")
    if not isinstance(app_id, str | int) or isinstance(app_id, bool):
        raise bad("threads.app_id", 'your Meta app\'s Threads app id as text (e.g. "1234567890")')
    secret = table.get("app_secret", "")
    if not isinstance(secret, str):
        raise bad("threads.app_secret", "your Meta app's Threads app secret as text")
    port = table.get("redirect_port", 8765)
    if isinstance(port, bool) or not isinstance(port, int) or not 1024 <= port <= 65535:
        raise bad("threads.redirect_port", "a port number from 1024 to 65535")
    return ThreadsApp(str(app_id).strip(), secret.strip(), port)
