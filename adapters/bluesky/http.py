"""A small XRPC client over httpx: bearer session, refresh-once on ExpiredToken, typed errors.

XRPC errors are JSON ``{"error": "<Name>", "message": "..."}``. An expired access token is
HTTP **400** ``ExpiredToken`` (not 401), so the client refreshes the session once
(``com.atproto.server.refreshSession`` with the refresh token) and retries the request once.
Everything else maps to the typed errors of ``adapters.errors``; the client never loops on
failures (the sync layer owns backoff) and never puts a token into a message.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlsplit

import httpx

from adapters.bluesky.session import BskySession
from adapters.clock import Clock, system_clock
from adapters.errors import (
    AuthError,
    BadPayload,
    NetworkError,
    RateLimited,
    Rejected,
    ReplyDeskError,
)
from adapters.net_words import describe_request_error
from adapters.payload import read_json
from adapters.records import Account
from adapters.transport import USER_AGENT
from adapters.urls import check_service_url

JsonObject = dict[str, Any]
Params = Mapping[str, str | int | list[str]]

log = logging.getLogger(__name__)

# Error names that mean "these credentials are no good": the person must log in again.
AUTH_ERROR_NAMES = frozenset(
    {"InvalidToken", "ExpiredToken", "AuthenticationRequired", "AuthMissing", "AccountTakedown"}
)
DEFAULT_RETRY_AFTER = 60.0
_MAX_SERVER_MESSAGE = 200


class XrpcRejected(Rejected):
    """A 4xx XRPC error that is not about credentials; ``error`` is its lexicon name."""

    def __init__(self, msg: str, error: str, status: int) -> None:
        super().__init__(msg)
        self.error = error
        self.status = status


def relogin_hint(handle: str) -> str:
    """The one command that fixes a dead Bluesky login."""
    return f"log in again: replydesk account add bluesky {handle.lstrip('@')}"


def error_name(response: httpx.Response) -> str:
    """The XRPC error name of a failed response ("" when the body names none)."""
    body = _json_or_none(response)
    name = body.get("error") if isinstance(body, dict) else None
    return name if isinstance(name, str) else ""


def server_message(response: httpx.Response, secrets: tuple[str, ...] = ()) -> str:
    """The server's short human message, truncated and with any of ``secrets`` removed."""
    body = _json_or_none(response)
    message = body.get("message") if isinstance(body, dict) else None
    if not isinstance(message, str):
        return ""
    return redact(message[:_MAX_SERVER_MESSAGE], secrets)


def redact(text: str, secrets: tuple[str, ...]) -> str:
    """``text`` with every non-empty secret replaced (tokens never reach a message)."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, "<redacted>")
    return text


def retry_after_seconds(response: httpx.Response, clock: Clock) -> float:
    """How long a 429 asks us to wait: ``ratelimit-reset`` (epoch seconds), else
    ``retry-after`` (seconds), else a minute. httpx reads header names case-insensitively."""
    reset = response.headers.get("ratelimit-reset")
    if reset is not None:
        try:
            return max(0.0, float(reset) - clock().timestamp())
        except ValueError:
            pass
    retry_after = response.headers.get("retry-after")
    if retry_after is not None:
        try:
            return max(0.0, float(retry_after))
        except ValueError:
            pass
    return DEFAULT_RETRY_AFTER


def map_error(
    response: httpx.Response, handle: str, clock: Clock, secrets: tuple[str, ...] = ()
) -> ReplyDeskError:
    """The typed error for a non-2xx XRPC ``response`` of the account ``handle``."""
    status = response.status_code
    name = error_name(response)
    detail = server_message(response, secrets)
    parts = [part for part in (name, detail) if part]
    said = f" ({': '.join(parts)})" if parts else ""
    if status == 429 or name == "RateLimitExceeded":
        wait = retry_after_seconds(response, clock)
        log.warning("Bluesky rate limit for %s; waiting %.0f s", handle, wait)
        return RateLimited(f"Bluesky asks us to wait {wait:.0f} s before the next request.", wait)
    if status >= 500:
        return NetworkError(f"Bluesky had a problem (HTTP {status}){said}.")
    if name in AUTH_ERROR_NAMES or status in (401, 403):
        return AuthError(f"Bluesky refused the login of {handle}{said}; {relogin_hint(handle)}")
    if 400 <= status < 500:
        if _json_or_none(response) is None:
            return BadPayload(f"Bluesky answered HTTP {status} with a body that is not JSON.")
        return XrpcRejected(f"Bluesky refused the request (HTTP {status}){said}.", name, status)
    return BadPayload(f"Bluesky answered with an unexpected HTTP {status}.")


def parse_result(response: httpx.Response) -> JsonObject:
    """The JSON object of a 2xx response (``{}`` for an empty body); else ``BadPayload``."""
    if not response.content.strip():
        return {}
    body = _json_or_none(response)
    if not isinstance(body, dict):
        raise BadPayload("Bluesky answered with something that is not a JSON object.")
    return body


async def send_xrpc(
    http: httpx.AsyncClient,
    base: str,
    method: str,
    nsid: str,
    *,
    params: Params | None = None,
    body: JsonObject | None = None,
    bearer: str | None = None,
) -> httpx.Response:
    """One XRPC request to ``base``/xrpc/``nsid``; transport faults become ``NetworkError``."""
    headers = {"Authorization": f"Bearer {bearer}"} if bearer else {}
    try:
        return await http.request(
            method, f"{base}/xrpc/{nsid}", params=params, json=body, headers=headers
        )
    except httpx.DecodingError as exc:
        raise BadPayload(f"Bluesky's answer to {nsid} could not be decoded.") from exc
    except httpx.RequestError as exc:
        # Said in words with the host a person typed; the XRPC method and the exception class
        # mean nothing to them (and whether it is retried is the caller's to say).
        host = urlsplit(base).netloc or base
        if isinstance(exc, httpx.TimeoutException):
            raise NetworkError(f"{host} did not answer in time.") from exc
        raise NetworkError(f"Could not reach {host}: {describe_request_error(exc)}.") from exc


def pds_endpoint(did_doc: object) -> str | None:
    """The ``#atproto_pds`` service endpoint of a DID document, if it names one."""
    if not isinstance(did_doc, dict):
        return None
    services = did_doc.get("service")
    if not isinstance(services, list):
        return None
    for service in services:
        if (
            isinstance(service, dict)
            and isinstance(service.get("id"), str)
            and service["id"].endswith("#atproto_pds")
            and isinstance(service.get("serviceEndpoint"), str)
        ):
            return str(service["serviceEndpoint"])
    return None


