"""Signing in to X: the account behind a token, tokens in the keyring, sign-out and revocation.

A login is either an OAuth 2.0 user token set (``adapters.x.oauth``: PKCE, refreshable) or a
user access token given on stdin (``--token-stdin``, for scripts and tests). Secrets go to the OS
keyring only (``adapters.credentials``), never to the config, the database or a log. The
account id is ``x:<user id>``: it survives a change of @handle.
"""

from __future__ import annotations

import httpx

from adapters import credentials
from adapters.clock import Clock, system_clock
from adapters.entry import LoginRequest
from adapters.errors import AuthError, ConfigError, NetworkError, Rejected, ReplyDeskError
from adapters.records import Account
from adapters.x.fields import USER_FIELDS
from adapters.x.http import DEFAULT_API, XHttp
from adapters.x.parse import read_id, read_obj, read_text
from adapters.x.tokens import XTokens

TOKENS = "oauth_tokens"
REVOKE_PATH = "/2/oauth2/revoke"
SIGN_IN_AGAIN = "replydesk account add x"


def account_from_me(body: object, api_base: str) -> Account:
    """The ``Account`` a ``GET /2/users/me`` answer describes (``BadPayload`` if unreadable)."""
    user = read_obj(read_obj(body, "The answer about you").get("data"), "'data'")
    user_id, username = read_id(user, "id"), read_text(user, "username")
    if not user_id or not username:
        raise AuthError("X did not say which account this token belongs to.")
    server = "" if api_base == DEFAULT_API else api_base
    return Account(f"x:{user_id}", "x", f"@{username}", read_text(user, "name"), server)


def api_base_of(account: Account) -> str:
    """Where the account's API lives: X itself unless ``--api-base`` named another server."""
    return account.server or DEFAULT_API


async def verify_tokens(
    api_base: str,
    tokens: XTokens,
    *,
    transport: httpx.AsyncBaseTransport | None = None,
    clock: Clock = system_clock,
) -> Account:
    """The account ``tokens`` belong to (``AuthError`` saying what is wrong if X refuses)."""
    http = XHttp(api_base, tokens, who=None, transport=transport, clock=clock)
    try:
        answer = await http.get("/2/users/me", [USER_FIELDS])
    except (AuthError, Rejected) as exc:
        raise AuthError(
            f'X refused this token ("{exc.msg}"): it is invalid, expired or revoked, or lacks '
            "the users.read scope. Create a user token with the scopes ReplyDesk needs, or "
            f"sign in without --token-stdin: {SIGN_IN_AGAIN}",
            "Login refused",
        ) from exc
    finally:
        await http.aclose()
    return account_from_me(answer.body, http.api_base)


def store_tokens(account: Account, tokens: XTokens) -> None:
    """Keep ``tokens`` (refreshed ones too) in the keyring."""
    credentials.set_secret(account.id, TOKENS, tokens.to_json())


def load_tokens(account: Account) -> XTokens:
    """The stored tokens of ``account``; ``AuthError`` if there are none."""
    stored = credentials.get_secret(account.id, TOKENS)
    if not stored:
        raise AuthError(
            f"No X login is stored for {account.at_handle}; sign in again: {SIGN_IN_AGAIN}",
            "Sign in to X again",
        )
    return XTokens.from_json(stored)


def forget(account: Account) -> None:
    """Delete the tokens of ``account`` from the keyring (X is not told)."""
    credentials.delete_secret(account.id, TOKENS)


async def revoke(account: Account, *, transport: httpx.AsyncBaseTransport | None = None) -> None:
    """Forget the tokens on this computer, then revoke them at X (OAuth logins only)."""
    stored = credentials.get_secret(account.id, TOKENS)
    forget(account)  # first: whatever X says, this computer keeps nothing
    if not stored:
        return
    try:
        tokens = XTokens.from_json(stored)
    except AuthError:
        return  # damaged: nothing usable to revoke
    if not tokens.client_id:
        return  # a token from --token-stdin: revoke it where it was made
    http = XHttp(api_base_of(account), None, who=None, transport=transport)
    try:
        for token, hint in ((tokens.refresh_token, "refresh_token"), (tokens.access_token, "")):
            if token:
                form = {"token": token, "client_id": tokens.client_id}
                await http.post_form(
                    REVOKE_PATH, form | ({"token_type_hint": hint} if hint else {})
                )
    except AuthError:
        pass  # X no longer accepts the token: nothing is left to revoke
    except ReplyDeskError as exc:
        failure = NetworkError if isinstance(exc, NetworkError) else Rejected
        raise failure(
            f"The X login of {account.at_handle} was forgotten on this computer, but X did not "
            f"confirm the revocation ({exc.msg}). Revoke ReplyDesk under Settings → Security "
            "and account access → Apps and sessions on X."
        ) from exc
    finally:
        await http.aclose()


async def login_from_terminal(request: LoginRequest) -> Account:
    """``account add x``: OAuth 2.0 with PKCE on a loopback redirect (or a user token piped
    with ``--token-stdin``); stores the tokens."""
    from adapters.x.oauth import sign_in  # the loopback listener: only when signing in

    api_base = request.value("api_base")
    prompter = request.prompter
    if request.switch("token_stdin"):
        token = prompter.piped().strip()
        if not token:
            raise ConfigError("No access token on standard input.")
        tokens = XTokens(token)
    else:

        def show(url: str) -> None:
            prompter.say(
                f"Open this page and allow ReplyDesk (it opens by itself if it can):\n\n  {url}\n"
            )
            prompter.open_url(url)

        try:
            port = int(request.value("redirect_port"))
        except ValueError as exc:
            raise ConfigError("--redirect-port takes a port number (0: any free port).") from exc
        tokens = await sign_in(request.value("client_id"), api_base=api_base, show=show, port=port)
    account = await verify_tokens(api_base, tokens)
    store_tokens(account, tokens)
    return account
