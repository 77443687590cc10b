"""A network's entry in the table of networks (``adapters.networks``): what it must provide.

Kept apart from the table so the network packages import these types without importing the
table (which imports them).
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from adapters.base import Adapter
from adapters.clock import Clock
from adapters.records import Account

Opener = Callable[[Account], Adapter]


@dataclass(frozen=True)
class OpenContext:
    """What opening adapters needs from the profile (the same for every network)."""

    clock: Clock
    demo_state_file: Path  # the demo network's state (its accounts share one network)
    demo_latency: float = 0.0
    first_sync: timedelta = timedelta(days=14)  # how far back an account's first pull reaches


@dataclass(frozen=True)
class Network:
    """One network's entry: its adapter factory and its login flow's hooks.

    ``opener`` is called once per batch of accounts to open, so the accounts of one network
    can share what they must (the demo's accounts share one simulated network); the
    ``Opener`` it returns raises ``AuthError`` or ``ConfigError`` for an account it cannot open.
    """

    name: str
    opener: Callable[[OpenContext], Opener]
    # Revoke or end the login where the network allows, then forget it here.
    log_out: Callable[[Account], Coroutine[Any, Any, None]]
    # Forget the login on this computer only (a new account whose row could not be saved).
    forget: Callable[[Account], None]
