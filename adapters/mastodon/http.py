"""HTTP for the Mastodon client API: one request in, JSON or a typed error out.

Shared by the adapter and the login flow, with the typed readers of JSON answers. Servers
differ (see the recorded GoToSocial and Takahē scenarios): rate-limit headers may be missing
or spelled ``X-Ratelimit-*``, errors may be HTML, Takahē answers a bad token with 400
text/html. This module does not retry: the sync layer owns backoff. The access token never
appears in a message this module builds.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime
from urllib.parse import parse_qsl, urlsplit

import httpx

from adapters.clock import Clock, system_clock
from adapters.errors import (
    AuthError,
    BadPayload,
    ConfigError,
    Gone,
    NetworkError,
    RateLimited,
    Rejected,
)
from adapters.mastodon.html import html_to_text
from adapters.payload import read_json
from adapters.transport import exchange, open_client
from adapters.urls import check_service_url

log = logging.getLogger(__name__)

DEFAULT_RETRY_AFTER = 60.0
MAX_RETRY_AFTER = 3600.0  # Mastodon's longest window is 30 min; a wild header must not stall sync
_MAX_MESSAGE = 300
_LINK = re.compile(r"<([^>]*)>((?:\s*;\s*[^;,]+)*)")
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)

Params = Sequence[tuple[str, str]]


@dataclass(frozen=True, slots=True)
class Answer:
    """A successful response: its parsed JSON body and its ``Link`` relations."""

    body: object
    links: Mapping[str, Mapping[str, str]]


def parse_link_header(value: str) -> dict[str, dict[str, str]]:
    """RFC 8288 ``Link`` → {rel: query parameters of its URL} ("next" is older on Mastodon).

    Only the parameters are kept: callers rebuild the request on their own base URL, because
    GoToSocial writes its configured host into these URLs and Takahē drops ``types[]``.
    """
    relations: dict[str, dict[str, str]] = {}
    for match in _LINK.finditer(value):
        params = dict(parse_qsl(urlsplit(match.group(1).strip()).query))
        for param in match.group(2).split(";"):
            name, _, raw = param.partition("=")
            if name.strip().lower() == "rel":
                for rel in raw.strip().strip('"').split():
                    relations.setdefault(rel.lower(), params)
    return relations


def _seconds_until(value: str, now: datetime) -> float | None:
    """Seconds from ``now`` to a reset given as seconds, epoch seconds, ISO 8601 or HTTP date."""
    text = value.strip()
    try:
        number = float(text)
    except ValueError:
        pass
    else:
        # Small numbers are a delay (Retry-After); large ones an epoch time (Bluesky-style).
        return number - now.timestamp() if number > 1e9 else number
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        try:
            when = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
    if when.tzinfo is None:
        return None
    return (when - now).total_seconds()


def retry_after(headers: httpx.Headers, now: datetime) -> float:
    """How long to wait: ``Retry-After``, else ``X-RateLimit-Reset``, else 60 s (1 s to 1 h)."""
    for name in ("retry-after", "x-ratelimit-reset"):  # httpx.Headers ignore case
        value = headers.get(name)
        seconds = _seconds_until(value, now) if value else None
        if seconds is not None and math.isfinite(seconds):
            return min(MAX_RETRY_AFTER, max(1.0, seconds))
    return DEFAULT_RETRY_AFTER


def server_message(response: httpx.Response, secret: str | None = None) -> str:
    """The server's own words about an error (JSON ``error``, an HTML title, or plain text)."""
    text = ""
    try:
        body = read_json(response.content)
    except ValueError:
        body = None
    if isinstance(body, dict):
        for key in ("error_description", "error"):
            if isinstance(body.get(key), str) and body[key].strip():
                text = body[key]
                break
    elif body is None:
        raw = response.text[:20_000]
        title = _TITLE.search(raw)
        text = html_to_text(title.group(1) if title else raw)
    text = " ".join(text.split())[:_MAX_MESSAGE]
    return text.replace(secret, "<redacted>") if secret else text


def _refuses_token(response: httpx.Response) -> bool:
    # Takahē answers a bad token with "400 Invalid Bearer token" as text/html, not 401.
    return (
        response.status_code == 400
        and not response.headers.get("content-type", "").startswith("application/json")
        and "token" in response.text[:200].lower()
    )


