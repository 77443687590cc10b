"""The main screen's I/O: pulls, the outbox, threads, limits, the queue and drafts, in workers.

Results come back as messages (``tui.messages``); the screen that inherits this decides what
they look like.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Sequence

from textual import work

from adapters.errors import Gone, ReplyDeskError
from adapters.records import Limits
from store import OutboxStatus, StoredMention
from store.guard import StorageError
from store.pages import PAGE, PageKey
from sync.backoff import PullBackoff
from tui.drafts import DraftSaver
from tui.held import held_summary
from tui.messages import (
    LimitsLoaded,
    ProfileReady,
    PushFinished,
    QueueLoaded,
    SyncFinished,
    ThreadLoaded,
    ThrottleNoted,
)
from tui.screens.guarded import show_storage_error
from tui.screens.main_views import ViewTabs, read_counts, read_tab
from tui.services import Services, services
from tui.sign_in_note import sign_in_note
from tui.widgets.queue import QueueList
from tui.widgets.status import StatusBar
from tui.widgets.tabs import Tab

# The sync pipeline (and the triage code it runs), the outbox and the persona's checks are
# imported by the workers that use them, after the queue's first paint.

log = logging.getLogger(__name__)
#: Seconds the outbox waits before trying again after the database refused a write.
STORAGE_RETRY_SECONDS = 5.0


class MainWorkers(ViewTabs):
    """Network and disk work of the main screen, off the UI's critical path."""

    def __init__(self) -> None:
        super().__init__()
        self.limits: dict[str, Limits] = {}
        self.outbox_changed = asyncio.Event()
        self.pull_backoff = PullBackoff()
        self.retry_note = ""
        self.said_notices: set[str] = set()
        """What listening could not do, already said this session."""
        self.touched: set[int] = set()
        """Mentions acted on this session: they stay in view, dimmed, until restart."""
        self.failed: set[int] = set()
        """Mentions whose reply failed this session (shown as failed in the queue)."""
        self._drafts: DraftSaver | None = None
        self.painted = False
        self.queue_requests = 0
        """How many queue loads were asked for; the newest one is the one that counts."""
        self.queue_current = asyncio.Event()
        """Set while the queue on screen answers the newest load asked for (tests await it)."""
        self._queue_shown = 0
        self.jump_pending: bool | None = None
        """A ``G``/``g`` jump asked for whose page is not on screen yet."""

    @property
    def rd(self) -> Services:
        """The app's services, typed."""
        return services(self.app)

    @property
    def drafts(self) -> DraftSaver:
        """Drafts typed but not yet in the store."""
        if self._drafts is None:
            self._drafts = DraftSaver(self.rd.profile.store)
        return self._drafts

    def flush_drafts(self) -> None:
        """Write every typed draft now (the app is closing or leaving this profile)."""
        if self._drafts is not None:  # never made: nothing was typed (and the profile may be gone)
            self._drafts.flush()

    @work(thread=True, group="drafts")
    def write_drafts(self) -> None:
        """Write the typed drafts off the UI thread (one batch for many keystrokes); if the
        database refuses, they stay pending for the next write and the person is told."""
        try:
            self.drafts.flush()
        except StorageError as error:
            self.app.call_from_thread(show_storage_error, self, error)

    def load_queue(self, *, jump: bool | None = None) -> None:
        """Reload the stretch of the tab in view that the queue shows (the inbox's top while
        the screen is still being built: it reads its first queue before its widgets exist);
        ``jump``: read the tab's last page (``True``) or its first (``False``) and put the
        cursor there."""
        # A reload asked for before a jump's page is on screen jumps too, or it would put
        # the window back where it was (the jump's read is older, so it would be dropped).
        if jump is None:
            jump = self.jump_pending
        self.jump_pending = jump
        self.queue_requests += 1
        self.queue_current.clear()
        queues = self.query(QueueList)
        queue = queues.first() if queues else None
        shown = set(queue.items) & self.touched if queue is not None else set()
        if queue is None:
            start, limit = None, PAGE
        else:
            start, limit = queue.window() if jump is None else (None, queue.size_of_window.page)
        self._read_queue(self.tab, list(self.tabs), shown, self.queue_requests, start, limit, jump)

    @work(thread=True, exclusive=True, group="queue")
    def _read_queue(
        self,
        tab: Tab,
        tabs: list[Tab],
        shown: set[int],
        request: int,
        start: PageKey | None,
        limit: int,
        jump: bool | None,
    ) -> None:
        """Read the window of the tab and every tab's count off the UI thread; if the clock
        moved past some rows' rank, show it at once, rescore them (in short transactions that
        never hold a page read up for long), then show it again with every rank current."""
        store = self.rd.profile.store
        now = self.rd.clock()
        me = self.rd.profile.config.agent
        try:  # rescoring writes: a locked or full database leaves the queue as it is
            held = store.held_back(now.date().isoformat()) if tab.key == "inbox" else []
            summary = held_summary(held, self.rd.profile.config.watch.daily_cap)
            stale = store.rescore_pending(now)
            for final in (False, True) if stale else (True,):
                if final and stale:
                    store.rescore(now)
                page = read_tab(
                    store,
                    tab,
                    now,
                    me=me,
                    touched=self.touched,
                    shown=shown,
                    start=start,
                    limit=limit,
                    last=jump is True,
                )
                tab_counts = read_counts(store, tabs, now, me=me)
                due = store.due_follow_ups(now) if tab.key == "inbox" else []
                sending, failed = self.outbox_marks([i.id for i in page.items])
                self.post_message(
                    QueueLoaded(
                        page.items,
                        sending,
                        failed,
                        store.counts(now),
                        now,
                        request,
                        tab.key,
                        tab_counts,
                        {f.mention_id: f.id for f in due},
                        summary,
                        page.keys,
                        page.at_start,
                        page.at_end,
                        jump,
                        final,
                    )
                )
        except StorageError as error:
            self.app.call_from_thread(show_storage_error, self, error)

    def outbox_marks(self, ids: list[int]) -> tuple[set[int], set[int]]:
        """Which of ``ids`` have a reply on its way, and which a reply that failed this
        session."""
        statuses = self.rd.profile.store.pending_statuses(ids)
        sending = {
            i for i, s in statuses.items() if s in (OutboxStatus.QUEUED, OutboxStatus.SENDING)
        }
        failed = {i for i, s in statuses.items() if s is OutboxStatus.FAILED} & self.failed
        return sending, failed

    def first_paint_done(self, rows: int) -> None:
        """The cached queue is on screen: log the start-up time, then finish starting up
        (which would slow the first paint down if it ran before or alongside it)."""
        seconds = time.perf_counter() - self.rd.started
        log.info("start-up: the queue (%d rows) was on screen after %.2f s", rows, seconds)
        self.finish_start_up()

    @work(thread=True, exclusive=True, group="start-up")
    def finish_start_up(self) -> None:
        """Read the triage rules and the persona and open the accounts' adapters, off the UI
        thread; ``ProfileReady`` then starts what needs them (the sync classifies with the
        rules, the composer checks with the persona, the outbox sends through the adapters)."""
        started = time.perf_counter()
        problems: list[ReplyDeskError] = [*self.rd.profile.finish()]
        adapters, adapter_problems = self.rd.connect()
        log.info("rules, persona and adapters ready in %.2f s", time.perf_counter() - started)
        self.post_message(ProfileReady([*problems, *adapter_problems], adapters))
        self.post_message(sign_in_note(adapters.values()))

    @work(thread=True, exclusive=True, group="persona", exit_on_error=False)
    def warm_persona(self) -> None:
        """Compile the persona's checks now, off the UI thread and after the first paint, so
        the first keystroke in the composer is as fast as any."""
        from persona import warm

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
    async def sync_loop(self, recheck_now: Sequence[int] = ()) -> None:
        """Pull every account now, then again every sync interval while the app runs.

        ``recheck_now`` (a manual sync: the rows in view) have their threads re-read in the
        first round whatever their schedule; later rounds follow the schedule.
        """
        while True:
            try:
                await self.sync_once(recheck_now)
                recheck_now = ()
            except Exception as error:  # a bug, not the network: say so and keep syncing
                log.exception("sync failed")
                self.notify(
                    f"Sync failed unexpectedly ({error!r}); it will try again.",
                    title="Sync error",
                    severity="error",
                    markup=False,
                )
            if not self.rd.live:
                return
            await asyncio.sleep(self.rd.sync_interval)

    async def sync_once(self, recheck_now: Sequence[int] = ()) -> None:
        """One pull of every account, shown at once; then the thread checks that notice
        replies made elsewhere, which may take a while on a slow network."""
        from sync.pull import check_answered, pull_account

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
                    profile = self.rd.profile
                    result = await pull_account(
                        adapter, profile.store, profile.triage, profile.config.watch
                    )
                except ReplyDeskError as error:
                    until = backoff.failed(account_id, error, self.rd.clock())
                    if backoff.failures[account_id] == 1:  # say it once, not every retry
                        errors.append(error)
                    # A usage cap may last weeks: then the date, not only the time.
                    same_day = until.date() == self.rd.clock().date()
                    at = f"{until:%H:%M:%S}" if same_day else f"{until:%Y-%m-%d %H:%M}"
                    self.retry_note = f"{adapter.account.at_handle}: retry at {at}"
                    continue
                backoff.succeeded(account_id)
                self.say_notices(result.heard.notices)
                pulled.append(adapter)
                new += len(result.new_ids)
        finally:
            # Even a bug in one pull must not leave the header "syncing…" forever.
            if not backoff.failures:
                self.retry_note = ""
            self.note_throttle()
            self.post_message(SyncFinished(new, errors))
            self.post_message(sign_in_note(self.rd.adapters.values()))
        answered = 0
        for adapter in pulled:
            try:
                answered += await check_answered(
                    adapter, self.rd.profile.store, self.rd.clock(), now_ids=recheck_now
                )
            except ReplyDeskError:
                continue  # the next sync reads these threads again; the pull itself succeeded
        if answered:
            self.post_message(SyncFinished(0, [], answered))

    def say_notices(self, notices: Sequence[str]) -> None:
        """What listening could not do (no search, no full-text search, a rate limit), each
        said once a session: it would not change before the next start."""
        for notice in notices:
            if notice not in self.said_notices:
                self.said_notices.add(notice)
                self.notify(notice, title="Watch terms", severity="warning", markup=False)

    def note_throttle(self) -> None:
        """Tell the header what rate limits hold the networks back (Meta's usage headers)."""
        from adapters.base import throttle_note

        now = self.rd.clock()
        notes = [throttle_note(a, now) for a in self.rd.adapters.values()]
        self.post_message(ThrottleNoted(" · ".join(dict.fromkeys(n for n in notes if n))))

    @work(group="push", exit_on_error=False)
    async def push_loop(self) -> None:
        """Send the outbox whenever it changes or a retry falls due; recover first."""
        from sync.push import Pusher

        store = self.rd.profile.store
        pusher = Pusher(self.rd.adapters, store, self.rd.clock)
        recovered = False
        while True:
            try:
                if not recovered:
                    await pusher.recover()
                    recovered = True
                outcomes = await pusher.push_ready()
                if outcomes:
                    self.note_throttle()
                    self.post_message(PushFinished(outcomes))
                next_at = await asyncio.to_thread(store.next_attempt_at)
                wait = (
                    None
                    if next_at is None
                    else max(0.5, (next_at - self.rd.clock()).total_seconds())
                )
            except StorageError as error:  # the outbox keeps its rows: try again in a while
                show_storage_error(self, error)
                wait = STORAGE_RETRY_SECONDS
            with contextlib.suppress(TimeoutError):  # a retry fell due
                await asyncio.wait_for(self.outbox_changed.wait(), wait)
            self.outbox_changed.clear()

    @work(exclusive=True, group="thread", exit_on_error=False)
    async def fetch_thread(self, item: StoredMention) -> None:
        """Read the conversation from the network and cache it."""
        from sync.pull import refresh_thread

        adapter = self.rd.adapters.get(item.mention.account_id)
        if adapter is None:
            return
        try:
            posts = await refresh_thread(adapter, self.rd.profile.store, item)
        except Gone as error:
            # Deleted or out of reach: it leaves the queue instead of failing forever.
            self.notify(error.msg, title=error.title, severity="warning", markup=False)
            try:
                self.rd.profile.store.mark_gone(item.id, error.msg)
            except StorageError as storage:
                show_storage_error(self, storage)
                return
            self.post_message(ThreadLoaded(item.id, [], from_network=True, gone=True))
            return
        except ReplyDeskError as error:
            self.notify(error.msg, title=error.title, severity="warning", markup=False)
            return
        self.post_message(ThreadLoaded(item.id, posts, from_network=True))


def row_marks(sending: set[int], failed: set[int]) -> dict[int, str]:
    """How the queue marks rows with a reply on its way or a reply that failed."""
    return {i: "sending" for i in sending} | {i: "failed" for i in failed}


def rows_in_view(queue: QueueList) -> list[int]:
    """The ids of the queue rows on screen now (one line per row), top to bottom."""
    ids = list(queue.items)
    top = int(queue.scroll_offset.y)
    return ids[top : top + max(1, queue.scrollable_content_region.height)]
