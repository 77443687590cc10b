"""The Meta adapter: one Facebook Page with its Messenger inbox and linked Instagram account.

Reading lives in ``pull.py``/``messages.py``/``thread.py``, Instagram hashtag search in
``search.py``, posting in ``send.py``; this class holds the connection, the account's rules and
the rate-limit state (``throttle``).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime, timedelta

import httpx

from adapters.clock import Clock, system_clock
from adapters.meta.http import GraphHttp, Sleep
from adapters.meta.records import Brand
from adapters.meta.search import MetaSearch
from adapters.meta.send import MetaSend
from adapters.records import FACEBOOK_LIMITS, Account, Limits
from adapters.reply_window import span


@dataclass(frozen=True, slots=True)
class Throttle:
    """How close the account is to Meta's rate limits, for the app's header."""

    percent: float  # the highest usage Meta reported on the last answer
    paused_until: datetime | None  # no request before this (Meta's estimate to regain access)


class MetaAdapter(MetaSearch, MetaSend):
    """One Facebook Page (and its Instagram business account) over the Graph API.

    ``human_agent``: the Meta app has the Human Agent permission, so messages may be answered
    up to 7 days after the person's last one (``MESSAGE_TAG``/``HUMAN_AGENT``) instead of 24 h.
    """

    def __init__(
        self,
        account: Account,
        token: str,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        clock: Clock = system_clock,
        sleep: Sleep = asyncio.sleep,
        first_sync_window: timedelta = timedelta(days=14),
        max_pages: int = 10,
        page_size: int = 50,
        human_agent: bool = False,
        timeout: float = 20.0,
    ) -> None:
        self.account = account
        self._clock = clock
        self._window = first_sync_window
        self._max_pages = max(1, max_pages)
        self._page_size = str(max(1, page_size))
        self._human_agent = human_agent
        self._brand: Brand | None = None
        self._http = GraphHttp(
            account.server,
            token=token,
            who=account.display_name or account.at_handle,
            transport=transport,
            clock=clock,
            sleep=sleep,
            timeout=timeout,
        )

    async def limits(self) -> Limits:
        """Facebook's comment length (Instagram's and Messenger's are checked when sending)."""
        return FACEBOOK_LIMITS

    def throttle(self) -> Throttle:
        """The rate-limit state Meta's usage headers reported last."""
        return Throttle(self._http.usage.percent, self._http.paused_until)

    def throttle_note(self, now: datetime) -> str:
        """ "Facebook paused 3 min: app usage 95 %" while paused, "Facebook slowed: …" above
        80 %, else "" (``adapters.base.Throttled``, for the app's header)."""
        usage, until = self._http.usage, self._http.paused_until
        why = f"{usage.source} usage {usage.percent:.0f} %" if usage.percent else "rate limit"
        if until is not None and now < until:
            return f"Facebook paused {span(until - now)}: {why}"
        return f"Facebook slowed: {why}" if usage.slow else ""

    async def aclose(self) -> None:
        """Release the HTTP connections."""
        await self._http.aclose()