class MastodonHttp:
    """One server's API over an owned ``httpx.AsyncClient``, raising only typed errors.

    ``who`` names the logged-in account in error messages; ``None`` while signing in, when a
    refusal is about what the person just gave (the caller says what), not a lost login. A response
    saying ``X-RateLimit-Remaining: 0`` is used, but the next request raises ``RateLimited``
    until the reset instead of spending the server's patience.
    """

    def __init__(
        self,
        server: str,
        *,
        token: str | None,
        who: str | None,
        transport: httpx.AsyncBaseTransport | None = None,
        clock: Clock = system_clock,
        timeout: float = 20.0,
    ) -> None:
        self.server = check_service_url(server)
        self.host = urlsplit(self.server).netloc
        self.who = who
        self._token = token
        self._clock = clock
        self._blocked_until: datetime | None = None
        self.deadline = timeout * 3  # the whole request, body included
        self._client = open_client(self.server, token=token, transport=transport, timeout=timeout)

    async def get(self, path: str, params: Params = (), *, status: bool = False) -> Answer:
        """GET ``path``; ``status=True`` maps 403/404/410 to ``Gone`` (a post that went away)."""
        return await self._request("GET", path, params=params, status=status)

    async def post(
        self,
        path: str,
        data: Mapping[str, str],
        *,
        headers: Mapping[str, str] | None = None,
        status: bool = False,
    ) -> Answer:
        """POST a form to ``path``; see ``get`` for ``status``."""
        return await self._request("POST", path, data=data, headers=headers, status=status)

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
        headers: Mapping[str, str] | None = None,
        status: bool,
    ) -> Answer:
        now = self._clock()
        if self._blocked_until is not None and now < self._blocked_until:
            wait = (self._blocked_until - now).total_seconds()
            raise RateLimited(
                f"{self.host} asks us to wait {wait:.0f} s before the next request.", wait
            )
        response = await exchange(
            self._client,
            self.host,
            self.deadline,
            method,
            path,
            params=list(params),
            data=data,
            headers=headers,
        )
        self._note_rate_limit(response)
        self._raise_for_status(response, path, status)
        try:
            body = read_json(response.content)
        except ValueError as exc:
            raise BadPayload(
                f"{self.host} answered {path} with something that is not JSON."
            ) from exc
        link = response.headers.get("link")
        return Answer(body, parse_link_header(link) if link else {})

    def _note_rate_limit(self, response: httpx.Response) -> None:
        if response.headers.get("x-ratelimit-remaining", "").strip() == "0":
            wait = retry_after(response.headers, self._clock())
            self._blocked_until = self._clock() + timedelta(seconds=wait)
            log.info("%s: rate limit used up; next request in %.0f s", self.host, wait)

    def _raise_for_status(self, response: httpx.Response, path: str, status: bool) -> None:
        code = response.status_code
        if code < 300:
            return
        said = server_message(response, self._token)
        quoted = f' (the server said: "{said}")' if said else ""
        if code == 401 or _refuses_token(response):
            if self.who is None:
                raise AuthError(said or f"{self.host} refused it (HTTP {code})")
            raise AuthError(
                f"{self.who} is no longer logged in: {self.host} refused the token{quoted}. "
                f"Log in again: replydesk account add mastodon {self.server}"
            )
        if code == 429:
            wait = retry_after(response.headers, self._clock())
            self._blocked_until = self._clock() + timedelta(seconds=wait)
            log.warning("%s: rate limited (429); waiting %.0f s", self.host, wait)
            raise RateLimited(
                f"{self.host} asks us to wait {wait:.0f} s before the next request.", wait
            )
        if status and code in (403, 404, 410):
            raise Gone(f"The post is no longer available on {self.host}{quoted}.")
        if code >= 500:
            raise NetworkError(f"{self.host} had a server error ({code}).")
        if 300 <= code < 400:
            where = response.headers.get("location", "another address")
            raise ConfigError(f"{self.host} redirected {path} to {where}; use that address.")
        if code == 404:
            raise ConfigError(
                f"{self.host} has no {path}: is it a Mastodon-compatible server?{quoted}"
            )
        raise Rejected(said or f"{self.host} refused the request ({code}).")