def new_http_client(
    transport: httpx.AsyncBaseTransport | None, timeout: float
) -> httpx.AsyncClient:
    """The httpx client every Bluesky call goes through (no redirects: XRPC never needs one)."""
    return httpx.AsyncClient(
        transport=transport, timeout=timeout, headers={"User-Agent": USER_AGENT}
    )


class XrpcClient:
    """Authenticated XRPC calls for one account, refreshing its session at most once per call.

    ``session`` always holds the newest tokens; ``on_session`` is told about each refresh so
    the caller can store them.
    """

    def __init__(
        self,
        account: Account,
        session: BskySession,
        *,
        on_session: Callable[[BskySession], None] | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        clock: Clock = system_clock,
        timeout: float = 20.0,
    ) -> None:
        self.account = account
        self.session = session
        self._on_session = on_session
        self._clock = clock
        self._http = new_http_client(transport, timeout)
        # Refresh tokens rotate: two concurrent refreshes would revoke each other.
        self._refresh_lock = asyncio.Lock()

    async def query(self, nsid: str, params: Params | None = None) -> JsonObject:
        """An XRPC query (GET)."""
        return await self._call("GET", nsid, params=params)

    async def procedure(self, nsid: str, body: JsonObject | None = None) -> JsonObject:
        """An XRPC procedure (POST with a JSON body)."""
        return await self._call("POST", nsid, body=body)

    async def aclose(self) -> None:
        """Release connections."""
        await self._http.aclose()

    async def _call(
        self,
        method: str,
        nsid: str,
        *,
        params: Params | None = None,
        body: JsonObject | None = None,
    ) -> JsonObject:
        token = self.session.access_jwt
        response = await self._send(method, nsid, params, body, token)
        if response.status_code == 400 and error_name(response) == "ExpiredToken":
            await self._refresh(token)
            response = await self._send(method, nsid, params, body, self.session.access_jwt)
            if error_name(response) in AUTH_ERROR_NAMES or response.status_code == 401:
                raise self._login_expired()
        if not response.is_success:
            raise map_error(response, self.account.at_handle, self._clock, self._secrets())
        return parse_result(response)

    async def _send(
        self,
        method: str,
        nsid: str,
        params: Params | None,
        body: JsonObject | None,
        token: str,
    ) -> httpx.Response:
        return await send_xrpc(
            self._http, self.session.pds, method, nsid, params=params, body=body, bearer=token
        )

    async def _refresh(self, stale_access: str) -> None:
        async with self._refresh_lock:
            if self.session.access_jwt != stale_access:
                return  # another call refreshed while this one waited
            response = await self._send(
                "POST", "com.atproto.server.refreshSession", None, None, self.session.refresh_jwt
            )
            if response.status_code in (400, 401) and (
                error_name(response) in AUTH_ERROR_NAMES or response.status_code == 401
            ):
                raise self._login_expired()
            if not response.is_success:
                raise map_error(response, self.account.at_handle, self._clock, self._secrets())
            self.session = self._refreshed(parse_result(response))
        if self._on_session is not None:
            self._on_session(self.session)

    def _refreshed(self, data: JsonObject) -> BskySession:
        access, refresh = data.get("accessJwt"), data.get("refreshJwt")
        if not (isinstance(access, str) and access and isinstance(refresh, str) and refresh):
            raise BadPayload("Bluesky's session refresh did not include new tokens.")
        if data.get("did") != self.session.did:
            raise BadPayload("Bluesky refreshed the session of a different account.")
        handle = data.get("handle")
        pds = pds_endpoint(data.get("didDoc"))
        return dataclasses.replace(
            self.session,
            access_jwt=access,
            refresh_jwt=refresh,
            handle=handle if isinstance(handle, str) and handle else self.session.handle,
            # An account can move to another PDS; follow it, but only to an acceptable URL.
            pds=check_service_url(pds) if pds else self.session.pds,
        )

    def _login_expired(self) -> AuthError:
        handle = self.account.at_handle
        return AuthError(f"The Bluesky login of {handle} has expired; {relogin_hint(handle)}")

    def _secrets(self) -> tuple[str, ...]:
        return (self.session.access_jwt, self.session.refresh_jwt)


def _json_or_none(response: httpx.Response) -> Any:
    try:
        return read_json(response.content)
    except ValueError:
        return None
