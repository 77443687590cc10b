"""Bluesky login with an app password: create, store, load and end a session.

``com.atproto.server.createSession`` trades a handle and an **app password** for an access and
a refresh token. The tokens live in the OS keyring only (one JSON secret, "session"). The
account's own PDS comes from the session's DID document (``#atproto_pds``), which may differ
from the entry service the person typed (bsky.social hands out sessions for many PDSes).
"""

from __future__ import annotations

import json
from dataclasses import asdict

import httpx

from adapters import credentials
from adapters.bluesky.http import (
    JsonObject,
    error_name,
    map_error,
    new_http_client,
    parse_result,
    pds_endpoint,
    relogin_hint,
    send_xrpc,
    server_message,
)
from adapters.bluesky.session import BskySession
from adapters.clock import system_clock
from adapters.entry import LoginRequest
from adapters.errors import AuthError, BadPayload, ConfigError, NetworkError, ReplyDeskError
from adapters.records import Account
from adapters.urls import check_service_url

SESSION_SECRET = "session"
LOGIN_TIMEOUT = 20.0
APP_PASSWORD_HINT = (
    "Use an APP PASSWORD, never your main Bluesky password: create one on bsky.app in "
    "Settings → Privacy and security → App passwords."
)


async def create_session(
    service: str,
    identifier: str,
    app_password: str,
    *,
    transport: httpx.AsyncBaseTransport | None = None,
) -> BskySession:
    """Log in at ``service`` with a handle (or email) and an app password.

    Raises ``AuthError`` for a wrong handle/password or an inactive account, ``ConfigError``
    for a service URL that is not acceptable (plain http:// off this machine).
    """
    base = check_service_url(service)
    ident = identifier.strip().removeprefix("@")
    if not ident or not app_password:
        raise AuthError(f"Enter the account's handle and an app password. {APP_PASSWORD_HINT}")
    async with new_http_client(transport, LOGIN_TIMEOUT) as http:
        response = await send_xrpc(
            http,
            base,
            "POST",
            "com.atproto.server.createSession",
            body={"identifier": ident, "password": app_password},
        )
    if not response.is_success:
        raise _login_refused(response, ident, app_password)
    return _session_from(parse_result(response), base)


def bluesky_account(session: BskySession, service: str) -> Account:
    """The ReplyDesk account for ``session``; ``server`` is its PDS (``service`` if unknown)."""
    return Account(
        id=f"bluesky:{session.did}",
        network="bluesky",
        handle=session.handle,
        display_name="",
        server=session.pds or check_service_url(service),
    )


def store_session(account: Account, session: BskySession) -> None:
    """Keep ``session`` in the OS keyring (never in config, database or logs)."""
    credentials.set_secret(account.id, SESSION_SECRET, json.dumps(asdict(session)))


def load_session(account: Account) -> BskySession:
    """The stored session of ``account``; ``AuthError`` if it is missing or unreadable."""
    raw = credentials.get_secret(account.id, SESSION_SECRET)
    if raw is None:
        raise AuthError(
            f"No Bluesky login is stored for {account.handle}; {relogin_hint(account.handle)}"
        )
    try:
        data = json.loads(raw)
        session = BskySession(**{name: str(data[name]) for name in _FIELDS})
        check_service_url(session.pds)
    except (ValueError, TypeError, KeyError, ConfigError) as exc:
        raise AuthError(
            f"The stored Bluesky login of {account.handle} is unreadable; "
            f"{relogin_hint(account.handle)}"
        ) from exc
    if account.id != f"bluesky:{session.did}":
        raise AuthError(
            f"The stored Bluesky login belongs to another account than {account.handle}; "
            f"{relogin_hint(account.handle)}"
        )
    return session


def forget_session(account: Account) -> None:
    """Delete the stored session of ``account`` from the keyring (the server is not told)."""
    credentials.delete_secret(account.id, SESSION_SECRET)


