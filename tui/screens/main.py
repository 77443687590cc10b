"""The main screen: queue on the left, thread top right, composer bottom right."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, Static

from adapters.records import default_limits
from persona import Finding, Severity
from store import MentionState, OutboxStatus, StoredMention
from store.outbox import AlreadyQueued
from triage import MentionClass
from tui.messages import LimitsLoaded, PushFinished, QueueLoaded, SyncFinished, ThreadLoaded
from tui.screens.class_picker import ClassPicker, store_correction
from tui.screens.explain import ExplainScreen, explain_stored
from tui.screens.main_workers import MainWorkers
from tui.screens.override import OverrideScreen
from tui.screens.persona import PersonaScreen, persona_status
from tui.widgets.composer import Composer
from tui.widgets.queue import QueueList
from tui.widgets.status import StatusBar
from tui.widgets.thread import ThreadView, mention_summary

if TYPE_CHECKING:
    pass

log = logging.getLogger(__name__)
SNOOZE = timedelta(hours=1)
RERANK_SECONDS = 30.0


class MainScreen(MainWorkers):
    """Triage and answer, by keyboard alone."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "reply", "Reply", id="mention.reply", tooltip="Write a reply to this mention"),
        Binding(
            "ctrl+s",
            "send",
            "Send",
            id="reply.send",
            priority=True,
            tooltip="Check the draft and send it (through the outbox)",
        ),
        Binding("d", "done", "Done", id="mention.done", tooltip="Mark handled without replying"),
        Binding("z", "snooze", "Snooze 1 h", id="mention.snooze", tooltip="Hide for an hour"),
        Binding("u", "undo", "Undo", id="mention.undo", tooltip="Undo the last done/snooze"),
        Binding(
            "ctrl+r", "sync", "Sync", id="sync.now", show=False, tooltip="Fetch new mentions now"
        ),
        Binding(
            "ctrl+o",
            "send_anyway",
            "Send anyway",
            id="reply.override",
            priority=True,
            show=False,
            tooltip="Send despite blocking findings, giving a reason (written to the audit log)",
        ),
        Binding(
            "p",
            "persona",
            "Persona",
            id="persona.show",
            show=False,
            tooltip="The brand persona: voice, rules, and problems with its file",
        ),
        Binding("tab", "app.focus_next", "Next pane", show=False, id="pane.next"),
        Binding("shift+tab", "app.focus_previous", "Previous pane", show=False, id="pane.previous"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.touched: set[int] = set()
        self.failed: set[int] = set()
        self.ready = asyncio.Event()
        self.queue_requests = 0
        """How many queue loads were asked for; the newest one is the one that counts."""
        self.queue_current = asyncio.Event()
        """Set while the queue on screen answers the newest load asked for (tests await it)."""
        self._queue_shown = 0
        self.highlight_after_load: int | None = None

    def compose(self) -> ComposeResult:
        yield StatusBar(id="status")
        with Horizontal(id="panes"):
            yield QueueList(id="queue")
            with Vertical(id="right"):
                yield Static(id="summary")
                yield ThreadView(id="thread")
                yield Composer(id="composer")
        yield Footer()

    def on_mount(self) -> None:
        rd = self.rd
        profile = rd.profile
        status = self.query_one(StatusBar)
        accounts = profile.store.accounts()
        names = {a.display_name or a.handle for a in accounts}
        plural = "" if len(accounts) == 1 else "s"
        status.accounts = f"{', '.join(sorted(names))} ({len(accounts)} account{plural})"
        status.last_sync = profile.store.last_synced()
        status.now = rd.clock()
        composer = self.query_one(Composer)
        composer.persona = profile.persona
        composer.agent = profile.config.agent
        for problem in [*profile.problems, *rd.adapter_problems]:
            self.notify(problem.msg, title=problem.title, severity="warning", timeout=12)
        status.problem = persona_status(profile)
        self.query_one(QueueList).focus()
        self.load_queue()
        self.load_limits()
        self.push_loop()
        self.sync_loop()
        if rd.live:
            self.set_interval(RERANK_SECONDS, self.load_queue)

    # --- workers -----------------------------------------------------------------------------

    def load_queue(self) -> None:
        """Reload the ranked queue of the tab in view (the inbox or spam)."""
        self.queue_requests += 1
        self.queue_current.clear()
        self._read_queue(self.query_one(QueueList).spam_view, self.queue_requests)

    @work(thread=True, exclusive=True, group="queue")
    def _read_queue(self, spam: bool, request: int) -> None:
        """Rescore what the clock moved past and read the ranked queue, off the UI thread."""
        store = self.rd.profile.store
        now = self.rd.clock()
        items = store.queue(now, keep=self.touched, spam=spam)
        statuses = store.pending_statuses([i.id for i in items])
        sending = {
            i for i, s in statuses.items() if s in (OutboxStatus.QUEUED, OutboxStatus.SENDING)
        }
        failed = {i for i, s in statuses.items() if s is OutboxStatus.FAILED} & self.failed
        self.post_message(QueueLoaded(items, sending, failed, store.counts(now), now, request))

    # --- results -----------------------------------------------------------------------------

    @on(QueueLoaded)
    def _queue_loaded(self, message: QueueLoaded) -> None:
        if message.request < self._queue_shown:
            return  # a cancelled, slower read: a newer queue is already on screen
        self._queue_shown = message.request
        now, counts = message.now, message.counts
        statuses = {i: "sending" for i in message.sending} | {i: "failed" for i in message.failed}
        queue = self.query_one(QueueList)
        queue.show(message.items, now, statuses)
        if self.highlight_after_load in queue.items:
            queue.highlighted = queue.get_option_index(str(self.highlight_after_load))
        self.highlight_after_load = None
        queue.set_tab_counts(counts.open, counts.spam)
        status = self.query_one(StatusBar)
        status.now = now
        status.open_count, status.overdue_count = counts.open, counts.overdue
        status.at_risk_count = counts.at_risk
        if message.request == self.queue_requests:
            self.queue_current.set()

    @on(QueueList.TabSwitched)
    def _tab_switched(self) -> None:
        self.load_queue()

    @on(QueueList.ExplainAsked)
    def _explain(self, message: QueueList.ExplainAsked) -> None:
        explanation = explain_stored(self.rd.profile, message.mention_id, self.rd.clock())
        if explanation is None:
            return

        def closed(correct: bool | None) -> None:
            if correct:
                self.post_message(QueueList.CorrectAsked(message.mention_id))

        self.app.push_screen(ExplainScreen(explanation), closed)

    @on(QueueList.CorrectAsked)
    def _correct(self, message: QueueList.CorrectAsked) -> None:
        item = self.rd.profile.store.get_mention(message.mention_id)
        if item is None:
            return

        def picked(cls: MentionClass | None) -> None:
            if cls is None:
                return
            store_correction(self.rd.profile, item.id, cls)
            change = f"{item.cls} → {cls}" if cls != item.cls else f"{cls} confirmed"
            moved = (cls is MentionClass.SPAM) != (item.cls == MentionClass.SPAM)
            where = " Moved to the other tab ([ or ])." if moved else ""
            self.notify(f"Class: {change}.{where}", title="Class corrected", timeout=4)
            self.highlight_after_load = item.id
            self.load_queue()

        self.app.push_screen(ClassPicker(item.cls, item.cls_auto), picked)

    @on(SyncFinished)
    def _synced(self, message: SyncFinished) -> None:
        status = self.query_one(StatusBar)
        status.syncing = False
        status.last_sync = self.rd.profile.store.last_synced()
        status.problem = self.retry_note or persona_status(self.rd.profile)
        for error in message.errors:
            self.notify(
                f"{error.msg} Retrying in the background.", title=error.title, severity="error"
            )
        if message.answered:
            plural = "s were" if message.answered != 1 else " was"
            self.notify(f"{message.answered} mention{plural} already answered elsewhere.")
        if message.new and self.ready.is_set():
            plural = "s" if message.new != 1 else ""
            self.notify(f"{message.new} new mention{plural}", title="Synced")
        self.load_queue()
        self.ready.set()

    @on(PushFinished)
    def _pushed(self, message: PushFinished) -> None:
        current = self.query_one(QueueList).current_id
        for outcome in message.outcomes:
            mention_id = outcome.item.mention_id
            if outcome.status is OutboxStatus.SENT:
                self.notify("Reply sent.", title="Sent")
            elif outcome.status is OutboxStatus.FAILED and outcome.error is not None:
                self.failed.add(mention_id)
                self.notify(
                    f"{outcome.error.msg} Your text is back in the composer.",
                    title=outcome.error.title,
                    severity="error",
                )
            elif outcome.error is not None:
                self.notify(
                    f"{outcome.error.msg} Will retry automatically.",
                    title=outcome.error.title,
                    severity="warning",
                )
            if mention_id == current:
                self._show_selected(fetch=False)
        self.load_queue()

    @on(ThreadLoaded)
    def _thread_loaded(self, message: ThreadLoaded) -> None:
        if message.gone:
            self.load_queue()
            return
        queue = self.query_one(QueueList)
        if message.mention_id != queue.current_id:
            return
        item = self.rd.profile.store.get_mention(message.mention_id)
        self.query_one(ThreadView).show(item, message.posts, self.rd.clock())

    @on(LimitsLoaded)
    def _limits_loaded(self) -> None:
        self._reload_composer()

    @on(QueueList.Picked)
    def _picked(self) -> None:
        self._show_selected(fetch=True)

    @on(Composer.DraftChanged)
    def _draft_changed(self, message: Composer.DraftChanged) -> None:
        self.rd.profile.store.save_draft(message.mention_id, message.text)

    def _show_selected(self, *, fetch: bool) -> None:
        store = self.rd.profile.store
        mention_id = self.query_one(QueueList).current_id
        item = store.get_mention(mention_id) if mention_id is not None else None
        posts = store.thread(item.id) if item is not None else None
        now = self.rd.clock()
        self.query_one("#summary", Static).update(mention_summary(item, now))
        self.query_one(ThreadView).show(item, posts, now)
        self._reload_composer(item)
        if fetch and item is not None and posts is None:
            self.fetch_thread(item)

    def _reload_composer(self, item: StoredMention | None = None) -> None:
        composer = self.query_one(Composer)
        if item is None:
            mention_id = self.query_one(QueueList).current_id
            item = self.rd.profile.store.get_mention(mention_id) if mention_id else None
        if item is None:
            composer.load(None, "", None)
            return
        limits = self.limits.get(item.mention.account_id) or default_limits(item.mention.platform)
        composer.load(item, self.rd.profile.store.draft(item.id), limits)

    # --- actions -----------------------------------------------------------------------------

    def _selected(self) -> StoredMention | None:
        mention_id = self.query_one(QueueList).current_id
        item = self.rd.profile.store.get_mention(mention_id) if mention_id is not None else None
        if item is None:
            self.notify("The queue is empty.", severity="warning")
        return item

    def action_reply(self) -> None:
        if self._selected() is not None:
            self.query_one("#draft").focus()

    def action_send(self) -> None:
        """Check the draft and queue it; blocking findings stop it (ctrl+o overrides)."""
        self.send(None)

    def _blocking(self) -> tuple[StoredMention, list[Finding]] | None:
        """The selected mention and its draft's error findings, or None if there is no draft."""
        item = self._selected()
        if item is None:
            return None
        composer = self.query_one(Composer)
        if not composer.text.strip():
            self.notify("Write a reply first (r).", severity="warning")
            return None
        composer.recheck()
        return item, [f for f in composer.findings if f.severity is Severity.ERROR]

    def send(self, override_reason: str | None) -> None:
        """Queue the draft; with ``override_reason``, despite its error findings (audited)."""
        checked = self._blocking()
        if checked is None:
            return
        item, errors = checked
        if errors and override_reason is None:
            plural = "s" if len(errors) != 1 else ""
            self.notify(
                "Not sent: "
                + "; ".join(f.message for f in errors[:3])
                + "\nFix (ctrl+f, F2 lists them) or send anyway with a reason (ctrl+o).",
                title=f"{len(errors)} blocking finding{plural}",
                severity="error",
                markup=False,
            )
            return
        composer = self.query_one(Composer)
        record: list[dict[str, object]] = [
            {"rule": f.rule_id, "severity": f.severity.value, "message": f.message} for f in errors
        ]
        try:
            self.rd.profile.store.enqueue_reply(
                item.id,
                item.mention.account_id,
                composer.text.strip(),
                override_reason=override_reason or "",
                findings=record if override_reason else (),
            )
        except AlreadyQueued as error:
            self.notify(str(error), severity="warning")
            return
        self.touched.add(item.id)
        self.failed.discard(item.id)
        composer.load(item, "", composer.limits)
        self.outbox_changed.set()
        self.query_one(QueueList).focus()
        self.load_queue()

    def action_send_anyway(self) -> None:
        """Ask why, then send despite blocking findings (reason and findings are audited)."""
        checked = self._blocking()
        if checked is None:
            return
        item, errors = checked
        if not errors:
            self.send(None)  # nothing blocks it: an ordinary send, no override logged
            return

        def confirmed(reason: str | None) -> None:
            if reason is None:
                return
            if self.query_one(QueueList).current_id != item.id:
                self.notify("The selected mention changed; nothing sent.", severity="warning")
                return
            self.send(reason)

        self.app.push_screen(OverrideScreen(errors), confirmed)

    def action_persona(self) -> None:
        """Show the persona: its voice, its rules, and what is wrong with its file."""
        self.app.push_screen(PersonaScreen(self.rd.profile), self._persona_closed)

    def _persona_closed(self, _: None) -> None:
        # The persona may have been reloaded: check the draft against the one now in force.
        profile = self.rd.profile
        composer = self.query_one(Composer)
        composer.persona = profile.persona
        composer.recheck()
        self.query_one(StatusBar).problem = persona_status(profile)

    def _change_state(
        self, state: MentionState, label: str, snooze: timedelta | None = None
    ) -> None:
        item = self._selected()
        if item is None:
            return
        until = self.rd.clock() + snooze if snooze else None
        self.rd.profile.store.set_state(item.id, state, until)
        self.touched.add(item.id)
        self.notify(f"{label} · u to undo", timeout=3)
        self.query_one(QueueList).advance()
        self.load_queue()

    def action_done(self) -> None:
        self._change_state(MentionState.DONE, "Done")

    def action_snooze(self) -> None:
        self._change_state(MentionState.SNOOZED, "Snoozed for 1 h", SNOOZE)

    def action_undo(self) -> None:
        change = self.rd.profile.store.undo_last_state_change()
        if change is None:
            self.notify("Nothing to undo.", severity="warning")
            return
        self.notify(f"Undone: back to {change.after.value}.", timeout=3)
        self.highlight_after_load = change.mention_id
        self.load_queue()

    def action_sync(self) -> None:
        self.sync_loop()
