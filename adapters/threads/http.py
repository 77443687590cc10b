"""HTTP for the Threads API (graph.threads.net): one request in, JSON or a typed error out.

Threads answers errors in three shapes: the Graph envelope ``{"error": {code, error_subcode,
type, message}}``, the token endpoint's ``{"error_type", "code", "error_message"}`` and, from
the authorize window, ``{"error_message", "error_code"}``. Errors are told apart by their codes,
never by the message (Meta localises ``error_user_*``). The token travels in the
``Authorization`` header, so no URL this module builds or logs holds it. No retries here: the
sync layer owns backoff.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from adapters.errors import (
    AuthError,
    BadPayload,
    ConfigError,
    Gone,
    NetworkError,
    RateLimited,
    Rejected,
    ReplyDeskError,
)
from adapters.payload import JsonObject, read_json
from adapters.transport import exchange, open_client
from adapters.urls import check_service_url

log = logging.getLogger(__name__)

# Meta's throttling codes (app, user, page/account, custom); the wait is not stated.
THROTTLE_CODES = frozenset({4, 17, 32, 613})
THROTTLE_WAIT = 15 * 60.0
EXPIRED_TOKEN = 190
# Code 10 on a publish: Meta may have posted anyway (reconcile, never resend blindly).
PERMISSION_OR_AMBIGUOUS = 10
NOT_READY = (24, 4279009)  # publishing a container before it is ready
_MAX_MESSAGE = 300

Params = Sequence[tuple[str, str]]


@dataclass(frozen=True, slots=True)
class GraphError:
    """The codes of a Threads error answer (``code`` 0 when the body names none)."""

    code: int
    subcode: int
    message: str


class ThreadsRefused(Rejected):
    """Threads refused a request and said why with ``error`` (codes, not text)."""

    def __init__(self, msg: str, error: GraphError, status: int) -> None:
        super().__init__(msg)
        self.error = error
        self.status = status


def graph_error(body: object) -> GraphError | None:
    """The error in any of Threads' three error shapes, or ``None``."""
    if not isinstance(body, dict):
        return None
    inner = body.get("error")
    source: Mapping[str, object] = inner if isinstance(inner, dict) else body
    code = source.get("code", source.get("error_code"))
    message = source.get("message", source.get("error_message"))
    if not isinstance(code, int) and not isinstance(message, str):
        return None
    subcode = source.get("error_subcode")
    return GraphError(
        code if isinstance(code, int) else 0,
        subcode if isinstance(subcode, int) else 0,
        " ".join(str(message or "").split())[:_MAX_MESSAGE],
    )


class ThreadsHttp:
    """The Threads API over an owned ``httpx.AsyncClient``, raising only typed errors.

    ``who`` names the signed-in account in messages (``None`` while signing in).
    """

    def __init__(
        self,
        base: str,
        *,
        token: str,
        who: str | None,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: float = 20.0,
    ) -> None:
        self.base = check_service_url(base)
        self.host = urlsplit(self.base).netloc
        self.who = who
        self._token = token
        self.refused = False
        """Threads turned the token down (expired or revoked): only signing in again helps."""
        self.deadline = timeout * 3
        self._client = open_client(
            self.base.rstrip("/") + "/", token=token, transport=transport, timeout=timeout
        )

    async def get(self, path: str, params: Params = (), *, gone: bool = False) -> JsonObject:
        """GET ``path``; ``gone=True`` maps a missing object to ``Gone``."""
        return await self._request("GET", path, params=params, gone=gone)

    async def post(self, path: str, data: Mapping[str, str]) -> JsonObject:
        """POST a form to ``path``."""
        return await self._request("POST", path, data=data, gone=False)

    async def aclose(self) -> None:
        """Release the connections."""
        await self._client.aclose()

    async def _request(
        self,
        method: str,
        path: str,
        *,
        params: Params = (),
        data: Mapping[str, str] | None = None,
        gone: bool,
    ) -> JsonObject:
        response = await exchange(
            self._client,
            self.host,
            self.deadline,
            method,
            path.lstrip("/"),
            params=list(params),
            data=data,
        )
        try:
            body = read_json(response.content)
        except ValueError:
            body = None
        if response.status_code >= 300 or graph_error(body) is not None:
            raise self._error(response, body, gone)
        if not isinstance(body, dict):
            raise BadPayload(f"{self.host} answered {path} with something that is not JSON.")
        return body

    def _error(self, response: httpx.Response, body: object, gone: bool) -> ReplyDeskError:
        status = response.status_code
        error = graph_error(body)
        if error is None:
            if status >= 500:
                return NetworkError(f"{self.host} had a server error ({status}).")
            if 300 <= status < 400:
                return ConfigError(f"{self.host} redirected the request; check --api-base.")
            return BadPayload(f"{self.host} answered HTTP {status} without a readable error.")
        said = error.message.replace(self._token, "<redacted>") if self._token else error.message
        quoted = f' (Threads said: "{said}")' if said else ""
        if error.code == EXPIRED_TOKEN or status == 401:
            self.refused = True
            if self.who is None:
                return AuthError(f"Threads refused the token{quoted}.")
            return AuthError(
                f"The Threads login of {self.who} has expired or was revoked{quoted}. "
                "Sign in again: replydesk account add threads --token-stdin"
            )
        if error.code in THROTTLE_CODES or status == 429:
            log.warning("%s: throttled (code %s)", self.host, error.code)
            return RateLimited(
                f"Threads is throttling this account (code {error.code}); "
                f"trying again in {THROTTLE_WAIT / 60:.0f} min.",
                THROTTLE_WAIT,
            )
        if gone and error.code == 100 and error.subcode in (33, 0):
            return Gone(f"The post is no longer available on Threads{quoted}.")
        if status >= 500 and error.code != PERMISSION_OR_AMBIGUOUS:
            return NetworkError(f"{self.host} had a server error ({status}){quoted}.")
        return ThreadsRefused(
            f"Threads refused the request (code {error.code}){quoted}.", error, status
        )
