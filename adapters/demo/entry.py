"""The demo network's entry in the table of networks (``adapters.networks``)."""

from __future__ import annotations

from adapters.demo.adapter import DemoAdapter
from adapters.demo.http import DemoNetwork
from adapters.demo.login import META_ACCOUNT, X_ACCOUNT
from adapters.demo.meta import DemoMetaAdapter
from adapters.demo.x import DemoXAdapter
from adapters.entry import Network, OpenContext, Opener
from adapters.records import Account


def _opener(context: OpenContext) -> Opener:
    # The demo accounts live on one simulated network with one state file.
    network = DemoNetwork(context.demo_state_file, context.clock)

    def open_account(account: Account) -> DemoAdapter | DemoMetaAdapter | DemoXAdapter:
        if account.id == META_ACCOUNT.id:
            return DemoMetaAdapter(account, network)
        if account.id == X_ACCOUNT.id:
            return DemoXAdapter(account, network)
        return DemoAdapter(account, network, latency=context.demo_latency)

    return open_account


async def _log_out(account: Account) -> None:
    """Nothing to revoke: a demo account has no login."""


def _forget(account: Account) -> None:
    """Nothing to forget: a demo account keeps no secret."""


NETWORK = Network(name="demo", opener=_opener, log_out=_log_out, forget=_forget)
