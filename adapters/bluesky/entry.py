"""Bluesky's entry in the table of networks (``adapters.networks``)."""

from __future__ import annotations

from adapters.bluesky.adapter import BlueskyAdapter
from adapters.bluesky.login import (
    delete_session,
    forget_session,
    load_session,
    login_from_terminal,
    store_session,
)
from adapters.bluesky.session import BskySession
from adapters.entry import Network, OpenContext, Opener, one_account
from adapters.records import Account


def _opener(context: OpenContext) -> Opener:
    def open_account(account: Account) -> BlueskyAdapter:
        def keep(session: BskySession) -> None:
            store_session(account, session)  # refreshed tokens outlive this process

        return BlueskyAdapter(
            account,
            load_session(account),
            on_session=keep,
            clock=context.clock,
            first_sync_window=context.first_sync,
        )

    return open_account


NETWORK = Network(
    name="bluesky",
    opener=_opener,
    log_out=delete_session,
    forget=forget_session,
    login=one_account(login_from_terminal),
)
