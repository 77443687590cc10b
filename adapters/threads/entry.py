"""Threads' entry in the table of networks (``adapters.networks``)."""

from __future__ import annotations

from adapters.entry import Network, OpenContext, Opener, one_account
from adapters.records import Account
from adapters.threads.adapter import ThreadsAdapter
from adapters.threads.login import forget, load_token, log_out, login_from_terminal


def _opener(context: OpenContext) -> Opener:
    def open_account(account: Account) -> ThreadsAdapter:
        return ThreadsAdapter(
            account, load_token(account), clock=context.clock, first_sync_window=context.first_sync
        )

    return open_account


NETWORK = Network(
    name="threads",
    opener=_opener,
    log_out=log_out,
    forget=forget,
    login=one_account(login_from_terminal),
)
