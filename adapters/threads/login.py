"""Signing in to Threads: a long-lived user token, kept in the keyring and refreshed in time.

Threads' long-lived tokens last 60 days and may be refreshed (``th_refresh_token``, no app
secret needed) once at least 24 h old and before they expire. ``replydesk account add threads
HANDLE --token-stdin`` takes such a token (from the Meta app dashboard's token generator or the
user's own OAuth flow), checks it belongs to HANDLE and stores it. The token only ever goes to
the keyring, never to the config, the database or a log.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import httpx

from adapters import credentials
from adapters.clock import Clock, system_clock
from adapters.entry import LoginRequest
from adapters.errors import AuthError, BadPayload, ConfigError
from adapters.payload import read_opt_str, read_str
from adapters.records import Account
from adapters.threads.browser_login import browser_token
from adapters.threads.http import ThreadsHttp
from adapters.threads.token import ThreadsToken as ThreadsToken

TOKEN_SECRET = "token"
PROFILE_FIELDS = "id,username,name"


def relogin_hint(handle: str) -> str:
    """What to do when the login is gone."""
    return f"sign in again: replydesk account add threads {handle}"


def store_token(account: Account, token: ThreadsToken) -> None:
    """Keep ``token`` in the OS keyring."""
    record = {
        "token": token.token,
        "issued_at": token.issued_at.isoformat(),
        "expires_at": token.expires_at.isoformat() if token.expires_at else None,
    }
    credentials.set_secret(account.id, TOKEN_SECRET, json.dumps(record))


def load_token(account: Account) -> ThreadsToken:
    """The stored token of ``account``; ``AuthError`` if it is missing or unreadable."""
    raw = credentials.get_secret(account.id, TOKEN_SECRET)
    if raw is None:
        raise AuthError(
            f"No Threads login is stored for {account.at_handle}; "
            + relogin_hint(account.at_handle)
        )
    try:
        data = json.loads(raw)
        expires = data.get("expires_at")
        return ThreadsToken(
            str(data["token"]),
            datetime.fromisoformat(data["issued_at"]),
            datetime.fromisoformat(expires) if expires else None,
        )
    except (ValueError, TypeError, KeyError) as exc:
        raise AuthError(
            f"The stored Threads login of {account.at_handle} is unreadable; "
            + relogin_hint(account.at_handle)
        ) from exc


def forget(account: Account) -> None:
    """Delete the stored token of ``account`` (Threads has no endpoint to revoke it)."""
    credentials.delete_secret(account.id, TOKEN_SECRET)


async def log_out(account: Account) -> None:
    """Forget the token here; Threads offers no revocation, so the person removes ReplyDesk's
    access in the Threads app (Settings → Account → Website permissions) if they want it gone."""
    forget(account)


async def refresh(
    http: ThreadsHttp, token: ThreadsToken, clock: Clock = system_clock
) -> ThreadsToken:
    """A refreshed long-lived token (``th_refresh_token``)."""
    now = clock()
    body = await http.get(
        "refresh_access_token",
        (("grant_type", "th_refresh_token"), ("access_token", token.token)),
    )
    fresh = read_str(body, "access_token")
    seconds = body.get("expires_in")
    expires = now + timedelta(seconds=seconds) if isinstance(seconds, int) else None
    return ThreadsToken(fresh, now, expires)


async def verify_token(
    base: str, token: str, *, transport: httpx.AsyncBaseTransport | None = None
) -> Account:
    """The account ``token`` belongs to (``AuthError`` when Threads refuses it)."""
    http = ThreadsHttp(base, token=token, who=None, transport=transport)
    try:
        me = await http.get("me", (("fields", PROFILE_FIELDS),))
    finally:
        await http.aclose()
    user_id = read_str(me, "id")
    if not user_id.isdigit():
        raise BadPayload("Threads answered with a user id that is not a number.")
    username = read_str(me, "username")
    return Account(
        id=f"threads:{user_id}",
        network="threads",
        handle=f"@{username}",
        display_name=read_opt_str(me, "name"),
        server=http.base,
    )


async def login_from_terminal(
    request: LoginRequest,
    *,
    clock: Clock = system_clock,
    transport: httpx.AsyncBaseTransport | None = None,
) -> Account:
    """``account add threads HANDLE``: sign in in the browser (the ``[threads]`` app of the
    config), or take a piped token with ``--token-stdin``; check it belongs to HANDLE, store
    it."""
    if request.switch("token_stdin"):
        piped = request.prompter.piped().strip()
        if not piped:
            raise ConfigError("No access token on standard input.")
        token = ThreadsToken(piped, clock())
    else:
        token = await browser_token(request, clock=clock, transport=transport)
    account = await verify_token(request.value("api_base"), token.token, transport=transport)
    wanted = request.target.strip().lstrip("@").casefold()
    if account.handle.lstrip("@").casefold() != wanted:
        raise ConfigError(
            f"That token belongs to {account.handle} on Threads, not @{wanted}; nothing was saved."
        )
    store_token(account, token)
    return account
