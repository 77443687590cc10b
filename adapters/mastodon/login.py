"""Logging in to a Mastodon server: app registration, the out-of-band OAuth code, revocation.

The flow: ``register_app`` → show ``authorize_url`` → the person pastes the code →
``exchange_code`` → ``verify_token`` → ``store_login``. Secrets go to the OS keyring only
(``adapters.credentials``), never to the config, the database or a log.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from urllib.parse import urlencode, urlsplit

import httpx

from adapters import credentials
from adapters.entry import LoginRequest
from adapters.errors import (
    AuthError,
    BadPayload,
    ConfigError,
    NetworkError,
    Rejected,
    ReplyDeskError,
)
from adapters.mastodon.domain import account_domain
from adapters.mastodon.http import MastodonHttp
from adapters.payload import read_obj, read_opt_str, read_str
from adapters.records import Account
from adapters.urls import check_service_url

CLIENT_NAME = "ReplyDesk"
SCOPES = "read write"
OOB_REDIRECT = "urn:ietf:wg:oauth:2.0:oob"
ACCESS_TOKEN = "access_token"
CLIENT_ID = "client_id"
CLIENT_SECRET = "client_secret"


def mastodon_account_id(handle: str, server: str) -> str:
    """The local key of an account: ``mastodon:@user@domain``, lower-cased.

    ``handle`` may be ``user``, ``@user`` or ``@user@domain``; without a domain the server's
    host is used.
    """
    user, _, domain = handle.strip().lstrip("@").partition("@")
    return f"mastodon:@{user}@{domain or urlsplit(server).hostname or server}".lower()


def account_from_credentials(body: object, server: str, domain: str) -> Account:
    """The ``Account`` described by a verify_credentials answer (raises ``BadPayload``).

    ``domain`` is the server's own account domain (``adapters.mastodon.domain``), never the
    host of ``server``: the two differ on many servers.
    """
    creds = read_obj(body, "verify_credentials")
    username = read_str(creds, "username")
    acct = read_opt_str(creds, "acct") or username
    handle = f"@{acct}" if "@" in acct else f"@{username}@{domain}"
    return Account(
        id=mastodon_account_id(handle, server),
        network="mastodon",
        handle=handle,
        display_name=read_opt_str(creds, "display_name"),
        server=server,
    )


@dataclass(frozen=True)
class AppRegistration:
    """ReplyDesk's app on one server (``server`` normalized by ``check_service_url``)."""

    server: str
    client_id: str
    client_secret: str


def _http(
    server: str, transport: httpx.AsyncBaseTransport | None, token: str | None = None
) -> MastodonHttp:
    # who=None: a refusal here is about what the person just gave, not a login that was lost.
    return MastodonHttp(server, token=token, who=None, transport=transport)


def _text(body: object, key: str, what: str) -> str:
    value = body.get(key) if isinstance(body, dict) else None
    if not isinstance(value, str) or not value:
        raise BadPayload(f"The server's {what} has no {key}.")
    return value


async def register_app(
    server: str, *, transport: httpx.AsyncBaseTransport | None = None
) -> AppRegistration:
    """Register ReplyDesk (scopes "read write", out-of-band redirect) on ``server``."""
    http = _http(check_service_url(server), transport)
    try:
        answer = await http.post(
            "/api/v1/apps",
            {"client_name": CLIENT_NAME, "redirect_uris": OOB_REDIRECT, "scopes": SCOPES},
        )
    finally:
        await http.aclose()
    what = "app registration"
    return AppRegistration(
        http.server, _text(answer.body, CLIENT_ID, what), _text(answer.body, CLIENT_SECRET, what)
    )


def authorize_url(reg: AppRegistration) -> str:
    """The page where the person approves ReplyDesk and is shown the code to paste back."""
    query = urlencode(
        {
            "response_type": "code",
            "client_id": reg.client_id,
            "redirect_uri": OOB_REDIRECT,
            "scope": SCOPES,
        }
    )
    return f"{reg.server}/oauth/authorize?{query}"


async def exchange_code(
    reg: AppRegistration, code: str, *, transport: httpx.AsyncBaseTransport | None = None
) -> str:
    """Trade the pasted authorization ``code`` for an access token."""
    http = _http(reg.server, transport)
    form = {
        "grant_type": "authorization_code",
        "code": code.strip(),
        "client_id": reg.client_id,
        "client_secret": reg.client_secret,
        "redirect_uri": OOB_REDIRECT,
        "scope": SCOPES,
    }
    try:
        answer = await http.post("/oauth/token", form)
    except (AuthError, Rejected) as exc:
        # OAuth answers a wrong or expired code with 400/401 invalid_grant.
        raise AuthError(
            f"{reg.server} did not accept that authorization code (the server said: "
            f'"{exc.msg}"): it may be mistyped, already used or expired. Open the '
            "authorization page again and paste the new code.",
            "Login refused",
        ) from exc
    finally:
        await http.aclose()
    return _text(answer.body, ACCESS_TOKEN, "token answer")


