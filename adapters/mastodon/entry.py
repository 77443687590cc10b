"""Mastodon's entry in the table of networks (``adapters.networks``)."""

from __future__ import annotations

from adapters.entry import Network, OpenContext, Opener, one_account
from adapters.mastodon.adapter import MastodonAdapter
from adapters.mastodon.login import (
    adopt_known_id,
    forget,
    load_token,
    login_from_terminal,
    revoke,
)
from adapters.records import Account


def _opener(context: OpenContext) -> Opener:
    def open_account(account: Account) -> MastodonAdapter:
        return MastodonAdapter(
            account, load_token(account), clock=context.clock, first_sync_window=context.first_sync
        )

    return open_account


NETWORK = Network(
    name="mastodon",
    opener=_opener,
    log_out=revoke,
    forget=forget,
    login=one_account(login_from_terminal),
    adopt=adopt_known_id,
)
