"""Retries after faults: the network's own wait for rate limits, capped backoff otherwise."""

from __future__ import annotations

import random
from datetime import timedelta

from hypothesis import given
from hypothesis import strategies as st

from adapters.errors import NetworkError, RateLimited
from sync.backoff import CAP_SECONDS, PullBackoff, retry_delay
from tests.conftest import FROZEN


@given(st.integers(min_value=1, max_value=10_000))
def test_delay_grows_but_never_passes_the_cap(attempts: int) -> None:
    delay = retry_delay(attempts, random.Random(attempts))
    assert 0 < delay <= CAP_SECONDS
    if attempts < 5:
        assert delay <= 5 * 2 ** (attempts - 1) * 1.2


def test_jitter_spreads_retries() -> None:
    rng = random.Random(1)
    assert len({round(retry_delay(3, rng), 3) for _ in range(20)}) > 10


def test_rate_limit_waits_exactly_as_asked_and_success_clears() -> None:
    backoff = PullBackoff()
    until = backoff.failed("a", RateLimited("slow down", retry_after=120), FROZEN)
    assert until == FROZEN + timedelta(seconds=120)
    assert not backoff.ready("a", FROZEN + timedelta(seconds=119))
    assert backoff.ready("a", FROZEN + timedelta(seconds=120))
    assert backoff.ready("b", FROZEN)
    backoff.succeeded("a")
    assert backoff.ready("a", FROZEN)


def test_network_faults_back_off_further_each_time() -> None:
    backoff = PullBackoff()
    first = backoff.failed("a", NetworkError("offline"), FROZEN) - FROZEN
    for _ in range(6):
        last = backoff.failed("a", NetworkError("offline"), FROZEN) - FROZEN
    assert last > first * 4
