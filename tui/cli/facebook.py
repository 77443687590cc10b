"""``replydesk account add facebook``: a Facebook Page (with its Messenger inbox and linked
Instagram account), by Facebook Login in the browser or from a token on stdin.

Facebook Login uses the person's own Meta app (``[facebook] app_id`` in the config) with a
loopback redirect; with the app secret (asked once, never stored) the login is exchanged for a
long-lived one, whose Page tokens do not expire. A Page token adds its Page. A user token
lists the Pages the person manages: one is added directly, several are offered by number (or
chosen with ``--page``, repeatable). Only the Page tokens are stored, in the keyring.
``--api-base`` points at a compatible server or a proxy (plain http only on loopback).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from adapters.errors import ConfigError
from tui.cli.common import Commands

if TYPE_CHECKING:
    from adapters.meta.login import PageChoice
    from adapters.records import Account

Ask = Callable[[str], str]
GRAPH_API = "https://graph.facebook.com/v21.0"  # adapters.meta.http.GRAPH_API, kept light here
SECRET_PROMPT = (
    "App secret (App settings → Basic; used once for a long-lived login, never stored; "
    "Enter to skip and sign in again in about an hour): "
)


def register(networks: Commands, common: argparse.ArgumentParser) -> None:
    """The ``facebook`` network of ``account add``."""
    facebook = networks.add_parser(
        "facebook",
        parents=[common],
        help="a Facebook Page, its Messenger inbox and linked Instagram account",
    )
    facebook.add_argument(
        "--token-stdin", action="store_true", help="read a Page or user access token from stdin"
    )
    facebook.add_argument(
        "--page",
        action="append",
        default=[],
        metavar="PAGE",
        help="with a user token: the Page to add, by id or name (repeatable; default: ask)",
    )
    facebook.add_argument(
        "--api-base",
        default=GRAPH_API,
        metavar="URL",
        help="the Graph API address (a proxy or compatible server; http only on 127.0.0.1)",
    )
    facebook.set_defaults(target="")


def _choose(pages: Sequence[PageChoice], wanted: Sequence[str], ask: Ask) -> list[PageChoice]:
    """The Pages named by ``wanted`` (id or name), else the only one, else the person's pick."""
    if wanted:
        keys = {w.strip().casefold() for w in wanted}
        chosen = [p for p in pages if p.id in keys or p.name.casefold() in keys]
        missing = keys - {p.id for p in chosen} - {p.name.casefold() for p in chosen}
        if missing:
            names = ", ".join(sorted(missing))
            raise ConfigError(f"This login manages no Page {names}; it manages: " + _list(pages))
        return chosen
    if len(pages) == 1:
        return list(pages)
    print("This login manages several Pages:")
    for number, page in enumerate(pages, 1):
        print(f"  {number}. {page.label}")
    try:
        answer = ask("Pages to add (numbers separated by spaces, or 'all'): ").strip().lower()
    except EOFError as exc:  # the token came on stdin: there is nobody to ask
        raise ConfigError(
            f"Choose the Pages with --page (one or more of: {_list(pages)})."
        ) from exc
    if answer == "all":
        return list(pages)
    try:
        picked = [pages[int(n) - 1] for n in answer.replace(",", " ").split()]
    except (ValueError, IndexError) as exc:
        raise ConfigError(f"{answer!r} is not a choice from the list; nothing was added.") from exc
    if not picked:
        raise ConfigError("No Page was chosen; nothing was added.")
    return list(dict.fromkeys(picked))


def _list(pages: Sequence[PageChoice]) -> str:
    return ", ".join(f"{p.name} ({p.id})" for p in pages)


async def browser_token(app_id: str, port: int, secret: Ask, api_base: str) -> str:
    """Facebook Login in the browser, answered on the loopback redirect; a long-lived user
    token when the app secret is given."""
    import contextlib
    import webbrowser

    from adapters.meta.browser_login import LoopbackLogin, authorize_url, long_lived, redirect_uri

    async with LoopbackLogin(port) as login:
        url = authorize_url(app_id, port, login.state)
        print(
            f"Sign in with Facebook in your browser and allow the Pages to manage:\n\n  {url}\n\n"
            f"(The Meta app must list {redirect_uri(port)} as a Valid OAuth Redirect URI.)"
        )
        with contextlib.suppress(webbrowser.Error):  # no browser here: the address is printed
            webbrowser.open(url)
        token = await login.token()
    app_secret = secret(SECRET_PROMPT).strip()
    if not app_secret:
        print("Keeping the short-lived login: its Page tokens expire in about an hour.")
        return token
    return await long_lived(token, app_id, app_secret, api_base)


async def login_facebook(
    *,
    token_stdin: bool,
    api_base: str,
    pages: Sequence[str],
    ask: Ask,
    secret: Ask,
    app_id: str = "",
    port: int = 8765,
) -> list[Account]:
    """Get a token (stdin or Facebook Login), let the person choose Pages, store their tokens."""
    from adapters.meta.login import page_account, resolve_token, store_login
    from adapters.urls import check_service_url

    base = check_service_url(api_base)
    if token_stdin:
        token = sys.stdin.read().strip()
        if not token:
            raise ConfigError("No access token on standard input.")
    else:
        token = await browser_token(app_id, port, secret, base)
    chosen = _choose(await resolve_token(token, base), pages, ask)
    accounts = []
    for page in chosen:
        account = page_account(page, base)
        store_login(account, page)
        accounts.append(account)
    return accounts
