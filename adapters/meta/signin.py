"""``replydesk account add facebook`` (and the Accounts screen's form): a Facebook Page with its
Messenger inbox and linked Instagram account, by Facebook Login in the browser or from a token.

Facebook Login uses the person's own Meta app (``[facebook] app_id`` in the config, handed in
as ``LoginRequest.settings``) with a loopback redirect; with the app secret (asked once, never
stored) the login is exchanged for a long-lived one, whose Page tokens do not expire. A Page
token adds its Page. A user token lists the Pages the person manages: one is added directly,
several are offered to pick from (or chosen with ``--page``, repeatable). Only the Page tokens
are stored, in the keyring. ``--api-base`` points at a compatible server or a proxy (plain
http only on loopback).
"""

from __future__ import annotations

from collections.abc import Sequence

from adapters.entry import LoginRequest, Prompter
from adapters.errors import ConfigError
from adapters.loopback_login import DEFAULT_PORT
from adapters.meta.browser_login import (
    LoopbackLogin,
    authorize_url,
    long_lived,
    redirect_uri,
)
from adapters.meta.login import PageChoice, page_account, resolve_token, store_login
from adapters.records import Account
from adapters.urls import check_service_url

SECRET_PROMPT = (
    "App secret (App settings → Basic; used once for a long-lived login, never stored; "
    "Enter to skip and sign in again in about an hour): "
)


def _list(pages: Sequence[PageChoice]) -> str:
    return ", ".join(f"{p.name} ({p.id})" for p in pages)


def choose_pages(
    pages: Sequence[PageChoice], wanted: Sequence[str], prompter: Prompter
) -> list[PageChoice]:
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
    prompter.say("This login manages several Pages:")
    try:
        picked = prompter.pick("Pages to add", [p.label for p in pages])
    except EOFError as exc:  # the token came on stdin: there is nobody to ask
        raise ConfigError(
            f"Choose the Pages with --page (one or more of: {_list(pages)})."
        ) from exc
    if not picked:
        raise ConfigError("No Page was chosen; nothing was added.")
    return [pages[n] for n in picked]


async def browser_token(app_id: str, port: int, prompter: Prompter, api_base: str) -> str:
    """Facebook Login in the browser, answered on the loopback redirect; a long-lived user
    token when the app secret is given."""
    async with LoopbackLogin(port) as login:
        url = authorize_url(app_id, port, login.state)
        prompter.say(
            f"Sign in with Facebook in your browser and allow the Pages to manage:\n\n  {url}\n\n"
            f"(The Meta app must list {redirect_uri(port)} as a Valid OAuth Redirect URI.)"
        )
        prompter.open_url(url)
        token = await login.token()
    app_secret = prompter.secret(SECRET_PROMPT).strip()
    if not app_secret:
        prompter.say("Keeping the short-lived login: its Page tokens expire in about an hour.")
        return token
    return await long_lived(token, app_id, app_secret, api_base)


def _port(request: LoginRequest) -> int:
    port = request.settings.get("redirect_port", DEFAULT_PORT)
    return port if isinstance(port, int) and not isinstance(port, bool) else DEFAULT_PORT


async def login_from_terminal(request: LoginRequest) -> list[Account]:
    """Get a token (piped or Facebook Login), let the person choose Pages, store their tokens."""
    base = check_service_url(request.value("api_base"))
    prompter = request.prompter
    if request.switch("token_stdin"):
        token = prompter.piped().strip()
        if not token:
            raise ConfigError("No access token on standard input.")
    else:
        app_id = str(request.settings.get("app_id", ""))
        token = await browser_token(app_id, _port(request), prompter, base)
    chosen = choose_pages(await resolve_token(token, base), request.values("page"), prompter)
    accounts = []
    for page in chosen:
        account = page_account(page, base)
        store_login(account, page)
        accounts.append(account)
    return accounts
