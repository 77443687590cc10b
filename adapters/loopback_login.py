"""A sign-in answered on a loopback redirect, shared by the networks that sign in through Meta.

The browser comes back to ``http://localhost:<port>/callback`` with the answer in the URL: in
the *fragment* for Facebook Login's token (browsers never send it to a server) or in the query
for an authorization code (Threads). The callback page hands either over with one
``POST /token`` from the page itself. The server listens on the loopback interface only,
answers one login, checks the ``state`` it made up, and stops. Meta must list the redirect
address exactly in the app's settings, so the port is fixed by the config.
"""

from __future__ import annotations

import asyncio
import secrets
from urllib.parse import parse_qs, urlsplit

from adapters.errors import AuthError, ConfigError

DEFAULT_PORT = 8765
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


class LoopbackLogin:
    """Receives one sign-in answer on ``localhost:<port>``; ``token()`` waits for it.

    ``field`` is what the answer carries (Facebook Login: ``access_token`` in the fragment;
    Threads: an authorization ``code`` in the query), ``name`` the sign-in as a person knows
    it, ``setting`` the config key that moves the port.
    """

    def __init__(
        self,
        port: int = DEFAULT_PORT,
        wait: float = 300.0,
        *,
        field: str = "access_token",
        name: str = "Facebook Login",
        setting: str = "[facebook] redirect_port",
    ) -> None:
        self.port = port
        self.wait = wait  # seconds the person has to sign in
        self.field, self.name, self.setting = field, name, setting
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
                f"back. Close what uses it or set another {self.setting} (and list "
                "the new address in the Meta app)."
            ) from exc
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    async def token(self) -> str:
        """The token (or code) the browser handed over (``AuthError`` if refused or too late)."""
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
        if fields.get("error") or not fields.get(self.field):
            reason = fields.get("error_description") or fields.get("error_reason") or "refused"
            self._answer.set_exception(AuthError(f"{self.name} did not complete: {reason}."))
            return "The sign-in did not complete; see the terminal."
        self._answer.set_result(fields[self.field])
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
