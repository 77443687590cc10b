"""``replydesk account add|list|remove``: connect networks from the shell.

Secrets go to the OS keyring only; the account itself (network, handle, server) to the store.
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import json
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from adapters.errors import ConfigError
from adapters.logins import LOGINS
from tui.cli.common import Commands, cli_paths, open_cli_profile
from tui.safe import one_line

if TYPE_CHECKING:
    from adapters.entry import Prompter
    from adapters.records import Account


def register(commands: Commands, common: argparse.ArgumentParser) -> None:
    """``account add <network>`` (built from ``adapters.logins.LOGINS``), ``account list``,
    ``account remove``."""
    account = commands.add_parser(
        "account", parents=[common], help="connect, list or remove accounts"
    )
    actions = account.add_subparsers(dest="account_command", metavar="ACTION", required=True)
    add_cmd = actions.add_parser("add", parents=[common], help="connect an account (logs in)")
    networks = add_cmd.add_subparsers(dest="network", metavar="NETWORK", required=True)
    for name, spec in LOGINS.items():
        network = networks.add_parser(name, parents=[common], help=spec.help)
        if spec.target is not None:
            network.add_argument("target", metavar=spec.target, help=spec.target_help)
        for option in spec.options:
            if option.kind == "switch":
                network.add_argument(option.flag, action="store_true", help=option.help)
            elif option.kind == "append":
                network.add_argument(option.flag, action="append", default=[], help=option.help)
            else:
                network.add_argument(option.flag, default=option.default, help=option.help)
    add_cmd.set_defaults(
        handler=lambda a, home, demo: add(home, demo, a.network, getattr(a, "target", ""), vars(a))
    )
    list_cmd = actions.add_parser("list", parents=[common], help="list connected accounts")
    list_cmd.add_argument(
        "--json", action="store_true", help="one JSON array with the internal ids, for scripts"
    )
    list_cmd.set_defaults(handler=lambda a, home, demo: list_accounts(home, demo, a.json))
    remove_cmd = actions.add_parser(
        "remove", parents=[common], help="log out and forget an account"
    )
    remove_cmd.add_argument(
        "account_id",
        metavar="ACCOUNT",
        help="its @handle as shown by 'account list' (or its id from 'account list --json')",
    )
    remove_cmd.set_defaults(handler=lambda a, home, demo: remove(home, demo, a.account_id))


def _not_in_demo(demo: bool) -> None:
    if demo:
        raise ConfigError(
            "The demo profile's accounts are fixed; leave out --demo to add your own."
        )


def terminal_prompter() -> Prompter:
    """Ask at this terminal: questions on stdout, answers and piped secrets from stdin."""
    import webbrowser

    from adapters.entry import Prompter

    def open_url(url: str) -> None:
        with contextlib.suppress(webbrowser.Error):  # no browser here: the address is printed
            webbrowser.open(url)

    return Prompter(
        say=print, ask=input, secret=getpass.getpass, piped=sys.stdin.readline, open_url=open_url
    )


def add(
    home: Path | None, demo: bool, network: str, target: str, options: Mapping[str, object]
) -> int:
    """Add (or log in again to) the accounts of one login and save them in the store."""
    import asyncio

    _not_in_demo(demo)
    from adapters.entry import LoginRequest
    from adapters.networks import network_named
    from settings.config import load_config

    try:
        settings = load_config(cli_paths(home, demo).config_file).network_settings(network)
    except ConfigError as error:  # as the app does: defaults, and the reason said
        print(f"replydesk: {error.msg} Using the defaults.", file=sys.stderr)
        settings = {}
    entry = network_named(network)
    if entry.login is None:
        raise ConfigError(f"Accounts of the {network} network cannot be added.")
    request = LoginRequest(target, options, terminal_prompter(), settings)
    for account in asyncio.run(entry.login(request)):
        _save(home, demo, account)
    return 0


def _save(home: Path | None, demo: bool, account: Account) -> None:
    """Save a logged-in account in the store (its login is forgotten if that fails)."""
    from adapters.networks import network_of
    from store.guard import StorageError

    entry = network_of(account)
    profile = open_cli_profile(home, demo)
    try:
        known = profile.store.accounts()
        account = entry.adopt(account, known)
        try:
            profile.store.save_account(account)
        except StorageError:
            if all(a.id != account.id for a in known):
                entry.forget(account)  # no account in the store would ever use it
            raise
    finally:
        profile.store.close()
    handle = one_line(account.at_handle)
    print(f"Added {handle} ({account.network}). Its mentions arrive with the next sync.")


def list_accounts(home: Path | None, demo: bool, as_json: bool = False) -> int:
    """Print the connected accounts by handle (the internal ids only with ``as_json``)."""
    from analytics.x_spend import bills_on_x, month_spend

    profile = open_cli_profile(home, demo)
    try:
        accounts = profile.store.accounts()
        spends = {
            a.id: month_spend(profile.store, a.id, profile.config.x, profile.clock())
            for a in accounts
            if bills_on_x(a)
        }
    finally:
        profile.store.close()
    if as_json:
        rows = [
            {"id": a.id, "network": a.network, "handle": a.at_handle, "server": a.server}
            | ({"x_spent_this_month": str(spends[a.id].total)} if a.id in spends else {})
            for a in accounts
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if not accounts:
        names = "|".join(LOGINS)
        print(f"No account is connected. Add one: replydesk account add {names} …")
    for account in accounts:
        line = f"{one_line(account.at_handle)}\t{account.network}\t{account.server}"
        spend = spends.get(account.id)
        if spend is not None:  # X bills every send and read: what this month has cost
            line += f"\tX {spend.describe()} ({spend.sends} sent, {spend.reads} read)"
            line += {"near": " ⚠ 80 % or more used", "over": " ✖ budget used up"}.get(
                spend.state(), ""
            )
        print(line)
    return 0


def find_account(accounts: list[Account], wanted: str) -> Account | None:
    """The account a person named by its @handle (with or without the @) or by its id."""
    key = wanted.strip().lstrip("@").lower()
    for account in accounts:
        if account.id == wanted or account.at_handle.lstrip("@").lower() == key:
            return account
    return None


def remove(home: Path | None, demo: bool, account_id: str) -> int:
    """Log out (revoking the token where the network allows) and forget the account."""
    import asyncio

    _not_in_demo(demo)
    profile = open_cli_profile(home, demo)
    try:
        account = find_account(profile.store.accounts(), account_id)
        if account is None:
            raise ConfigError(
                f"No account {one_line(account_id)}; 'replydesk account list' shows them."
            )
        profile.store.remove_account(account.id)
    finally:
        profile.store.close()
    from adapters.networks import network_of

    asyncio.run(network_of(account).log_out(account))
    print(f"Removed {one_line(account.at_handle)}; its login was revoked and forgotten.")
    return 0
