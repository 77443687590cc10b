"""The main screen: queue on the left, thread top right, composer bottom right."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.timer import Timer
from textual.widgets import Static

from adapters.errors import ReplyDeskError
from adapters.records import Limits, default_limits
from adapters.reply_window import closed_reason
from persona.severity import Severity
from store import OutboxStatus, StoredMention
from tui.answered import SecondReplyGuard, answered_text
from tui.learning import start_model_load
from tui.messages import (
    LimitsLoaded,
    ProfileReady,
    PushFinished,
    QueueLoaded,
    SyncFinished,
    ThreadLoaded,
    ThrottleNoted,
)
from tui.persona_status import persona_status
from tui.reply_quota import ReplyQuotaRead, ReplyQuotas, read_reply_quota
from tui.screens import breakpoints
from tui.screens.guarded import storage_guarded
from tui.screens.main_engage import EngageActions
from tui.screens.main_hide import HideActions
from tui.screens.main_listen import ListenActions
from tui.screens.main_reread import PendingReply, RereadActions
from tui.screens.main_search import SearchActions
from tui.screens.main_states import FOLLOW_UP
from tui.screens.main_views import ViewTabs
from tui.screens.main_work import marks_line
from tui.screens.main_workers import row_marks, rows_in_view
from tui.sign_in_note import SignInNoted
from tui.widgets.answered_note import AnsweredNote
from tui.widgets.author_card import author_line
from tui.widgets.composer import Composer
from tui.widgets.key_footer import KeyFooter
from tui.widgets.queue import QueueList
from tui.widgets.search_bar import SearchBar
from tui.widgets.status import StatusBar
from tui.widgets.thread import ThreadView, mention_summary

if TYPE_CHECKING:
    from persona import Finding  # the persona's model loads with the first check

log = logging.getLogger(__name__)
RERANK_SECONDS = 30.0
#: Typed drafts are written at most this long after the keystroke (a crash loses no more).
DRAFT_SAVE_SECONDS = 0.5


class MainScreen(HideActions, SearchActions, ListenActions, EngageActions, RereadActions):
    """Triage and answer, by keyboard alone."""

    HORIZONTAL_BREAKPOINTS = breakpoints.HORIZONTAL  # stacks the panes under 100 columns
    VERTICAL_BREAKPOINTS = breakpoints.VERTICAL

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
        Binding(
            "z",
            "snooze",
            "Snooze",
            id="mention.snooze",
            tooltip="Hide until a time you pick (1 h, 3 h, tomorrow 9:00, Monday, or typed)",
        ),
        Binding(
            "u",
            "undo",
            "Undo",
            id="mention.undo",
            tooltip="Undo your last done, snooze or class correction (this session only)",
        ),
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
            tooltip=(
                "Send despite blocking persona findings or the month's X budget, giving a "
                "reason (audited); never past the network's length limit"
            ),
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
        self.ready = asyncio.Event()
        self._persona_used = False
        self.reply_quotas = ReplyQuotas()
        self.started_up = False
        """The rules, persona and adapters are ready (``ProfileReady`` came)."""
        self._draft_timer: Timer | None = None
        self.second_reply = SecondReplyGuard()
        self._resumed = False
        # Born with the classes its size gives it: set on the first resize instead, they would
        # restyle every widget just mounted (a whole pass of CSS before the first paint).
        self.add_class(*breakpoints.classes_at(*self.app.size), update=False)

    def compose(self) -> ComposeResult:
        # The stored queue is read while the widgets are being built, not after: it is then
        # there for the screen's first frame (instead of a frame with an empty queue, laid out
        # and drawn, and a second one with the rows).
        self.load_queue()
        yield StatusBar(id="status")
        with Horizontal(id="panes"):
            yield QueueList(id="queue")
            with Vertical(id="right"):
                yield Static(id="summary")
                yield ThreadView(id="thread")
                yield Composer(id="composer")
        yield SearchBar(id="search")
        yield KeyFooter()

    def on_mount(self) -> None:
        rd = self.rd
        profile = rd.profile
        status = self.query_one(StatusBar)
        self._show_accounts()
        status.last_sync = profile.store.last_synced()
        status.now = rd.clock()
        self.query_one(Composer).agent = profile.config.agent
        self._warn(profile.problems)
        status.problem = persona_status(profile)
        self.set_focus(self.query_one(QueueList))
        if profile.config.searches:  # their tabs (and counts), after the first read's
            self.add_saved_searches(profile.config.searches)
            self.load_queue()
        if rd.live:
            self.set_interval(RERANK_SECONDS, self.load_queue)

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        # Runs before Textual's own handler. On the first resume every widget was styled as it
        # mounted, a moment ago: restyling the whole tree again would be a second CSS pass
        # before the first paint, for nothing. Later resumes (back from a modal) restyle.
        if not self._resumed:
            self._resumed = True
            event.refresh_styles = False

    def first_paint_done(self, rows: int) -> None:
        # The footer's keys come right after the queue's first frame, not in it: a dozen keys,
        # each a widget to style and draw, cost that frame ~a tenth of the start-up; their line
        # is blank for that one frame (as with Textual's own footer, which waits longer).
        self.call_later(self.query_one(KeyFooter).show_keys)
        super().first_paint_done(rows)

    def _show_accounts(self) -> None:
        accounts = self.rd.profile.store.accounts()
        names = {a.display_name or a.at_handle for a in accounts}
        plural = "" if len(accounts) == 1 else "s"
        text = f"{', '.join(sorted(names))} ({len(accounts)} account{plural})"
        self.query_one(StatusBar).accounts = text

    def _warn(self, problems: Sequence[ReplyDeskError]) -> None:
        for problem in problems:
            self.notify(
                problem.msg, title=problem.title, severity="warning", timeout=12, markup=False
            )

    def use_persona(self) -> None:
        """Check drafts against the profile's persona from now on; read now if the start-up
        worker has not read it yet (a draft is never sent unchecked)."""
        if self._persona_used:
            return
        self._persona_used = True
        composer = self.query_one(Composer)
        composer.persona = self.rd.profile.persona
        composer.recheck()
        self.query_one(StatusBar).problem = self.retry_note or persona_status(self.rd.profile)

    @on(events.DescendantFocus, "#draft")
    def _writing(self) -> None:
        self.use_persona()  # the draft in hand is checked against the persona from the start

    # --- results -----------------------------------------------------------------------------

    @on(ProfileReady)
    def _profile_ready(self, message: ProfileReady) -> None:
        self.rd.adapters = message.adapters
        self.started_up = True
        self._show_accounts()  # the demo's may have been brought up to date
        self.use_persona()
        self._warn(message.problems)
        start_model_load(self.app)
        self.load_limits()
        self.push_loop()
        self.sync_loop()
        self.warm_persona()
        self._show_selected(fetch=True)  # its thread, if it was not cached, from the network

    @on(SignInNoted)
    def _sign_in_noted(self, message: SignInNoted) -> None:
        self.query_one(StatusBar).sign_in = message.note

    @on(QueueLoaded)
    def _queue_loaded(self, message: QueueLoaded) -> None:
        if message.request < self._queue_shown:
            return  # a cancelled, slower read: a newer queue is already on screen
        self._queue_shown = message.request
        now, counts = message.now, message.counts
        statuses = row_marks(message.sending, message.failed)
        self.follow_ups = message.follow_ups
        statuses = {i: FOLLOW_UP for i in message.follow_ups} | statuses
        queue = self.query_one(QueueList)
        queue.show(
            message.items,
            now,
            statuses,
            message.keys,
            at_start=message.at_start,
            at_end=message.at_end,
            held=message.held,
        )
        if message.jump is not None and queue.option_count:
            queue.highlighted = queue.option_count - 1 if message.jump else 0
        if message.request == self.queue_requests:
            self.jump_pending = None
        if self.highlight_after_load in queue.items:
            queue.highlighted = queue.get_option_index(str(self.highlight_after_load))
        self.highlight_after_load = None
        self.show_tab_counts(message.tab_counts)
        status = self.query_one(StatusBar)
        status.now = now
        status.open_count, status.overdue_count = counts.open, counts.overdue
        status.at_risk_count = counts.at_risk
        if not self.painted:
            self.painted = True
            self.call_after_refresh(self.first_paint_done, len(message.items))
        if message.request == self.queue_requests and message.final:
            self.queue_current.set()

    @on(ViewTabs.Switched)
    def _tab_switched(self) -> None:
        self.load_queue()

    @on(SyncFinished)
    def _synced(self, message: SyncFinished) -> None:
        status = self.query_one(StatusBar)
        status.syncing = False
        status.last_sync = self.rd.profile.store.last_synced()
        status.problem = self.retry_note or persona_status(self.rd.profile)
        for error in message.errors:
            self.notify(
                f"{error.msg} Retrying in the background.",
                title=error.title,
                severity="error",
                markup=False,
            )
        if message.answered:
            plural = "s were" if message.answered != 1 else " was"
            self.notify(f"{message.answered} mention{plural} already answered elsewhere.")
        if message.new and self.ready.is_set():
            plural = "s" if message.new != 1 else ""
            self.notify(f"{message.new} new mention{plural}", title="Synced")
        self.load_queue()
        self.ready.set()

    @on(ThrottleNoted)
    def _throttled(self, message: ThrottleNoted) -> None:
        self.query_one(StatusBar).throttle = message.note

    @on(PushFinished)
    def _pushed(self, message: PushFinished) -> None:
        self.reply_quotas.sent()
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
                    markup=False,
                )
            elif outcome.error is not None:
                self.notify(
                    f"{outcome.error.msg} Will retry automatically.",
                    title=outcome.error.title,
                    severity="warning",
                    markup=False,
                )
            if mention_id == current:
                self._show_selected(fetch=False)
                composer = self.query_one(Composer)
                if outcome.status is OutboxStatus.FAILED and not composer.reply:
                    # The failed text is the draft again; only an empty composer takes it back.
                    composer.load(composer.item, self.drafts.text(mention_id), composer.limits)
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
        composer = self.query_one(Composer)
        if composer.item is not None:
            composer.refresh_item(composer.item, self._limits_for(composer.item))

    @on(QueueList.Picked)
    def _picked(self) -> None:
        self._show_selected(fetch=True)

    @on(Composer.DraftChanged)
    def _draft_changed(self, message: Composer.DraftChanged) -> None:
        # A mention being answered stays in view even if a sync finds it answered elsewhere:
        # the cursor, and the keys still being typed, must not slip onto another mention.
        self.touched.add(message.mention_id)
        self.drafts.note(message.mention_id, message.text)
        if self._draft_timer is None:
            self._draft_timer = self.set_timer(DRAFT_SAVE_SECONDS, self._save_drafts)

    def _save_drafts(self) -> None:
        self._draft_timer = None
        self.write_drafts()

    def on_unmount(self) -> None:
        self.flush_drafts()

    def _show_selected(self, *, fetch: bool) -> None:
        """Show the selected mention; the composer is reloaded only when it is another one."""
        store = self.rd.profile.store
        mention_id = self.query_one(QueueList).current_id
        item = store.get_mention(mention_id) if mention_id is not None else None
        posts = store.thread(item.id) if item is not None else None
        now = self.rd.clock()
        marks = Content("")
        if item is not None:  # indexed reads, well under a millisecond each
            mention = item.mention
            stats = store.author_stats(mention.account_id, mention.author.remote_id, now)
            marks = marks_line(item, store.notes(item.id)) + author_line(item, stats, now)
        self.query_one("#summary", Static).update(mention_summary(item, now) + marks)
        self.query_one(ThreadView).show(item, posts, now)
        composer = self.query_one(Composer)
        if item is not None and composer.item is not None and composer.item.id == item.id:
            # A refresh of the mention being answered: never touch its text or cursor.
            composer.refresh_item(item, self._limits_for(item))
        elif item is None:
            composer.load(None, "", None)
        else:
            if self.drafts.pending:
                self.write_drafts()  # the mention changes: what was typed goes to disk now
            composer.load(item, self.drafts.text(item.id), self._limits_for(item))
        if item is not None:
            self._show_quota(item.mention.account_id)
        if fetch and item is not None and posts is None:
            self.fetch_thread(item)

    def _show_quota(self, account_id: str) -> None:
        """The composer's "replies left today", read again (in a worker) when it is old."""
        composer, now = self.query_one(Composer), self.rd.clock()
        note = self.reply_quotas.note(account_id, now)
        if note != composer.quota_note:
            composer.quota_note = note
            composer.recheck()
        adapter = self.rd.adapters.get(account_id)
        if adapter is not None and self.reply_quotas.to_read(account_id, adapter, now):
            reading = read_reply_quota(account_id, adapter, self.post_message)
            self.run_worker(reading, group="reply-quota", exclusive=True, exit_on_error=False)

    @on(ReplyQuotaRead)
    def _quota_read(self, message: ReplyQuotaRead) -> None:
        self.reply_quotas.read[message.account_id] = message.quota
        composer = self.query_one(Composer)
        if composer.item is not None and composer.item.mention.account_id == message.account_id:
            composer.quota_note = self.reply_quotas.note(message.account_id, self.rd.clock())
            composer.recheck()

    def _limits_for(self, item: StoredMention) -> Limits:
        return self.limits.get(item.mention.account_id) or default_limits(item.mention.platform)

    # --- actions -----------------------------------------------------------------------------

    def action_reply(self) -> None:
        """Write in the draft: the cursor at its end (after the @handle of a new one)."""
        item = self._selected()
        if item is not None:
            self.touched.add(item.id)  # kept in view while it is answered (see _draft_changed)
            self.use_persona()
            self.query_one(Composer).start_reply()

    def action_send(self) -> None:
        """Check the draft and queue it; blocking findings stop it (ctrl+o overrides)."""
        self.send(None)

    def _blocking(self) -> tuple[StoredMention, list[Finding]] | None:
        """The selected mention and its draft's error findings, or None if there is no draft."""
        item = self._selected()
        if item is None:
            return None
        composer = self.query_one(Composer)
        if not composer.reply:
            self.notify("Write a reply first (r).", severity="warning")
            return None
        closed = closed_reason(item.mention, self.rd.clock())
        if closed:  # the network would refuse it: no override can send it either
            self.notify(closed, title="Reply window closed", severity="error", markup=False)
            return None
        from adapters.networks import text_rules

        refusal = text_rules(item.mention.platform).refusal(item.mention)
        if refusal:  # the network refuses any reply here (and X bills the attempt): no override
            self.notify(refusal, title="The network refuses this reply", severity="error",
                        markup=False)  # fmt: skip
            return None
        self.use_persona()
        composer.recheck()
        errors = [f for f in composer.findings if f.severity is Severity.ERROR]
        errors += composer.send_note.blocking()  # past the month's X budget: ctrl+o overrides
        from persona import network_refusals  # length counting: loaded with the first draft

        refused = network_refusals(errors)
        if refused:
            # The network rejects such a post: no override can send it, so none is offered.
            self.notify(
                " ".join(f.message for f in refused)
                + "\nThe network refuses longer posts, so it cannot be sent anyway: shorten it.",
                title="Too long to send",
                severity="error",
                markup=False,
            )
            return None
        return item, errors

    @storage_guarded
    def send(self, override_reason: str | None) -> None:
        """Queue the draft after a last re-read of its thread; with ``override_reason``,
        despite its error findings (audited)."""
        checked = self._blocking()
        if checked is None:
            return
        item, errors = checked
        if override_reason is None and not self._second_reply_ok(item, "ctrl+s"):
            return
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
        record: tuple[dict[str, object], ...] = tuple(
            {"rule": f.rule_id, "severity": f.severity.value, "message": f.message} for f in errors
        )
        # The thread is read once more before the outbox takes it (tui/screens/main_reread).
        composer = self.query_one(Composer)
        self.reread_then_queue(
            PendingReply(
                item,
                composer.reply,
                override_reason=override_reason or "",
                findings=record if override_reason else (),
                private=composer.private,
            )
        )

    def _second_reply_ok(self, item: StoredMention, key: str) -> bool:
        """A reply to a mention answered already (here or elsewhere) is asked about once."""
        if self.second_reply.allows(item):
            return True
        self.query_one(AnsweredNote).show(item)
        self.notify(
            f"This mention was {answered_text(item, self.rd.clock())}. "
            f"Press {key} again to send another reply.",
            title="Already answered",
            severity="warning",
            markup=False,
        )
        return False

    def action_send_anyway(self) -> None:
        """Ask why, then send despite blocking findings (reason and findings are audited)."""
        checked = self._blocking()
        if checked is None:
            return
        item, errors = checked
        if not errors:
            self.send(None)  # nothing blocks it: an ordinary send, no override logged
            return
        if not self._second_reply_ok(item, "ctrl+o"):
            return

        def confirmed(reason: str | None) -> None:
            if reason is None:
                return
            if self.query_one(QueueList).current_id != item.id:
                self.notify("The selected mention changed; nothing sent.", severity="warning")
                return
            self.send(reason)

        from tui.screens.override import OverrideScreen  # modals are imported when opened

        self.app.push_screen(OverrideScreen(errors), confirmed)

    def action_persona(self) -> None:
        """Show the persona: its voice, its rules, and what is wrong with its file."""
        from tui.screens.persona import PersonaScreen

        self.app.push_screen(PersonaScreen(self.rd.profile), self._persona_closed)

    def _persona_closed(self, _: None) -> None:
        # The persona may have been reloaded: check the draft against the one now in force.
        profile = self.rd.profile
        composer = self.query_one(Composer)
        composer.persona = profile.persona
        composer.recheck()
        self.query_one(StatusBar).problem = persona_status(profile)

    def action_sync(self) -> None:
        if not self.started_up:
            return  # the first sync starts as soon as the adapters are open
        # A manual sync re-reads the threads in view now (a reply made elsewhere shows at once).
        self.sync_loop(rows_in_view(self.query_one(QueueList)))
