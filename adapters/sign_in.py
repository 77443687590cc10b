"""How long a network's sign-in has left, as one line for the header.

Some networks hand out tokens that lapse (Threads: 60 days). An adapter that knows when its
token ends offers ``sign_in_notice``; the UI asks for it in a worker, after start-up and each
sync, and never reads the keyring to find out.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Protocol, runtime_checkable

# Say it a week ahead: time enough for a sync to refresh it, or for the person to sign in.
WARN_BEFORE = timedelta(days=7)


@runtime_checkable
class SignInNoticer(Protocol):
    """An adapter whose sign-in can lapse."""

    def sign_in_notice(self) -> str | None:
        """A line for the header when the sign-in ends soon or has ended, else ``None``."""
        ...


def expiry_notice(
    network: str, relogin: str, expires_at: datetime | None, now: datetime, *, refused: bool
) -> str | None:
    """ "Threads sign-in ends in 5 days: …" within ``WARN_BEFORE`` of ``expires_at``; "…
    sign in again" once it has lapsed or the network ``refused`` it; ``None`` otherwise."""
    if refused or (expires_at is not None and now >= expires_at):
        return f"{network} sign-in has ended: {relogin}"
    if expires_at is None or expires_at - now > WARN_BEFORE:
        return None
    left = expires_at - now
    days = left.days
    when = f"in {days} day{'s' if days != 1 else ''}" if days else "today"
    return f"{network} sign-in ends {when}: a sync will refresh it, or sign in again"


def sign_in_notices(adapters: Iterable[object]) -> list[str]:
    """The notices of every adapter in ``adapters`` that has one."""
    notes = (a.sign_in_notice() for a in adapters if isinstance(a, SignInNoticer))
    return [note for note in notes if note]
