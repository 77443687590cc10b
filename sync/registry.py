"""One adapter per connected account, built from what the store and keyring hold."""

from __future__ import annotations

from datetime import timedelta

from adapters.base import Adapter
from adapters.clock import Clock
from adapters.errors import AuthError, ConfigError, ReplyDeskError
from adapters.records import Account
from settings.paths import Paths


def open_adapters(
    accounts: list[Account],
    paths: Paths,
    clock: Clock,
    *,
    demo_latency: float = 0.0,
    first_sync: timedelta = timedelta(days=14),
) -> tuple[dict[str, Adapter], list[ReplyDeskError]]:
    """Adapters for ``accounts``; an account that cannot be opened is reported, not fatal.

    ``first_sync`` is how far back an account's first pull reaches.
    """
    adapters: dict[str, Adapter] = {}
    problems: list[ReplyDeskError] = []
    demo_accounts = [a for a in accounts if a.network == "demo"]
    if demo_accounts:
        from adapters.demo import DemoAdapter, DemoNetwork

        # Both demo accounts live on one simulated network with one state file.
        network = DemoNetwork(paths.demo_network_file, clock)
        for account in demo_accounts:
            adapters[account.id] = DemoAdapter(account, network, latency=demo_latency)
    for account in accounts:
        if account.network == "demo":
            continue
        try:
            adapters[account.id] = _open_remote(account, clock, first_sync)
        except (AuthError, ConfigError) as error:
            problems.append(error)
    return adapters, problems


def _open_remote(account: Account, clock: Clock, first_sync: timedelta) -> Adapter:
    # Imported here so a profile pays only for the networks it uses.
    if account.network == "mastodon":
        from adapters.mastodon import MastodonAdapter
        from adapters.mastodon_login import load_token

        return MastodonAdapter(
            account, load_token(account), clock=clock, first_sync_window=first_sync
        )
    if account.network == "bluesky":
        from adapters.bluesky import BlueskyAdapter
        from adapters.bluesky_login import BskySession, load_session, store_session

        def keep(session: BskySession) -> None:
            store_session(account, session)

        return BlueskyAdapter(
            account,
            load_session(account),
            on_session=keep,
            clock=clock,
            first_sync_window=first_sync,
        )
    raise ConfigError(f"Account {account.at_handle} uses an unknown network '{account.network}'.")
