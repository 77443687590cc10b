"""Facebook Login for the person's own Meta app, answered on a loopback redirect.

The browser opens Meta's login dialog (``authorize_url``); Meta sends it back to
``http://localhost:<port>/callback`` with the user token in the URL *fragment*, which browsers
never send to a server, so the callback page hands it over with one ``POST /token`` from the
page itself. The server listens on the loopback interface only, answers one login, checks the
``state`` it made up, and stops. Meta must list the redirect address exactly under the app's
"Valid OAuth Redirect URIs", so the port is fixed (config ``[facebook] redirect_port``).
A short-lived user token is exchanged for a long-lived one when the app secret is given.
"""

from __future__ import annotations

import asyncio
import secrets
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx

from adapters.errors import AuthError, ConfigError
from adapters.meta.http import GRAPH_API, GraphHttp, read_obj, read_str

DIALOG = "https://www.facebook.com/v21.0/dialog/oauth"
DEFAULT_PORT = 8765
SCOPES = (
    "pages_show_list",
    "pages_read_engagement",
    "pages_manage_engagement",
    "pages_messaging",
    "instagram_basic",
    "instagram_manage_comments",
    "instagram_manage_messages",
)
_PAGE = b"""<!doctype html><meta charset="utf-8"><title>ReplyDesk</title>
<p id="said">Finishing the sign-in&hellip;</p>
<script>
fetch("/token", {method: "POST", body: location.hash.slice(1) || location.search.slice(1)})
  .then(r => r.text()).then(t => { document.getElementById("said").textContent = t; });
</script>"""
_MAX_REQUEST = 16_384


def redirect_uri(port: int) -> str:
    """The address Meta sends the browser back to (list it in the app's settings)."""
    return f"http://localhost:{port}/callback"


def authorize_url(app_id: str, port: int, state: str) -> str:
    """Meta's login dialog for ``app_id`` asking for every permission ReplyDesk uses."""
    if not app_id.strip().isdigit():
        raise ConfigError(
            'Set your Meta app\'s id in the config file: [facebook] app_id = "1234567890" '
            "(App settings → Basic in developers.facebook.com)."
        )
    query = {
        "client_id": app_id.strip(),
        "redirect_uri": redirect_uri(port),
        "state": state,
        "response_type": "token",
        "scope": ",".join(SCOPES),
    }
    return f"{DIALOG}?{urlencode(query)}"


class LoopbackLogin:
    """Receives one Facebook Login answer on ``localhost:<port>``; ``token()`` waits for it."""

    def __init__(self, port: int = DEFAULT_PORT, wait: float = 300.0) -> None:
        self.port = port
        self.wait = wait  # seconds the person has to sign in
        self.state = secrets.token_urlsafe(24)
        self._answer: asyncio.Future[str] | None = None
        self._server: asyncio.Server | None = None

    async def __aenter__(self) -> LoopbackLogin:
        self._answer = asyncio.get_running_loop().create_future()
        try:
            self._server = await asyncio.start_server(self._serve, "localhost", self.port)
        except OSError as exc:
            raise ConfigError(
                f"Port {self.port} on this computer is busy, so Meta cannot send the login "
                "back. Close what uses it or set another [facebook] redirect_port (and list "
                "the new address in the Meta app)."
            ) from exc
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    async def token(self) -> str:
        """The user token the browser handed over (``AuthError`` if refused or too late)."""
        assert self._answer is not None, "use LoopbackLogin as an async context manager"
        try:
            return await asyncio.wait_for(asyncio.shield(self._answer), self.wait)
        except TimeoutError as exc:
            raise AuthError("No answer came from the browser in time; nothing was saved.") from exc

    def _settle(self, fields: dict[str, str]) -> str:
        """Take the fields Meta returned; what the page should say."""
        assert self._answer is not None
        if self._answer.done():
            return "This sign-in was already used; go back to the terminal."
        if fields.get("state") != self.state:
            return "This answer does not belong to the sign-in ReplyDesk started; ignored."
        if fields.get("error") or not fields.get("access_token"):
            reason = fields.get("error_description") or fields.get("error_reason") or "refused"
            self._answer.set_exception(AuthError(f"Facebook Login did not complete: {reason}."))
            return "The sign-in did not complete; see the terminal."
        self._answer.set_result(fields["access_token"])
        return "Signed in. You can close this tab and go back to the terminal."

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 10)
            lines = head.decode("latin-1").split("\r\n")
            method, target = lines[0].split(" ")[:2]
            length = next(
                (
                    int(v)
                    for k, _, v in (h.partition(":") for h in lines[1:])
                    if k.lower() == "content-length"
                ),
                0,
            )
            body = await reader.readexactly(min(length, _MAX_REQUEST)) if length else b""
            path = urlsplit(target).path
            if method == "GET" and path == "/callback":
                await _reply(writer, 200, "text/html; charset=utf-8", _PAGE)
            elif method == "POST" and path == "/token":
                fields = {k: v[0] for k, v in parse_qs(body.decode("utf-8", "replace")).items()}
                await _reply(
                    writer, 200, "text/plain; charset=utf-8", self._settle(fields).encode()
                )
            else:
                await _reply(writer, 404, "text/plain", b"Not found")
        except (
            ValueError,
            OSError,
            asyncio.IncompleteReadError,
            asyncio.LimitOverrunError,
            TimeoutError,
        ):
            writer.close()  # a broken or idle request: nothing to answer


async def _reply(writer: asyncio.StreamWriter, status: int, kind: str, body: bytes) -> None:
    head = f"HTTP/1.1 {status} OK\r\nContent-Type: {kind}\r\nContent-Length: {len(body)}\r\n"
    writer.write((head + "Cache-Control: no-store\r\nConnection: close\r\n\r\n").encode() + body)
    await writer.drain()
    writer.close()


async def long_lived(
    token: str,
    app_id: str,
    app_secret: str,
    api_base: str = GRAPH_API,
    *,
    transport: httpx.AsyncBaseTransport | None = None,
) -> str:
    """Exchange a short-lived user token for a long-lived one (60 days; the Page tokens it
    lists then do not expire). The secret is sent once, never stored."""
    http = GraphHttp(api_base, token=token, who="This login", transport=transport)
    form = {
        "grant_type": "fb_exchange_token",
        "client_id": app_id,
        "client_secret": app_secret,
        "fb_exchange_token": token,
    }
    try:
        # POSTed, so neither the secret nor the token is in a URL (httpx logs URLs).
        answer = await http.post("/oauth/access_token", form=form)
    finally:
        await http.aclose()
    return read_str(read_obj(answer.body, "The token exchange"), "access_token")
