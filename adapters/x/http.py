"""HTTP for the X API v2: one request in, JSON or a typed error out.

Every response's ``x-rate-limit-*`` headers (reset in epoch seconds) are read per endpoint: an
endpoint whose allowance is used up raises ``RateLimited`` until its reset without another
request, so sync waits exactly as long as X says. A monthly usage cap (429 ``usage-capped``)
pauses the account until the cap resets. A refused token is refreshed once (OAuth logins);
after that the account is *signed out*: every call raises the same ``AuthError`` without
touching the network until the person signs in again, so nothing loops against X. The tokens
never appear in a message this module builds. No retries here: sync owns backoff.
"""

from __future__ import annotations

import asyncio
import logging
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

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
from adapters.net_words import describe_request_error
from adapters.payload import read_json
from adapters.transport import open_client
from adapters.urls import check_service_url
from adapters.x.problems import Problem, problems_of
from adapters.x.tokens import XTokens, tokens_from_grant

log = logging.getLogger(__name__)

DEFAULT_API = "https://api.x.com"
TOKEN_PATH = "/2/oauth2/token"
DEFAULT_WAIT = 15 * 60.0  # X's windows are 15 minutes; used when a 429 names no reset
MAX_WAIT = 24 * 3600.0 + 60  # the longest documented window is 24 h
_ID_SEGMENT = re.compile(r"(?<=.)/[0-9][0-9-]*(?=/|$)")  # never the leading version "/2"

Params = Sequence[tuple[str, str]]


class UsageCapped(RateLimited):
    """The X app's usage cap (monthly or daily) is used up: nothing works until it resets."""

    title = "X usage cap reached"


@dataclass(frozen=True, slots=True)
class Answer:
    """A successful response: its JSON body and the problems a 200 may carry beside ``data``."""

    body: object
    problems: tuple[Problem, ...] = ()


def route_of(method: str, path: str) -> str:
    """The endpoint a rate limit belongs to: ``GET /2/users/:id/mentions``."""
    return f"{method} {_ID_SEGMENT.sub('/:id', path)}"


def _reset_at(headers: httpx.Headers) -> datetime | None:
    raw = headers.get("x-rate-limit-reset", "").strip()
    try:
        seconds = float(raw)
    except ValueError:
        return None
    if not math.isfinite(seconds) or seconds <= 0:
        return None
    return datetime.fromtimestamp(seconds, UTC)


def _next_month(now: datetime) -> datetime:
    first = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    return (first + timedelta(days=32)).replace(day=1)


