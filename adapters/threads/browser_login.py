"""Threads' browser sign-in for the person's own Meta app: an authorization code answered on
the loopback redirect (``adapters.loopback_login``, shared with Facebook Login), exchanged for
a short-lived token, then for a long-lived one (60 days).

Threads sends the browser back with ``?code=…&state=…`` (Meta appends ``#_``, which browsers
keep to themselves). The code is good once, for an hour, and only with the same
``redirect_uri``. The app secret goes out in the two exchanges and is never stored.
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlencode

import httpx

from adapters.clock import Clock, system_clock
from adapters.entry import LoginRequest
from adapters.errors import AuthError, ConfigError
from adapters.loopback_login import DEFAULT_PORT, LoopbackLogin, redirect_uri
from adapters.payload import read_str
from adapters.threads.http import ThreadsHttp, ThreadsRefused
from adapters.threads.token import ThreadsToken

AUTHORIZE = "https://threads.net/oauth/authorize"
SCOPES = (
    "threads_basic",
    "threads_content_publish",
    "threads_read_replies",
    "threads_manage_replies",
    "threads_manage_mentions",
)


def authorize_url(app_id: str, port: int, state: str, base: str = AUTHORIZE) -> str:
    """Threads' authorization window for ``app_id``, asking for what ReplyDesk uses."""
    if not app_id.strip().isdigit():
        raise ConfigError(
            'Set your Meta app\'s Threads app id in the config file: [threads] app_id = "1234" '
            "(App dashboard → Use cases → Access the Threads API → Settings), or pipe in a "
            "long-lived token with --token-stdin."
        )
    query = {
        "client_id": app_id.strip(),
        "redirect_uri": redirect_uri(port),
        "scope": ",".join(SCOPES),
        "response_type": "code",
        "state": state,
    }
    return f"{base}?{urlencode(query)}"


def code_login(port: int, wait: float = 300.0) -> LoopbackLogin:
    """The loopback server that waits for Threads' ``code``."""
    return LoopbackLogin(
        port, wait, field="code", name="Threads sign-in", setting="[threads] redirect_port"
    )


async def exchange_code(
    api_base: str,
    app_id: str,
    app_secret: str,
    code: str,
    port: int,
    *,
    clock: Clock = system_clock,
    transport: httpx.AsyncBaseTransport | None = None,
) -> ThreadsToken:
    """``code`` → a short-lived token (``oauth/access_token``) → a long-lived one
    (``access_token`` with ``th_exchange_token``), with when it expires."""
    if not app_secret:
        raise ConfigError("The Threads sign-in needs your Meta app's Threads app secret.")
    http = ThreadsHttp(api_base, token="", who=None, transport=transport)
    try:
        short = await http.post(
            "oauth/access_token",
            {
                "client_id": app_id,
                "client_secret": app_secret,
                "grant_type": "authorization_code",
                "redirect_uri": redirect_uri(port),
                "code": code,
            },
        )
        now = clock()
        long = await http.get(
            "access_token",
            (
                ("grant_type", "th_exchange_token"),
                ("client_secret", app_secret),
                ("access_token", read_str(short, "access_token")),
            ),
        )
    except ThreadsRefused as exc:  # a used or expired code, a wrong secret or redirect
        said = exc.error.message or f"code {exc.error.code}"
        raise AuthError(f"Threads refused the sign-in ({said}); nothing was saved.") from exc
    finally:
        await http.aclose()
    seconds = long.get("expires_in")
    expires = now + timedelta(seconds=seconds) if isinstance(seconds, int) else None
    return ThreadsToken(read_str(long, "access_token"), now, expires)


async def browser_token(
    request: LoginRequest,
    *,
    clock: Clock = system_clock,
    transport: httpx.AsyncBaseTransport | None = None,
) -> ThreadsToken:
    """The whole browser sign-in: the window opened (or its address printed), the code
    awaited on the loopback redirect, the secret asked for if the config has none, then the
    long-lived token."""
    options, settings = request.options, request.settings  # settings: the [threads] table
    app_id = str(settings.get("app_id") or "")
    port = int(str(settings.get("redirect_port") or DEFAULT_PORT))
    authorize_url(app_id, port, "")  # a missing app id is said before a port is taken
    async with code_login(port) as login:
        url = authorize_url(app_id, port, login.state, str(options.get("authorize") or AUTHORIZE))
        request.prompter.say(
            f"Sign in to Threads in your browser and allow ReplyDesk:\n\n  {url}\n\n"
            f"(Your Meta app must list {redirect_uri(port)} as a Threads redirect callback URL.)"
        )
        request.prompter.open_url(url)
        code = await login.token()
    secret = str(settings.get("app_secret") or "") or request.prompter.secret(
        "Your Meta app's Threads app secret (used once, not stored): "
    )
    return await exchange_code(
        request.value("api_base"),
        app_id,
        secret.strip(),
        code,
        port,
        clock=clock,
        transport=transport,
    )
