"""The Mastodon adapter: mentions and direct messages in, replies out, over the client API.

Works against Mastodon and compatible servers (GoToSocial, Takahē; see the recorded scenarios
in tests/fixtures/mastodon/). Reading lives in ``pull.py``, searching for watch terms in
``search.py``, posting in ``send.py``; this class holds the connection and the server's length
rules.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from urllib.parse import urlsplit

import httpx

from adapters.clock import Clock, system_clock
from adapters.errors import ConfigError
from adapters.mastodon.engage import MastodonEngage
from adapters.mastodon.http import MastodonHttp
from adapters.mastodon.search import MastodonSearch
from adapters.mastodon.send import MastodonSend
from adapters.records import MASTODON_DEFAULT_LIMITS, Account, Limits


class MastodonAdapter(MastodonSearch, MastodonSend, MastodonEngage):
    """One Mastodon (or compatible) account, speaking the client API over httpx."""

    def __init__(
        self,
        account: Account,
        token: str,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        clock: Clock = system_clock,
        first_sync_window: timedelta = timedelta(days=14),
        max_pages: int = 10,
        timeout: float = 20.0,
    ) -> None:
        self.account = account
        self._clock = clock
        self._window = first_sync_window
        self._max_pages = max(1, max_pages)
        who = account.at_handle
        self._http = MastodonHttp(
            account.server, token=token, who=who, transport=transport, clock=clock, timeout=timeout
        )
        self._brand_id: str | None = None
        self._limits: Limits | None = None
        domain = account.handle.lstrip("@").partition("@")[2]
        self._domain = domain or urlsplit(self._http.server).hostname or ""

    async def limits(self) -> Limits:
        """The server's status length rules (``/api/v2/instance``), cached; defaults if absent."""
        if self._limits is None:
            try:
                answer = await self._http.get("/api/v2/instance")
            except ConfigError:  # servers older than Mastodon 4.0 have no v2 instance
                self._limits = MASTODON_DEFAULT_LIMITS
            else:
                self._limits = _limits(answer.body)
        return self._limits

    async def aclose(self) -> None:
        """Release the HTTP connections."""
        await self._http.aclose()


def _limits(body: object) -> Limits:
    config = body.get("configuration") if isinstance(body, dict) else None
    statuses = config.get("statuses") if isinstance(config, dict) else None
    if not isinstance(statuses, dict):
        return MASTODON_DEFAULT_LIMITS

    def positive(key: str, default: int | None) -> int | None:
        value = statuses.get(key)
        ok = isinstance(value, int) and not isinstance(value, bool) and value > 0
        return value if ok else default

    return replace(
        MASTODON_DEFAULT_LIMITS,
        max_chars=positive("max_characters", MASTODON_DEFAULT_LIMITS.max_chars),
        url_chars=positive("characters_reserved_per_url", MASTODON_DEFAULT_LIMITS.url_chars),
    )