async def verify_token(
    server: str, token: str, *, transport: httpx.AsyncBaseTransport | None = None
) -> Account:
    """The account ``token`` belongs to, its handle on the server's own account domain
    (``AuthError`` saying what is wrong with the token if the server refuses it)."""
    http = _http(check_service_url(server), transport, token)
    try:
        try:
            answer = await http.get("/api/v1/accounts/verify_credentials")
        except (AuthError, Rejected) as exc:
            # 401 for an unknown or revoked token, 403 for one without the read scope.
            raise AuthError(
                f'{http.host} refused this token (the server said: "{exc.msg}"): it is '
                "invalid or revoked, or lacks the read and write scopes ReplyDesk needs. Create "
                "a token with read and write scopes, or log in without --token-stdin.",
                "Login refused",
            ) from exc
        domain = await account_domain(http)
    finally:
        await http.aclose()
    return account_from_credentials(answer.body, http.server, domain)


def adopt_known_id(account: Account, known: Sequence[Account]) -> Account:
    """``account`` under the id it already has in the store, its secrets moved there.

    Ids are derived from the handle, and older versions built the handle from the typed
    address (``@brand@127.0.0.1``). Logging in again must update that account, not add a twin
    with a new id and no history: same server and same user name means the same account.
    """
    user = account.handle.lstrip("@").partition("@")[0].lower()
    for old in known:
        same_user = old.handle.lstrip("@").partition("@")[0].lower() == user
        if old.network == account.network and old.server == account.server and same_user:
            if old.id != account.id:
                for name in (ACCESS_TOKEN, CLIENT_ID, CLIENT_SECRET):
                    secret = credentials.get_secret(account.id, name)
                    if secret is not None:
                        credentials.set_secret(old.id, name, secret)
                        credentials.delete_secret(account.id, name)
            return replace(account, id=old.id)
    return account


def store_login(account: Account, token: str, reg: AppRegistration | None) -> None:
    """Keep the token (and the app's client id and secret, for revocation) in the keyring."""
    credentials.set_secret(account.id, ACCESS_TOKEN, token)
    if reg is not None:
        credentials.set_secret(account.id, CLIENT_ID, reg.client_id)
        credentials.set_secret(account.id, CLIENT_SECRET, reg.client_secret)


def load_token(account: Account) -> str:
    """The stored access token of ``account``; ``AuthError`` if there is none."""
    token = credentials.get_secret(account.id, ACCESS_TOKEN)
    if not token:
        raise AuthError(
            f"No login is stored for {account.at_handle}; log in again: "
            f"replydesk account add mastodon {account.server}"
        )
    return token


def forget(account: Account) -> None:
    """Delete every secret of ``account`` from the keyring (the server is not told)."""
    for name in (ACCESS_TOKEN, CLIENT_ID, CLIENT_SECRET):
        credentials.delete_secret(account.id, name)


async def revoke(account: Account, *, transport: httpx.AsyncBaseTransport | None = None) -> None:
    """Forget every secret of ``account`` on this computer, then revoke the token on the server
    (when the app's id and secret are known); a server that cannot confirm it raises."""
    token = credentials.get_secret(account.id, ACCESS_TOKEN)
    client_id = credentials.get_secret(account.id, CLIENT_ID)
    client_secret = credentials.get_secret(account.id, CLIENT_SECRET)
    forget(account)  # first: whatever the server says, this computer keeps nothing
    if not (token and client_id and client_secret):
        return
    http = _http(account.server, transport)
    form = {"client_id": client_id, "client_secret": client_secret, "token": token}
    try:
        await http.post("/oauth/revoke", form)
    except AuthError:
        pass  # the server no longer accepts this token: nothing is left to revoke
    except ReplyDeskError as exc:
        failure = NetworkError if isinstance(exc, NetworkError) else Rejected
        raise failure(
            f"The login of {account.handle} was forgotten on this computer, but {http.host} "
            f"did not confirm the revocation ({exc.msg}), so the token may still be valid on "
            "the server. Revoke ReplyDesk under Preferences → Account → Authorized apps there."
        ) from exc
    finally:
        await http.aclose()


async def login_from_terminal(request: LoginRequest) -> Account:
    """``account add mastodon SERVER``: OAuth with the out-of-band code (or an existing token
    piped on standard input with ``--token-stdin``); stores the login."""
    server, prompter = request.target, request.prompter
    if request.switch("token_stdin"):
        token = prompter.piped().strip()
        if not token:
            raise ConfigError("No access token on standard input.")
        account = await verify_token(server, token)
        store_login(account, token, None)
        return account
    registration = await register_app(server)
    url = authorize_url(registration)
    prompter.say(f"Open this page, approve ReplyDesk, and copy the code it shows:\n\n  {url}\n")
    prompter.open_url(url)
    code = prompter.ask("Authorization code: ").strip()
    if not code:
        raise ConfigError("No code was entered; nothing was saved.")
    token = await exchange_code(registration, code)
    account = await verify_token(registration.server, token)
    store_login(account, token, registration)
    return account
