"""HTTP for the Graph API (Facebook Pages, Messenger, Instagram): JSON or a typed error out.

The token travels in the ``Authorization`` header, never in a URL this module builds. Meta's
``paging.next`` URLs do carry it (``access_token=…``): they are never followed and never
logged; callers rebuild the next request from its cursor (``after_cursor``, ``page_params``).
Every response's usage headers are read: above 80 % requests are spaced out, at a throttle
code or 100 % the client pauses until Meta's estimated time to regain access.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import parse_qsl, urlsplit

import httpx

from adapters.clock import Clock, system_clock
from adapters.errors import BadPayload, ConfigError, NetworkError, RateLimited
from adapters.meta.faults import fault_error, read_fault
from adapters.meta.usage import Usage, describe_pause, read_usage, spacing
from adapters.payload import JsonObject as JsonObject
from adapters.payload import read_json
from adapters.payload import read_obj as read_obj
from adapters.payload import read_str as read_str
from adapters.payload import read_time as read_time
from adapters.transport import exchange, open_client
from adapters.urls import check_service_url

log = logging.getLogger(__name__)

GRAPH_API = "https://graph.facebook.com/v21.0"
DEFAULT_PAUSE = timedelta(minutes=5)  # a throttle code without an estimate
_SECRET_PARAMS = frozenset({"access_token", "appsecret_proof"})

Params = Sequence[tuple[str, str]]
Sleep = Callable[[float], Awaitable[None]]


# -- typed reads of Graph answers (read_obj, read_str: adapters.payload) ---------------
def opt_str(obj: object, key: str) -> str:
    """An optional text field of an optional object: anything else reads as empty."""
    value = obj.get(key) if isinstance(obj, dict) else None
    return value if isinstance(value, str) else ""


def read_data(body: object, what: str) -> list[object]:
    """The ``data`` list of a Graph list answer (absent reads as empty)."""
    data = read_obj(body, what).get("data", [])
    if not isinstance(data, list):
        raise BadPayload(f"{what} has no list of items")
    return data


def after_cursor(body: object) -> str | None:
    """The cursor of the next page, or ``None`` on the last page (no ``next`` or no ``paging``)."""
    paging = body.get("paging") if isinstance(body, dict) else None
    if not isinstance(paging, dict) or not paging.get("next"):
        return None
    return opt_str(paging.get("cursors"), "after") or None


def page_params(body: object) -> list[tuple[str, str]] | None:
    """The query of a time-paged answer's ``next`` URL, without its token; ``None`` at the end."""
    paging = body.get("paging") if isinstance(body, dict) else None
    url = paging.get("next") if isinstance(paging, dict) else None
    if not isinstance(url, str) or not url:
        return None
    query = parse_qsl(urlsplit(url).query, keep_blank_values=False)
    return [
        (k, v)
        for k, v in query
        if k not in _SECRET_PARAMS and k in ("until", "since", "__paging_token")
    ]


@dataclass(frozen=True, slots=True)
class Answer:
    """A successful response's JSON body."""

    body: object


class GraphHttp:
    """One Graph API base (``--api-base`` or Meta's) over an owned ``httpx.AsyncClient``.

    ``who`` names the account in error messages. ``usage`` is the last reported usage and
    ``paused_until`` the end of a throttle pause (both for the header of the app).
    """

    def __init__(
        self,
        api_base: str,
        *,
        token: str,
        who: str,
        transport: httpx.AsyncBaseTransport | None = None,
        clock: Clock = system_clock,
        sleep: Sleep = asyncio.sleep,
        timeout: float = 20.0,
    ) -> None:
        self.base = check_service_url(api_base)
        self.host = urlsplit(self.base).netloc
        self.who = who
        self.usage = Usage()
        self.paused_until: datetime | None = None
        self._clock = clock
        self._sleep = sleep
        self._last_request: datetime | None = None
        self._token = token
        self.deadline = timeout * 3
        self._client = open_client(self.base, token=token, transport=transport, timeout=timeout)

    async def get(self, path: str, params: Params = (), *, gone: bool = False) -> Answer:
        """GET ``path``; ``gone=True`` maps "object does not exist" to ``Gone``."""
        return await self._request("GET", path, params=params, gone=gone)

    async def post(
        self, path: str, *, form: Mapping[str, str] | None = None, json: object = None
    ) -> Answer:
        """POST a form or a JSON body to ``path``."""
        return await self._request("POST", path, form=form, json=json, gone=True)

    async def aclose(self) -> None:
        """Release the connections."""
        await self._client.aclose()

    async def _pace(self) -> None:
        now = self._clock()
        if self.paused_until is not None and now < self.paused_until:
            wait = (self.paused_until - now).total_seconds()
            raise RateLimited(
                f"Meta's rate limit is reached for {self.who}; paused "
                f"{describe_pause(self.paused_until)}.",
                wait,
            )
        gap = spacing(self.usage)
        if gap and self._last_request is not None:
            wait = (self._last_request + gap - now).total_seconds()
            if wait > 0:
                log.info("Meta usage at %.0f %%: waiting %.1f s", self.usage.percent, wait)
                await self._sleep(wait)

    async def _request(
        self,
        method: str,
        path: str,
        *,
        params: Params = (),
        form: Mapping[str, str] | None = None,
        json: object = None,
        gone: bool,
    ) -> Answer:
        await self._pace()
        self._last_request = self._clock()
        response = await exchange(
            self._client,
            self.host,
            self.deadline,
            method,
            path,
            params=list(params),
            data=form,
            json=json,
        )
        self._note_usage(response)
        try:
            body = read_json(response.content)
        except ValueError:
            body = None
        if response.status_code >= 300 or read_fault(body) is not None:
            self._raise(response, body, gone)
        if body is None:
            raise BadPayload(f"{self.host} answered {path} with something that is not JSON.")
        return Answer(body)

    def _note_usage(self, response: httpx.Response) -> None:
        self.usage = read_usage(response.headers)
        if self.usage.full:
            self._pause(self.usage.regain)

    def _pause(self, regain: timedelta) -> datetime:
        until = self._clock() + (regain if regain > timedelta(0) else DEFAULT_PAUSE)
        self.paused_until = max(until, self.paused_until or until)
        log.warning("Meta usage limit reached for %s: paused %s", self.who, describe_pause(until))
        return self.paused_until

    def _raise(self, response: httpx.Response, body: object, gone: bool) -> None:
        status = response.status_code
        fault = read_fault(body)
        if fault is None:
            if 300 <= status < 400:
                raise ConfigError(f"{self.host} redirected the request; check --api-base.")
            if status >= 500:
                raise NetworkError(f"{self.host} had a server error ({status}).")
            raise BadPayload(f"{self.host} refused the request ({status}) without a Graph error.")
        if fault.throttled:
            until = self._pause(self.usage.regain)
            wait = (until - self._clock()).total_seconds()
            raise RateLimited(
                f"Meta is throttling {self.who} (error {fault.code}); paused "
                f"{describe_pause(until)}.",
                wait,
            )
        error = fault_error(fault, self.who, status, gone_if_missing=gone)
        if self._token and self._token in error.msg:  # belt and braces: never echo the token
            error.msg = error.msg.replace(self._token, "<redacted>")
        raise error
