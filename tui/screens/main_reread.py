"""The last look before a reply is queued: the thread is re-read from the network (an async
worker with a short timeout) and compared with what the person had on screen.

Something new (the customer wrote again, the brand answered from elsewhere, the post is gone)
stops the send and is shown, so the person can adjust; pressing the send key again sends, now
that the news is on screen. A re-read that fails never blocks the send: it says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from textual import work

from adapters.records import ThreadPost
from store import StoredMention
from store.guard import StorageError
from store.outbox import AlreadyQueued
from tui.answered import SecondReplyGuard
from tui.messages import ThreadLoaded
from tui.screens.guarded import show_storage_error
from tui.screens.main_workers import MainWorkers
from tui.widgets.composer import Composer
from tui.widgets.queue import QueueList
from tui.widgets.thread import ThreadView

SLOW_SECONDS = 0.6
"""A re-read taking longer than this is announced."""


@dataclass(frozen=True, slots=True)
class PendingReply:
    """A checked draft on its way to the outbox, as it was when the send key was pressed."""

    item: StoredMention
    text: str
    override_reason: str = ""
    findings: tuple[dict[str, object], ...] = field(default=())
    private: bool = False  # sent as a private reply (Meta), chosen in the composer


class RereadActions(MainWorkers):
    """Re-read, then queue (or stop and show what changed)."""

    second_reply: SecondReplyGuard
    """Set by the screen: asks once before a second reply to an answered mention."""

    def __init__(self) -> None:
        super().__init__()
        self.rereads_done = 0
        """How many re-reads have ended (tests wait on it)."""

    @work(exclusive=True, group="reread", exit_on_error=False)
    async def reread_then_queue(self, pending: PendingReply) -> None:
        """Re-read ``pending``'s thread and queue it unless it changed since it was shown."""
        from sync.reread import reread

        item = pending.item
        adapter = self.rd.adapters.get(item.mention.account_id)
        try:
            if adapter is None:  # the accounts are still being opened
                self.notify(
                    "The thread was not re-read before sending: the account is not connected "
                    "yet. The reply is queued.",
                    title="Sent without a last look",
                    severity="warning",
                )
                self.queue_reply(pending)
                return
            seen = self.query_one(ThreadView).seen if self._showing(item) else frozenset()
            # A slow network: say why nothing seems to happen (a fast one says nothing).
            slow = self.set_timer(SLOW_SECONDS, self._say_rereading)
            try:
                found = await reread(adapter, self.rd.profile.store, item, seen)
            finally:
                slow.stop()
            if found.failed is not None:
                self.notify(
                    f"{found.failed.msg} The thread could not be re-read before sending; "
                    "the reply is queued anyway.",
                    title="Sent without a last look",
                    severity="warning",
                    markup=False,
                )
                self.queue_reply(pending)
            elif found.changed:
                self._stop(item, found.summary(), list(found.posts), gone=bool(found.gone))
            else:
                self.queue_reply(pending)
        except StorageError as error:
            show_storage_error(self, error)
        finally:
            self.rereads_done += 1

    def _say_rereading(self) -> None:
        self.notify("Reading the thread once more before sending…", timeout=3)

    def _showing(self, item: StoredMention) -> bool:
        return self.query_one(ThreadView).mention_id == item.id

    def _stop(self, item: StoredMention, what: str, posts: list[ThreadPost], *, gone: bool) -> None:
        """Show what changed; the draft stays. The next send key sends it (a deleted post
        cannot be answered, so then the person is only told)."""
        if gone:
            self.notify(
                f"Not sent. {what}", title="The post is gone", severity="error", markup=False
            )
            self.post_message(ThreadLoaded(item.id, [], from_network=True, gone=True))
            return
        self.post_message(ThreadLoaded(item.id, posts, from_network=True))
        # The news is on screen now: one more send key is the person's decision to go on,
        # even if a brand reply found just now marked the mention answered.
        self.second_reply.arm(item.id)
        self.notify(
            f"Not sent: since you opened it, {what[0].lower()}{what[1:]}. Read it in the "
            "thread, adjust the draft, and press ctrl+s again to send.",
            title="The conversation changed",
            severity="warning",
            timeout=12,
            markup=False,
        )

    def queue_reply(self, pending: PendingReply) -> None:
        """Write the reply to the outbox, unless the draft changed while the thread was read."""
        composer = self.query_one(Composer)
        item = pending.item
        if composer.item is None or composer.item.id != item.id or composer.reply != pending.text:
            self.notify(
                "The draft changed while the thread was re-read; nothing was sent. "
                "Press ctrl+s again to send it as it is now.",
                severity="warning",
            )
            return
        # Typed text still on its way to disk must land before the outbox clears the draft.
        self.drafts.flush()
        try:
            self.rd.profile.store.enqueue_reply(
                item.id,
                item.mention.account_id,
                pending.text,
                override_reason=pending.override_reason,
                findings=pending.findings,
                private=pending.private,
            )
        except AlreadyQueued as error:
            self.notify(str(error), severity="warning", markup=False)
            return
        self.touched.add(item.id)
        self.failed.discard(item.id)
        composer.load(item, "", composer.limits)
        self.outbox_changed.set()
        self.query_one(QueueList).focus()
        self.load_queue()
