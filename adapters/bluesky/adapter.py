"""The Bluesky adapter: mentions, replies and quotes in, threaded replies out, over XRPC.

Reading lives in ``pull.py``, searching for watch terms in ``search.py``, writing in
``send.py``; this class holds the XRPC client (and so the session, refreshed as needed) and
the post lexicon's length rules.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import httpx

from adapters.bluesky.engage import BlueskyEngage
from adapters.bluesky.http import XrpcClient
from adapters.bluesky.search import BlueskySearch
from adapters.bluesky.send import BlueskySend
from adapters.bluesky.session import BskySession
from adapters.clock import Clock, system_clock
from adapters.records import (
    BLUESKY_LIMITS,
    Account,
    Limits,
)


class BlueskyAdapter(BlueskySearch, BlueskySend, BlueskyEngage):
    """One Bluesky account, speaking XRPC to its PDS (which proxies the AppView reads)."""

    def __init__(
        self,
        account: Account,
        session: BskySession,
        *,
        on_session: Callable[[BskySession], None] | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        clock: Clock = system_clock,
        first_sync_window: timedelta = timedelta(days=14),
        max_pages: int = 10,
        timeout: float = 20.0,
    ) -> None:
        self.account = account
        self._xrpc = XrpcClient(
            account,
            session,
            on_session=on_session,
            transport=transport,
            clock=clock,
            timeout=timeout,
        )
        self._clock = clock
        self._window = first_sync_window
        self._max_pages = max(1, max_pages)

    async def limits(self) -> Limits:
        """300 graphemes and 3 000 UTF-8 bytes (the post lexicon's limits)."""
        return BLUESKY_LIMITS

    async def aclose(self) -> None:
        """Release connections."""
        await self._xrpc.aclose()
