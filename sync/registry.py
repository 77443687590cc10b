"""One adapter per connected account, built from what the store and keyring hold."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta

from adapters.base import Adapter
from adapters.clock import Clock
from adapters.entry import OpenContext, Opener, Settings
from adapters.errors import AuthError, ConfigError, ReplyDeskError
from adapters.networks import network_of
from adapters.records import Account
from settings.paths import Paths


def open_adapters(
    accounts: list[Account],
    paths: Paths,
    clock: Clock,
    *,
    demo_latency: float = 0.0,
    first_sync: timedelta = timedelta(days=14),
    settings: Mapping[str, Settings] | None = None,
) -> tuple[dict[str, Adapter], list[ReplyDeskError]]:
    """Adapters for ``accounts``; an account that cannot be opened is reported, not fatal.

    Each account's network is looked up in ``adapters.networks`` (which imports a network's
    modules only when one of its accounts is opened). ``first_sync`` is how far back an
    account's first pull reaches; ``settings`` each network's table of the config file.
    """
    context = OpenContext(
        clock, paths.demo_network_file, demo_latency, first_sync, dict(settings or {})
    )
    openers: dict[str, Opener] = {}  # one per network: its accounts may share state
    adapters: dict[str, Adapter] = {}
    problems: list[ReplyDeskError] = []
    for account in accounts:
        try:
            opener = openers.get(account.network)
            if opener is None:
                opener = openers[account.network] = network_of(account).opener(context)
            adapters[account.id] = opener(account)
        except (AuthError, ConfigError) as error:
            problems.append(error)
    return adapters, problems
