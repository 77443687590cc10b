"""When to try again after a fault that may heal: capped exponential backoff with jitter."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from adapters.errors import RateLimited, ReplyDeskError

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
