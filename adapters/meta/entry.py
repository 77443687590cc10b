"""Meta's entry in the table of networks (``adapters.networks``): Facebook Pages with their
Messenger inbox and linked Instagram business account, as network "facebook"."""

from __future__ import annotations

from adapters.entry import Network, OpenContext, Opener, Settings
from adapters.meta.adapter import MetaAdapter
from adapters.meta.login import NETWORK as NAME
from adapters.meta.login import forget, load_token, log_out
from adapters.meta.signin import login_from_terminal
from adapters.records import Account


def human_agent_for(settings: Settings, account: Account) -> bool:
    """Whether ``[facebook] human_agent`` lets ``account``'s Page answer messages for 7 days:
    ``true`` for every Page, or a list naming it (by Page id, handle or name)."""
    value = settings.get("human_agent", False)
    if isinstance(value, bool):
        return value
    if not isinstance(value, list | tuple):
        return False
    names = {
        account.id.partition(":")[2],
        account.handle.lstrip("@").casefold(),
        account.display_name.casefold(),
    }
    return any(str(v).strip().lstrip("@").casefold() in names for v in value)


def _opener(context: OpenContext) -> Opener:
    settings = context.settings_of(NAME)

    def open_account(account: Account) -> MetaAdapter:
        return MetaAdapter(
            account,
            load_token(account),
            clock=context.clock,
            first_sync_window=context.first_sync,
            human_agent=human_agent_for(settings, account),
        )

    return open_account


NETWORK = Network(
    name=NAME, opener=_opener, log_out=log_out, forget=forget, login=login_from_terminal
)
