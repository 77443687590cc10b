"""Meta's entry in the table of networks (``adapters.networks``): Facebook Pages with their
Messenger inbox and linked Instagram business account, as network "facebook"."""

from __future__ import annotations

from adapters.entry import Network, OpenContext, Opener
from adapters.meta.adapter import MetaAdapter
from adapters.meta.login import NETWORK as NAME
from adapters.meta.login import forget, load_token, log_out
from adapters.records import Account


def _opener(context: OpenContext) -> Opener:
    def open_account(account: Account) -> MetaAdapter:
        return MetaAdapter(
            account, load_token(account), clock=context.clock, first_sync_window=context.first_sync
        )

    return open_account


NETWORK = Network(name=NAME, opener=_opener, log_out=log_out, forget=forget)
