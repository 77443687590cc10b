"""The demo inbox, filled the way the app fills it on open: every demo account pulled once.

Every ``--demo`` command runs this first, so ``replydesk queue --demo`` on a fresh home shows
the inbox the app would show, not "The queue is empty." until a ``sync --demo`` has run.
"""

from __future__ import annotations

import logging

from adapters.clock import Clock
from settings.paths import Paths
from settings.watch import WatchConfig
from store import Store
from sync.pull import pull_account
from sync.registry import open_adapters
from sync.triaging import TriageSettings

log = logging.getLogger(__name__)


async def fill_demo_inbox(
    store: Store,
    paths: Paths,
    clock: Clock,
    settings: TriageSettings,
    watch: WatchConfig | None = None,
) -> int:
    """Pull what the demo network has ready now into ``store`` (and, with ``watch``, what its
    watch terms find); returns how many are new."""
    demo = [account for account in store.accounts() if account.network == "demo"]
    adapters, _ = open_adapters(demo, paths, clock)  # demo accounts always open
    new = 0
    try:
        for adapter in adapters.values():
            new += len((await pull_account(adapter, store, settings, watch)).new_ids)
    finally:
        for adapter in adapters.values():
            await adapter.aclose()
    log.info("demo inbox filled: %d new mention(s)", new)
    return new
