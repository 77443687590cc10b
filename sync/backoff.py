"""When to try again after a fault that may heal: capped exponential backoff with jitter."""

from __future__ import annotations

import logging
import random
from datetime import datetime, timedelta

from adapters.errors import RateLimited, ReplyDeskError

log = logging.getLogger(__name__)

BASE_SECONDS = 5.0
CAP_SECONDS = 15 * 60.0


def retry_delay(attempts: int, rng: random.Random | None = None) -> float:
    """Seconds to wait after the ``attempts``-th failure: 5 s, 10 s, 20 s … up to 15 min, ±20 %."""
    exponent = max(0, attempts - 1)
    delay = min(CAP_SECONDS, BASE_SECONDS * 2.0 ** min(exponent, 20))
    jitter = (rng or random).uniform(0.8, 1.2)
    return min(CAP_SECONDS, delay * jitter)


def retry_at(error: ReplyDeskError, attempts: int, now: datetime) -> datetime:
    """The next attempt's time: the network's own wait when it named one, else backoff."""
    if isinstance(error, RateLimited):
        return now + timedelta(seconds=error.retry_after)
    return now + timedelta(seconds=retry_delay(attempts))


class PullBackoff:
    """When each account may be pulled again after a failure.

    A rate limit waits exactly as long as the network asked; a network fault waits with capped
    exponential backoff; a success clears the account's record. The app stays usable meanwhile:
    the queue is local.
    """

    def __init__(self) -> None:
        self.failures: dict[str, int] = {}
        self.not_before: dict[str, datetime] = {}

    def ready(self, account_id: str, now: datetime) -> bool:
        """May this account be pulled now?"""
        until = self.not_before.get(account_id)
        return until is None or until <= now

    def failed(self, account_id: str, error: ReplyDeskError, now: datetime) -> datetime:
        """Record a failed pull; returns when the next try is due."""
        count = self.failures.get(account_id, 0) + 1
        self.failures[account_id] = count
        until = retry_at(error, count, now)
        self.not_before[account_id] = until
        wait = (until - now).total_seconds()
        if isinstance(error, RateLimited):
            log.warning("%s: rate limited; waiting %.0f s as asked", account_id, wait)
        else:
            log.warning(
                "%s: pull failed (%s: %s), failure %d; retry in %.0f s",
                account_id, error.title, error.msg, count, wait,
            )  # fmt: skip
        return until

    def succeeded(self, account_id: str) -> None:
        """Forget the account's failures."""
        if account_id in self.failures:
            log.info("%s: pulling again after %d failure(s)", account_id, self.failures[account_id])
        self.failures.pop(account_id, None)
        self.not_before.pop(account_id, None)