class XHttp:
    """The X API over an owned ``httpx.AsyncClient``, raising only typed errors.

    ``who`` names the account in messages (``None`` while signing in); ``on_tokens`` is told of
    refreshed tokens so they outlive the process (X rotates the refresh token on every use).
    """

    def __init__(
        self,
        api_base: str,
        tokens: XTokens | None,
        *,
        who: str | None,
        on_tokens: Callable[[XTokens], None] | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        clock: Clock = system_clock,
        timeout: float = 20.0,
    ) -> None:
        self.api_base = check_service_url(api_base)
        self.who = who
        self.tokens = tokens
        self._on_tokens = on_tokens
        self._clock = clock
        self._blocked: dict[str, tuple[datetime, str]] = {}
        self._capped: UsageCapped | None = None  # the app's usage cap: every endpoint waits
        self._capped_until: datetime | None = None
        self.signed_out: AuthError | None = None
        self.deadline = timeout * 3  # the whole request, body included
        # The token is added per request: it is refreshed while the client lives.
        self._client = open_client(self.api_base, transport=transport, timeout=timeout)

    async def get(self, path: str, params: Params = (), *, gone: bool = False) -> Answer:
        """GET ``path``; ``gone=True`` maps 404 to ``Gone`` (a post that went away)."""
        return await self._authorized("GET", path, params=params, gone=gone)

    async def post_json(self, path: str, body: Mapping[str, object]) -> Answer:
        """POST a JSON body to ``path``."""
        return await self._authorized("POST", path, json=body)

    async def post_form(self, path: str, form: Mapping[str, str]) -> Answer:
        """POST a form with no user token (the OAuth token endpoint)."""
        response = await self._send("POST", path, data=form)
        self._raise_for_status(response, path, gone=False)
        return self._answer(response, path)

    def blocked_until(self, method: str, path: str) -> datetime | None:
        """When the endpoint of ``path`` may be used again, if its allowance is used up."""
        entry = self._blocked.get(route_of(method, path))
        return entry[0] if entry and entry[0] > self._clock() else None

    async def aclose(self) -> None:
        """Release the connections."""
        await self._client.aclose()

    async def _authorized(
        self,
        method: str,
        path: str,
        *,
        params: Params = (),
        json: Mapping[str, object] | None = None,
        gone: bool = False,
    ) -> Answer:
        if self.signed_out is not None:
            raise self.signed_out
        if self.tokens is None:
            raise AuthError("Not signed in to X.")
        if self.tokens.due_for_refresh(self._clock()):
            await self.refresh()
        response = await self._send(method, path, params=params, json=json)
        if response.status_code == 401 and self.tokens.refresh_token and self.tokens.client_id:
            await self.refresh()  # an access token revoked early: one fresh try, never a loop
            response = await self._send(method, path, params=params, json=json)
        if response.status_code == 401:
            self._sign_out("X refused the access token")
        self._raise_for_status(response, path, gone=gone)
        return self._answer(response, path)

    async def refresh(self) -> None:
        """Trade the refresh token for new tokens; a refusal signs the account out."""
        tokens = self.tokens
        if tokens is None or not tokens.refresh_token:
            self._sign_out("the login has expired")
            return
        form = {
            "grant_type": "refresh_token",
            "refresh_token": tokens.refresh_token,
            "client_id": tokens.client_id,
        }
        try:
            answer = await self.post_form(TOKEN_PATH, form)
        except (AuthError, Rejected) as exc:  # 400 invalid_request: revoked or already used
            self._sign_out(f"X refused to renew the login ({exc.msg})")
            return
        self.tokens = tokens_from_grant(answer.body, tokens.client_id, self._clock())
        if not self.tokens.refresh_token:
            self.tokens = XTokens(
                self.tokens.access_token, tokens.refresh_token, self.tokens.expires_at,
                tokens.client_id,
            )  # fmt: skip
        log.info("X login of %s renewed", self.who)
        if self._on_tokens is not None:
            self._on_tokens(self.tokens)

    def _sign_out(self, why: str) -> None:
        who = self.who or "this account"
        self.signed_out = AuthError(
            f"{who} is signed out of X: {why}. Sign in again: replydesk account add x "
            "(or on the Accounts screen). Nothing is sent or pulled until then.",
            "Sign in to X again",
        )
        raise self.signed_out

    async def _send(
        self,
        method: str,
        path: str,
        *,
        params: Params = (),
        json: Mapping[str, object] | None = None,
        data: Mapping[str, str] | None = None,
    ) -> httpx.Response:
        route = route_of(method, path)
        now = self._clock()
        if self._capped is not None and self._capped_until is not None:
            if now < self._capped_until:
                wait = (self._capped_until - now).total_seconds()
                raise UsageCapped(self._capped.msg, wait)
            self._capped = self._capped_until = None
        blocked = self._blocked.get(route)
        if blocked is not None and now < blocked[0]:
            until, limit = blocked
            wait = (until - now).total_seconds()
            raise RateLimited(self._wait_message(route, until, limit), wait)
        headers = {}
        if data is None and self.tokens is not None:
            headers["Authorization"] = f"Bearer {self.tokens.access_token}"
        try:
            # httpx's timeout is per read: a body trickling a byte at a time would never end.
            response = await asyncio.wait_for(
                self._client.request(
                    method, path, params=list(params), json=json, data=data, headers=headers
                ),
                self.deadline,
            )
        except (httpx.TimeoutException, TimeoutError) as exc:
            raise NetworkError("X did not answer in time.") from exc
        except httpx.TransportError as exc:
            raise NetworkError(f"Could not reach X: {describe_request_error(exc)}.") from exc
        self._note_limits(route, response)
        return response

    def _note_limits(self, route: str, response: httpx.Response) -> None:
        """Remember an endpoint whose allowance this response used up (remaining 0)."""
        remaining = response.headers.get("x-rate-limit-remaining", "").strip()
        reset = _reset_at(response.headers)
        if (remaining == "0" or response.status_code == 429) and reset is not None:
            now = self._clock()
            until = min(reset, now + timedelta(seconds=MAX_WAIT))
            if until > now:
                limit = response.headers.get("x-rate-limit-limit", "").strip()
                self._blocked[route] = (until, limit)
                log.info("X %s: allowance used up until %s", route, f"{until:%H:%M:%S}")

    def _wait_message(self, route: str, until: datetime, limit: str) -> str:
        allowance = f" (X allows {limit} per window)" if limit else ""
        return (
            f"X's rate limit for {route} is used up{allowance}; waiting until {until:%H:%M:%S} UTC."
        )

    def _answer(self, response: httpx.Response, path: str) -> Answer:
        try:
            body = read_json(response.content)
        except ValueError as exc:
            raise BadPayload(f"X answered {path} with something that is not JSON.") from exc
        return Answer(body, tuple(problems_of(body)))

    def _said(self, response: httpx.Response) -> tuple[Problem | None, str]:
        try:
            body = read_json(response.content)
        except ValueError:
            body = None
        found = problems_of(body)
        problem = found[0] if found else None
        said = problem.explain() if problem else ""
        if isinstance(body, dict) and not said:  # the OAuth endpoint's {"error": …}
            said = " ".join(
                str(body.get(key, "")) for key in ("error", "error_description") if key in body
            ).strip()
        if self.tokens is not None:
            for secret in (self.tokens.access_token, self.tokens.refresh_token):
                if secret:
                    said = said.replace(secret, "<redacted>")
        return problem, said

    def _raise_for_status(self, response: httpx.Response, path: str, *, gone: bool) -> None:
        code = response.status_code
        if code < 300:
            return
        problem, said = self._said(response)
        kind = problem.kind if problem else ""
        if code == 429:
            self._raise_limited(response, problem)
        if code == 401:
            raise AuthError(said or "X refused the login (401).", "Login refused")
        if code == 403 and kind == "unsupported-authentication":
            raise AuthError(said, "Sign in to X with OAuth 2.0")
        if code == 403 and problem is not None and problem.needs_project:
            raise Rejected(said, "Your X app needs a project")
        if code in (404, 410) and gone:
            raise Gone(f"The post is no longer available on X ({said or code}).")
        if code >= 500:
            raise NetworkError(f"X had a server error ({code}); the request may have worked.")
        if 300 <= code < 400:
            where = response.headers.get("location", "another address")
            raise ConfigError(f"X redirected {path} to {where}; check --api-base.")
        raise Rejected(said or f"X refused the request ({code}).")

    def _raise_limited(self, response: httpx.Response, problem: Problem | None) -> None:
        now = self._clock()
        reset = _reset_at(response.headers)
        if problem is not None and problem.kind in ("usage-capped", "UsageCapExceeded"):
            until = reset or (
                _next_month(now) if problem.period.lower() != "daily" else now + timedelta(days=1)
            )
            self._capped = UsageCapped(
                f"{problem.explain()} Paused until {until:%Y-%m-%d %H:%M} UTC.",
                (until - now).total_seconds(),
            )
            self._capped_until = until
            raise self._capped
        wait = (reset - now).total_seconds() if reset else DEFAULT_WAIT
        wait = min(MAX_WAIT, max(1.0, wait))
        until = now + timedelta(seconds=wait)
        limit = response.headers.get("x-rate-limit-limit", "").strip()
        raise RateLimited(self._wait_message("this endpoint", until, limit), wait)
