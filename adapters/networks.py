"""The table of networks: how an account of each network is opened and logged out.

Each network package contributes one entry (``adapters/<network>/entry.py``: a ``Network``, see
``adapters.entry``); the table imports it only when an account of that network is used, so a
profile pays only for the networks it has. Adding a network touches its own package and one
line of ``NETWORKS``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType

from adapters.entry import Network
from adapters.errors import ConfigError
from adapters.records import Account


def _demo() -> Network:
    from adapters.demo.entry import NETWORK

    return NETWORK


def _mastodon() -> Network:
    from adapters.mastodon.entry import NETWORK

    return NETWORK


def _bluesky() -> Network:
    from adapters.bluesky.entry import NETWORK

    return NETWORK


def _meta() -> Network:
    from adapters.meta.entry import NETWORK

    return NETWORK


NETWORKS: Mapping[str, Callable[[], Network]] = MappingProxyType(
    {"demo": _demo, "mastodon": _mastodon, "bluesky": _bluesky, "facebook": _meta}
)


def network_of(account: Account) -> Network:
    """The entry of ``account``'s network (``ConfigError`` for a network ReplyDesk lacks)."""
    load = NETWORKS.get(account.network)
    if load is None:
        raise ConfigError(
            f"Account {account.at_handle} uses an unknown network '{account.network}'."
        )
    return load()
