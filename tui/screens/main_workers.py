"""The main screen's I/O: pulls, the outbox, threads and limits, in async workers.

Results come back as messages (``tui.messages``); the screen that inherits this decides what
they look like.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from typing import TYPE_CHECKING

from textual import work
from textual.screen import Screen

from adapters.errors import Gone, ReplyDeskError
from adapters.records import Limits
from persona import warm
from store import StoredMention
from sync.backoff import PullBackoff
from sync.pull import check_answered, pull_account, refresh_thread
from sync.push import Pusher
from tui.messages import LimitsLoaded, PushFinished, SyncFinished, ThreadLoaded
from tui.widgets.status import StatusBar

if TYPE_CHECKING:
    from tui.app import ReplyDeskApp

log = logging.getLogger(__name__)


class MainWorkers(Screen[None]):
    """Network and disk work of the main screen, off the UI's critical path."""

    def __init__(self) -> None:
        super().__init__()
        self.limits: dict[str, Limits] = {}
        self.outbox_changed = asyncio.Event()
        self.pull_backoff = PullBackoff()
        self.retry_note = ""
        self.painted = False

    @property
    def rd(self) -> ReplyDeskApp:
        """The app, typed."""
        return self.app  # type: ignore[return-value]

    def first_paint_done(self, rows: int) -> None:
        """The cached queue is on screen: log the start-up time, then start syncing and
        prepare the composer (both would slow the first paint down if they ran alongside)."""
        seconds = time.perf_counter() - self.rd.started
        log.info("start-up: the queue (%d rows) was on screen after %.2f s", rows, seconds)
        self.sync_loop()
        self.warm_persona()

    @work(thread=True, exclusive=True, group="persona", exit_on_error=False)
    def warm_persona(self) -> None:
        """Compile the persona's checks now, off the UI thread and after the first paint, so
        the first keystroke in the composer is as fast as any."""
        persona = self.rd.profile.persona
        if persona is not None:
            started = time.perf_counter()
            warm(persona)
            log.info("persona checks ready in %.2f s", time.perf_counter() - started)

    @work(exclusive=True, group="limits", exit_on_error=False)
    async def load_limits(self) -> None:
        """Ask each network how it counts a post (falls back to the documented defaults)."""
        for account_id, adapter in self.rd.adapters.items():
            try:
                self.limits[account_id] = await adapter.limits()
            except ReplyDeskError:
                continue
        self.post_message(LimitsLoaded())

    @work(exclusive=True, group="sync", exit_on_error=False)
    async def sync_loop(self) -> None:
        """Pull every account now, then again every sync interval while the app runs."""
        while True:
            try:
                await self.sync_once()
            except Exception as error:  # a bug, not the network: say so and keep syncing
                log.exception("sync failed")
                self.notify(
                    f"Sync failed unexpectedly ({error!r}); it will try again.",
                    title="Sync error",
                    severity="error",
                )
            if not self.rd.live:
                return
            await asyncio.sleep(self.rd.sync_interval)

    async def sync_once(self) -> None:
        """One pull of every account, shown at once; then the thread checks that notice
        replies made elsewhere, which may take a while on a slow network."""
        status = self.query_one(StatusBar)
        status.syncing = True
        new = 0
        errors: list[ReplyDeskError] = []
        pulled = []
        backoff = self.pull_backoff
        try:
            for account_id, adapter in list(self.rd.adapters.items()):
                if not backoff.ready(account_id, self.rd.clock()):
                    continue  # offline or rate limited: the local queue stays usable
                try:
                    result = await pull_account(
                        adapter, self.rd.profile.store, self.rd.profile.triage
                    )
                except ReplyDeskError as error:
                    until = backoff.failed(account_id, error, self.rd.clock())
                    if backoff.failures[account_id] == 1:  # say it once, not every retry
                        errors.append(error)
                    self.retry_note = f"{adapter.account.handle}: retry at {until:%H:%M:%S}"
                    continue
                backoff.succeeded(account_id)
                pulled.append(adapter)
                new += len(result.new_ids)
        finally:
            # Even a bug in one pull must not leave the header "syncing…" forever.
            if not backoff.failures:
                self.retry_note = ""
            self.post_message(SyncFinished(new, errors))
        answered = 0
        for adapter in pulled:
            try:
                answered += await check_answered(adapter, self.rd.profile.store, self.rd.clock())
            except ReplyDeskError:
                continue  # the next sync reads these threads again; the pull itself succeeded
        if answered:
            self.post_message(SyncFinished(0, [], answered))

    @work(group="push", exit_on_error=False)
    async def push_loop(self) -> None:
        """Send the outbox whenever it changes or a retry falls due; recover first."""
        store = self.rd.profile.store
        pusher = Pusher(self.rd.adapters, store, self.rd.clock)
        await pusher.recover()
        while True:
            outcomes = await pusher.push_ready()
            if outcomes:
                self.post_message(PushFinished(outcomes))
            next_at = await asyncio.to_thread(store.next_attempt_at)
            wait = (
                None if next_at is None else max(0.5, (next_at - self.rd.clock()).total_seconds())
            )
            with contextlib.suppress(TimeoutError):  # a retry fell due
                await asyncio.wait_for(self.outbox_changed.wait(), wait)
            self.outbox_changed.clear()

    @work(exclusive=True, group="thread", exit_on_error=False)
    async def fetch_thread(self, item: StoredMention) -> None:
        """Read the conversation from the network and cache it."""
        adapter = self.rd.adapters.get(item.mention.account_id)
        if adapter is None:
            return
        try:
            posts = await refresh_thread(adapter, self.rd.profile.store, item)
        except Gone as error:
            # Deleted or out of reach: it leaves the queue instead of failing forever.
            self.rd.profile.store.mark_gone(item.id, error.msg)
            self.notify(error.msg, title=error.title, severity="warning")
            self.post_message(ThreadLoaded(item.id, [], from_network=True, gone=True))
            return
        except ReplyDeskError as error:
            self.notify(error.msg, title=error.title, severity="warning")
            return
        self.post_message(ThreadLoaded(item.id, posts, from_network=True))
