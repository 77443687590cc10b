"""The demo adapter: ReplyDesk's ``Adapter`` over the embedded demo network.

The app runs fully with no account and no network, and the test suite drives the whole app
through it. Reading lives in ``pull.py``, searching in ``search.py``, writing in ``send.py``;
the simulated network and its saved state (the demo's "transport") in ``http.py``.
"""

from __future__ import annotations

from adapters.demo.engage import DemoEngage
from adapters.demo.http import DemoNetwork
from adapters.demo.login import demo_platform
from adapters.demo.search import DemoSearch
from adapters.demo.send import DemoFaults, DemoSend
from adapters.records import Account, Limits, default_limits


class DemoAdapter(DemoSearch, DemoSend, DemoEngage):
    """One demo account on the demo network (implements ``adapters.base.Adapter``).

    ``latency`` (seconds) is slept on every call that would be a round trip, so the UI's
    progress states can be seen; ``send`` sleeps half before and half after recording.
    """

    def __init__(
        self,
        account: Account,
        network: DemoNetwork,
        *,
        latency: float = 0.0,
        faults: DemoFaults | None = None,
    ) -> None:
        self.account = account
        self.network = network
        self.platform = demo_platform(account)
        self.latency = max(0.0, latency)
        self.faults = faults if faults is not None else DemoFaults()

    async def limits(self) -> Limits:
        """Mastodon's default 500 characters, or Bluesky's 300 graphemes."""
        return default_limits(self.platform)

    async def aclose(self) -> None:
        """Nothing to release: the network lives in this process."""
