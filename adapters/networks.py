"""The table of networks: how an account of each network is opened and logged out.

Each network package contributes one entry (``adapters/<network>/entry.py``, ``NETWORK``); the
table imports it only when an account of that network is used, so a profile pays only for the
networks it has. Adding a network touches its own package and one line of ``NETWORKS``.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Mapping
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from types import MappingProxyType
from typing import Any

from adapters.base import Adapter
from adapters.clock import Clock
from adapters.errors import ConfigError
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
    log_out: Callable[
        [Account], Coroutine[Any, Any, None]
    ]  # revoke or end the login, then forget it


def _demo() -> Network:
    from adapters.demo.entry import NETWORK

    return NETWORK


def _mastodon() -> Network:
    from adapters.mastodon.entry import NETWORK

    return NETWORK


def _bluesky() -> Network:
    from adapters.bluesky.entry import NETWORK

    return NETWORK


NETWORKS: Mapping[str, Callable[[], Network]] = MappingProxyType(
    {"demo": _demo, "mastodon": _mastodon, "bluesky": _bluesky}
)


def network_of(account: Account) -> Network:
    """The entry of ``account``'s network (``ConfigError`` for a network ReplyDesk lacks)."""
    load = NETWORKS.get(account.network)
    if load is None:
        raise ConfigError(
            f"Account {account.at_handle} uses an unknown network '{account.network}'."
        )
    return load()
