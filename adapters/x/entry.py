"""X's entry in the table of networks (``adapters.networks``)."""

from __future__ import annotations

from adapters.entry import Network, OpenContext, Opener, one_account
from adapters.records import Account
from adapters.x.adapter import XAdapter
from adapters.x.login import forget, load_tokens, login_from_terminal, revoke, store_tokens
from adapters.x.tokens import XTokens


def _opener(context: OpenContext) -> Opener:
    def open_account(account: Account) -> XAdapter:
        def keep(tokens: XTokens) -> None:
            store_tokens(account, tokens)  # X rotates the refresh token: keep the new one

        return XAdapter(
            account,
            load_tokens(account),
            on_tokens=keep,
            clock=context.clock,
            first_sync_window=context.first_sync,
        )

    return open_account


NETWORK = Network(
    name="x", opener=_opener, log_out=revoke, forget=forget, login=one_account(login_from_terminal)
)