async def delete_session(
    account: Account, *, transport: httpx.AsyncBaseTransport | None = None
) -> None:
    """End the session on the server, then forget it here (always, even when offline).

    Raises ``NetworkError`` after forgetting if the server could not be told.
    """
    try:
        session = load_session(account)
    except AuthError:
        forget_session(account)
        return  # nothing usable was stored, so there is nothing to end on the server
    failure: ReplyDeskError | None = None
    try:
        failure = await _end_remote_session(session, transport)
    except ReplyDeskError as exc:
        failure = exc
    finally:
        forget_session(account)
    if failure is not None:
        raise NetworkError(
            f"Forgot the Bluesky login of {account.handle} on this computer, but could not end "
            f"the session on the server ({failure}). To be sure, revoke its app password in "
            "Settings → Privacy and security → App passwords."
        ) from failure


_FIELDS = ("did", "handle", "access_jwt", "refresh_jwt", "pds")


async def _end_remote_session(
    session: BskySession, transport: httpx.AsyncBaseTransport | None
) -> ReplyDeskError | None:
    async with new_http_client(transport, LOGIN_TIMEOUT) as http:
        response = await send_xrpc(
            http,
            session.pds,
            "POST",
            "com.atproto.server.deleteSession",
            bearer=session.refresh_jwt,
        )
    if response.is_success:
        return None
    error = map_error(
        response, session.handle, system_clock, (session.access_jwt, session.refresh_jwt)
    )
    # A token the server no longer accepts means the session is already over.
    return None if isinstance(error, AuthError) else error


def _login_refused(response: httpx.Response, ident: str, password: str) -> ReplyDeskError:
    name = error_name(response)
    if name == "AuthFactorTokenRequired":
        return AuthError(
            f"Bluesky asks {ident} for an email sign-in code, which app passwords do not need. "
            f"{APP_PASSWORD_HINT}"
        )
    said = server_message(response, (password,))
    quoted = f' (the server said: "{said}")' if said else ""
    if name == "AuthenticationRequired" or response.status_code == 401:
        # A first sign-in: say what was wrong with what the person typed, not "log in again".
        return AuthError(
            f"Bluesky did not accept the handle {ident} with that app password{quoted}. "
            f"Check the handle (e.g. yourbrand.bsky.social) and the password. {APP_PASSWORD_HINT}",
            "Login refused",
        )
    error = map_error(response, ident, system_clock, (password,))
    if isinstance(error, AuthError):  # e.g. a taken-down account: logging in again won't help
        return AuthError(f"Bluesky refused to sign in {ident}{quoted}.", "Login refused")
    return error


def _session_from(data: JsonObject, entry_service: str) -> BskySession:
    values = {key: data.get(key) for key in ("did", "handle", "accessJwt", "refreshJwt")}
    if not all(isinstance(value, str) and value for value in values.values()):
        raise BadPayload("Bluesky's login answer lacks the account or its tokens.")
    did, handle = str(values["did"]), str(values["handle"])
    if not did.startswith("did:"):
        raise BadPayload("Bluesky's login answer names no valid account id (DID).")
    if data.get("active") is False:
        status = data.get("status")
        state = status if isinstance(status, str) and status else "not active"
        raise AuthError(
            f"The Bluesky account {handle} is {state}; reactivate it on bsky.app, "
            "then log in again.",
            "Account not active",
        )
    pds = pds_endpoint(data.get("didDoc"))
    return BskySession(
        did=did,
        handle=handle,
        access_jwt=str(values["accessJwt"]),
        refresh_jwt=str(values["refreshJwt"]),
        # The DID document names the PDS that holds the repo; refuse an unsafe URL there too.
        pds=check_service_url(pds) if pds else entry_service,
    )


async def login_from_terminal(request: LoginRequest) -> Account:
    """``account add bluesky HANDLE``: app-password login (the password asked for, or piped
    with ``--app-password-stdin``); stores the session."""
    prompter = request.prompter
    if request.switch("app_password_stdin"):
        password = prompter.piped().strip()
    else:
        prompter.say(APP_PASSWORD_HINT)
        password = prompter.secret("App password: ")
    service = request.value("service")
    session = await create_session(service, request.target, password)
    account = bluesky_account(session, service)
    store_session(account, session)
    return account
