"""``replydesk account add|list|remove``: connect networks from the shell.

Secrets go to the OS keyring only; the account itself (network, handle, server) to the store.
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import json
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from adapters.errors import ConfigError
from tui.cli import facebook
from tui.cli.common import Commands, open_cli_profile
from tui.safe import one_line

if TYPE_CHECKING:
    from adapters.records import Account

Ask = Callable[[str], str]


def register(commands: Commands, common: argparse.ArgumentParser) -> None:
    """``account add mastodon|bluesky|facebook``, ``account list``, ``account remove``."""
    account = commands.add_parser(
        "account", parents=[common], help="connect, list or remove accounts"
    )
    actions = account.add_subparsers(dest="account_command", metavar="ACTION", required=True)
    add_cmd = actions.add_parser("add", parents=[common], help="connect an account (logs in)")
    networks = add_cmd.add_subparsers(dest="network", metavar="NETWORK", required=True)
    mastodon = networks.add_parser(
        "mastodon", parents=[common], help="a Mastodon-compatible server"
    )
    mastodon.add_argument("target", metavar="SERVER", help="e.g. https://example.social")
    mastodon.add_argument(
        "--token-stdin", action="store_true", help="read an existing access token from stdin"
    )
    bluesky = networks.add_parser("bluesky", parents=[common], help="a Bluesky account")
    bluesky.add_argument("target", metavar="HANDLE", help="e.g. yourbrand.bsky.social")
    bluesky.add_argument("--service", default="https://bsky.social", help="entry service URL")
    bluesky.add_argument(
        "--app-password-stdin", action="store_true", help="read the app password from stdin"
    )
    facebook.register(networks, common)
    add_cmd.set_defaults(
        handler=lambda a, home, demo: add(home, demo, a.network, a.target, vars(a))
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


async def login_mastodon(server: str, *, token_stdin: bool, ask: Ask) -> Account:
    """OAuth with the out-of-band code (or an existing token from stdin); stores the login."""
    from adapters.mastodon.login import (
        authorize_url,
        exchange_code,
        register_app,
        store_login,
        verify_token,
    )

    if token_stdin:
        token = sys.stdin.read().strip()
        if not token:
            raise ConfigError("No access token on standard input.")
        account = await verify_token(server, token)
        store_login(account, token, None)
        return account
    import webbrowser

    registration = await register_app(server)
    url = authorize_url(registration)
    print(f"Open this page, approve ReplyDesk, and copy the code it shows:\n\n  {url}\n")
    with contextlib.suppress(webbrowser.Error):  # no browser here: the address is printed
        webbrowser.open(url)
    code = ask("Authorization code: ").strip()
    if not code:
        raise ConfigError("No code was entered; nothing was saved.")
    token = await exchange_code(registration, code)
    account = await verify_token(registration.server, token)
    store_login(account, token, registration)
    return account


async def login_bluesky(handle: str, service: str, *, password_stdin: bool, secret: Ask) -> Account:
    """App-password login; stores the session."""
    from adapters.bluesky.login import (
        APP_PASSWORD_HINT,
        bluesky_account,
        create_session,
        store_session,
    )

    if password_stdin:
        password = sys.stdin.readline().strip()
    else:
        print(APP_PASSWORD_HINT)
        password = secret("App password: ")
    session = await create_session(service, handle, password)
    account = bluesky_account(session, service)
    store_session(account, session)
    return account


def add(
    home: Path | None, demo: bool, network: str, target: str, options: Mapping[str, object]
) -> int:
    """Add (or log in again to) an account and save it in the store."""
    import asyncio

    _not_in_demo(demo)
    if network == "facebook":
        from settings.config import load_config
        from tui.cli.common import cli_paths
        from tui.cli.facebook import login_facebook

        config = load_config(cli_paths(home, demo).config_file)
        pages = options.get("page")
        added = asyncio.run(
            login_facebook(
                token_stdin=bool(options.get("token_stdin")),
                api_base=str(options.get("api_base")),
                pages=[str(p) for p in pages] if isinstance(pages, list) else [],
                ask=input,
                secret=getpass.getpass,
                app_id=config.facebook_app_id,
                port=config.facebook_redirect_port,
            )
        )
        for account in added:
            _save(home, demo, account)
        return 0
    if network == "mastodon":
        account = asyncio.run(
            login_mastodon(target, token_stdin=bool(options.get("token_stdin")), ask=input)
        )
    else:
        service = str(options.get("service") or "https://bsky.social")
        account = asyncio.run(
            login_bluesky(
                target,
                service,
                password_stdin=bool(options.get("app_password_stdin")),
                secret=getpass.getpass,
            )
        )
    _save(home, demo, account)
    return 0


def _save(home: Path | None, demo: bool, account: Account) -> None:
    """Save a logged-in account in the store (its login is forgotten if that fails)."""
    from adapters.mastodon.login import adopt_known_id
    from store.guard import StorageError

    profile = open_cli_profile(home, demo)
    try:
        known = profile.store.accounts()
        if account.network != "facebook":  # a Page's id is its Page id; names may repeat
            account = adopt_known_id(account, known)
        try:
            profile.store.save_account(account)
        except StorageError:
            if all(a.id != account.id for a in known):
                _forget_login(account)  # no account in the store would ever use it
            raise
    finally:
        profile.store.close()
    handle = one_line(account.at_handle)
    print(f"Added {handle} ({account.network}). Its mentions arrive with the next sync.")


def _forget_login(account: Account) -> None:
    """Take a new account's login out of the keyring (its row could not be saved)."""
    from adapters.networks import network_of

    network_of(account).forget(account)


def list_accounts(home: Path | None, demo: bool, as_json: bool = False) -> int:
    """Print the connected accounts by handle (the internal ids only with ``as_json``)."""
    profile = open_cli_profile(home, demo)
    try:
        accounts = profile.store.accounts()
    finally:
        profile.store.close()
    if as_json:
        rows = [
            {"id": a.id, "network": a.network, "handle": a.at_handle, "server": a.server}
            for a in accounts
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if not accounts:
        print("No account is connected. Add one: replydesk account add mastodon|bluesky|facebook …")
    for account in accounts:
        print(f"{one_line(account.at_handle)}\t{account.network}\t{account.server}")
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
