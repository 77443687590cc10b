"""Signing in to X with OAuth 2.0 Authorization Code and PKCE, as a public client.

The person brings their own app's client id (README: "Connecting X"). ReplyDesk listens on
127.0.0.1 on a random port (or the one their app's callback names), opens X's consent page in
the browser (or prints the address to copy), and waits for X to redirect back with the code and
the ``state`` it sent. The code and the PKCE verifier are traded for tokens at X's token
endpoint; no client secret exists or is needed.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx

from adapters.clock import Clock, system_clock
from adapters.errors import AuthError, Rejected
from adapters.urls import check_service_url
from adapters.x.http import DEFAULT_API, TOKEN_PATH, XHttp
from adapters.x.tokens import XTokens, tokens_from_grant

SCOPES = (
    "tweet.read tweet.write users.read dm.read dm.write offline.access like.write follows.write"
)
X_AUTHORIZE = "https://x.com/i/oauth2/authorize"
CALLBACK_PATH = "/callback"
WAIT_SECONDS = 300.0
_PAGE = (
    "<!doctype html><meta charset='utf-8'><title>ReplyDesk</title>"
    "<p>{}</p><p>You can close this tab and go back to the terminal.</p>"
)


def pkce_pair() -> tuple[str, str]:
    """A fresh PKCE verifier and its S256 challenge (RFC 7636)."""
    verifier = secrets.token_urlsafe(64)
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def authorize_url(
    api_base: str, client_id: str, redirect_uri: str, state: str, challenge: str
) -> str:
    """X's consent page for these parameters (``--api-base`` servers serve their own)."""
    page = X_AUTHORIZE if api_base == DEFAULT_API else f"{api_base}/i/oauth2/authorize"
    query = {
        "response_type": "code",
        "client_id": client_id,
        "redirect_uri": redirect_uri,
        "scope": SCOPES,
        "state": state,
        "code_challenge": challenge,
        "code_challenge_method": "S256",
    }
    return f"{page}?{urlencode(query)}"


@dataclass
class _Callback:
    """What the redirect brought: the code, or X's error."""

    code: str = ""
    error: str = ""


class LoopbackReceiver:
    """A one-shot HTTP listener on 127.0.0.1 for X's redirect (checks ``state``)."""

    def __init__(self, state: str, port: int = 0) -> None:
        self.state = state
        self.port = port
        self._result: asyncio.Future[_Callback] | None = None
        self._server: asyncio.Server | None = None

    @property
    def redirect_uri(self) -> str:
        """The address X redirects to (register it as the app's callback)."""
        return f"http://127.0.0.1:{self.port}{CALLBACK_PATH}"

    async def __aenter__(self) -> LoopbackReceiver:
        self._result = asyncio.get_running_loop().create_future()
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", self.port)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *_: object) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    async def code(self, wait: float = WAIT_SECONDS) -> str:
        """Wait for the redirect; the code, or ``AuthError`` (refused, timed out)."""
        assert self._result is not None, "use the receiver as an async context manager"
        try:
            got = await asyncio.wait_for(asyncio.shield(self._result), wait)
        except TimeoutError as exc:
            raise AuthError("No answer came from X's sign-in page in time.") from exc
        if got.error:
            raise AuthError(f"X did not grant access ({got.error}); nothing was saved.")
        return got.code

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            request_line = await asyncio.wait_for(reader.readline(), 10)
            while (await asyncio.wait_for(reader.readline(), 10)) not in (b"\r\n", b"\n", b""):
                pass  # headers: nothing in them is needed
        except (TimeoutError, ConnectionError):
            writer.close()
            return
        parts = request_line.decode("latin-1").split()
        target = urlsplit(parts[1] if len(parts) > 1 else "/")
        query = {k: v[0] for k, v in parse_qs(target.query).items()}
        if target.path != CALLBACK_PATH or query.get("state") != self.state:
            message, status = "This is not the sign-in ReplyDesk is waiting for.", "400 Bad Request"
        else:
            outcome = _Callback(query.get("code", ""), query.get("error", ""))
            if not outcome.code and not outcome.error:
                outcome.error = "no code in the answer"
            if self._result is not None and not self._result.done():
                self._result.set_result(outcome)
            message = "ReplyDesk is signed in to X." if outcome.code else "Sign-in was cancelled."
            status = "200 OK"
        page = _PAGE.format(message).encode()
        head = f"HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\n"
        head += f"Content-Length: {len(page)}\r\nConnection: close\r\n\r\n"
        writer.write(head.encode() + page)
        with contextlib.suppress(ConnectionError):
            await writer.drain()
        writer.close()


async def exchange_code(
    api_base: str,
    client_id: str,
    code: str,
    verifier: str,
    redirect_uri: str,
    *,
    transport: httpx.AsyncBaseTransport | None = None,
    clock: Clock = system_clock,
) -> XTokens:
    """Trade the authorization code (and the PKCE verifier) for tokens."""
    http = XHttp(api_base, None, who=None, transport=transport, clock=clock)
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "client_id": client_id,
        "redirect_uri": redirect_uri,
        "code_verifier": verifier,
    }
    try:
        answer = await http.post_form(TOKEN_PATH, form)
    except (AuthError, Rejected) as exc:
        raise AuthError(
            f"X did not accept the sign-in ({exc.msg}). Check that the client id is your app's "
            "and that its callback URL is the one shown, then try again.",
            "Login refused",
        ) from exc
    finally:
        await http.aclose()
    return tokens_from_grant(answer.body, client_id, clock())


async def sign_in(
    client_id: str,
    *,
    api_base: str = DEFAULT_API,
    show: Callable[[str], None],
    port: int = 0,
    wait: float = WAIT_SECONDS,
    transport: httpx.AsyncBaseTransport | None = None,
    clock: Clock = system_clock,
) -> XTokens:
    """The whole flow: listen, ``show`` the consent address (open it), wait, exchange."""
    if not client_id.strip():
        raise AuthError("An X app's client id is needed (README: Connecting X).")
    api_base = check_service_url(api_base)
    verifier, challenge = pkce_pair()
    state = secrets.token_urlsafe(24)
    async with LoopbackReceiver(state, port) as receiver:
        show(authorize_url(api_base, client_id.strip(), receiver.redirect_uri, state, challenge))
        code = await receiver.code(wait)
    return await exchange_code(
        api_base, client_id.strip(), code, verifier, receiver.redirect_uri,
        transport=transport, clock=clock,
    )  # fmt: skip
