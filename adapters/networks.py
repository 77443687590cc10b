"""The table of networks: how an account of each network is opened, signed in and logged out,
and how its replies are written.

Each network package contributes one entry (``adapters/<network>/entry.py``: a ``Network``, see
``adapters.entry``); the table imports it only when an account of that network is used, so a
profile pays only for the networks it has. Adding a network touches its own package and one
line of ``NETWORKS``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType

from adapters.entry import Network, TextRules
from adapters.errors import ConfigError
from adapters.records import Account, Platform


def _demo() -> Network:
    from adapters.demo.entry import NETWORK

    return NETWORK


def _mastodon() -> Network:
    from adapters.mastodon.entry import NETWORK

    return NETWORK


def _bluesky() -> Network:
    from adapters.bluesky.entry import NETWORK

    return NETWORK


def _threads() -> Network:
    from adapters.threads.entry import NETWORK

    return NETWORK


def _x() -> Network:
    from adapters.x.entry import NETWORK

    return NETWORK


def _meta() -> Network:
    from adapters.meta.entry import NETWORK

    return NETWORK


NETWORKS: Mapping[str, Callable[[], Network]] = MappingProxyType(
    {
        "demo": _demo,
        "mastodon": _mastodon,
        "bluesky": _bluesky,
        "threads": _threads,
        "x": _x,
        "facebook": _meta,
    }
)


def _mastodon_text() -> TextRules:
    from adapters.mastodon.text import RULES

    return RULES


def _bluesky_text() -> TextRules:
    from adapters.bluesky.text import RULES

    return RULES


def _threads_text() -> TextRules:
    from adapters.threads.text import RULES

    return RULES


def _x_text() -> TextRules:
    from adapters.x.text import RULES

    return RULES


def _meta_text() -> TextRules:
    from adapters.meta.text import RULES

    return RULES


# Keyed by the platform a mention follows (the demo's mentions follow Mastodon's or Bluesky's).
TEXT_RULES: Mapping[Platform, Callable[[], TextRules]] = MappingProxyType(
    {
        Platform.MASTODON: _mastodon_text,
        Platform.BLUESKY: _bluesky_text,
        Platform.THREADS: _threads_text,
        Platform.X: _x_text,
        Platform.FACEBOOK: _meta_text,  # Facebook Pages and Messenger
        Platform.INSTAGRAM: _meta_text,  # a Page's linked Instagram account
    }
)


def text_rules(platform: Platform) -> TextRules:
    """The text rules of ``platform``'s network (loads only that network's ``text`` module)."""
    return TEXT_RULES[platform]()


def network_named(name: str) -> Network:
    """The entry of the network called ``name`` (``ConfigError`` for one ReplyDesk lacks)."""
    load = NETWORKS.get(name)
    if load is None:
        raise ConfigError(f"ReplyDesk does not know the network '{name}'.")
    return load()


def network_of(account: Account) -> Network:
    """The entry of ``account``'s network (``ConfigError`` for a network ReplyDesk lacks)."""
    load = NETWORKS.get(account.network)
    if load is None:
        raise ConfigError(
            f"Account {account.at_handle} uses an unknown network '{account.network}'."
        )
    return load()
