"""The X adapter: mentions and DMs in, replies and DM answers out, over the X API v2.

Reading lives in ``pull.py`` and ``thread.py``, searching for watch terms in ``search.py``,
posting in ``send.py``; this class holds the transport (and so the tokens, refreshed before
they expire) and X's length rule.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import httpx

from adapters.clock import Clock, system_clock
from adapters.records import X_LIMITS, Account, Limits
from adapters.x.http import XHttp
from adapters.x.login import api_base_of
from adapters.x.search import XSearch
from adapters.x.send import XSend
from adapters.x.tokens import XTokens


class XAdapter(XSearch, XSend):
    """One X account, speaking the API v2 with a user token."""

    def __init__(
        self,
        account: Account,
        tokens: XTokens,
        *,
        on_tokens: Callable[[XTokens], None] | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        clock: Clock = system_clock,
        first_sync_window: timedelta = timedelta(days=14),
        max_pages: int = 8,  # X reaches only the 800 newest mentions: 8 pages of 100
        timeout: float = 20.0,
    ) -> None:
        self.account = account
        self._clock = clock
        self._window = first_sync_window
        self._max_pages = max(1, max_pages)
        self._ancestors = {}
        self._http = XHttp(
            api_base_of(account),
            tokens,
            who=account.at_handle,
            on_tokens=on_tokens,
            transport=transport,
            clock=clock,
            timeout=timeout,
        )

    async def limits(self) -> Limits:
        """280 weighted characters, every link 23 (twitter-text v3)."""
        return X_LIMITS

    async def aclose(self) -> None:
        """Release the HTTP connections."""
        await self._http.aclose()
