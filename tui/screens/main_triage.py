"""The main screen's triage actions: done, snooze, class correction, and undoing them.

Undo walks back this session's own changes, newest first (several levels); it never reaches
into what an earlier session or another tool did, however recent.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from textual import on

from store import MentionState, StoredMention
from tui.format import clock_time
from tui.safe import one_line
from tui.screens.guarded import storage_guarded
from tui.screens.main_paging import QueuePaging
from tui.widgets.queue import QueueList

if TYPE_CHECKING:
    from triage import MentionClass

# The explain and class-picker modals (and the triage code they run) are imported when opened:
# the first paint of the queue does not wait for them.

UNDO_DEPTH = 100


@dataclass(frozen=True, slots=True)
class UndoEntry:
    """A change this session made: its audit row, and how to name it ("done on @alex's
    mention")."""

    audit_id: int
    mention_id: int
    what: str
    also: tuple[int, ...] = ()
    """More audit rows undone with it (a change made to several marked rows at once)."""
    on_network: Callable[[], None] | None = None
    """How to undo a change made on the network (hiding a reply), instead of in the store."""


def owner(item: StoredMention) -> str:
    """Whose mention, as a person reads it: "@alex's mention"."""
    return f"{one_line(item.mention.author.handle, 60)}'s mention"


class TriageActions(QueuePaging):
    """Done, snooze, class correction and undo, on the selected mention."""

    def __init__(self) -> None:
        super().__init__()
        self.undo_stack: list[UndoEntry] = []
        """This session's undoable changes, oldest first."""
        self.highlight_after_load: int | None = None

    def _selected(self) -> StoredMention | None:
        mention_id = self.query_one(QueueList).current_id
        item = self.rd.profile.store.get_mention(mention_id) if mention_id is not None else None
        if item is None:
            self.notify("The queue is empty.", severity="warning")
        return item

    def _remember(self, entry: UndoEntry) -> None:
        self.undo_stack = [*self.undo_stack, entry][-UNDO_DEPTH:]

    @storage_guarded
    def _change_state(
        self,
        state: MentionState,
        label: str,
        until: datetime | None = None,
        item: StoredMention | None = None,
    ) -> None:
        """Set the state of ``item`` (the selected mention if None); undoable, said in a toast
        (``label`` names it there and in the undo's toast)."""
        item = item or self._selected()
        if item is None:
            return
        now = self.rd.clock()
        change = self.rd.profile.store.set_state(item.id, state, until)
        self._remember(UndoEntry(change.audit_id, item.id, f"{label} on {owner(item)}"))
        self.touched.add(item.id)
        said = label.capitalize() if until is None else f"Snoozed until {clock_time(until, now)}"
        self.notify(f"{said} · u to undo", timeout=3, markup=False)
        # The row stays in view, dimmed; the cursor moves on to the next one, as a person
        # working down the queue expects.
        self.query_one(QueueList).advance()
        self.load_queue()

    def action_done(self) -> None:
        """Mark the selected mention handled without replying."""
        self._change_state(MentionState.DONE, "done")

    def ask_when(self, title: str, then: Callable[[StoredMention, datetime], None]) -> None:
        """Ask for a time (the snooze picker, headed ``title``) for the selected mention,
        then call ``then`` with it (not if the person cancels)."""
        item = self._selected()
        if item is None:
            return
        from tui.screens.snooze_picker import SnoozePicker

        def picked(until: datetime | None) -> None:
            if until is not None:
                then(item, until)

        self.app.push_screen(SnoozePicker(self.rd.clock(), title=title), picked)

    def action_snooze(self) -> None:
        """Ask until when, then hide the selected mention until then."""

        def snooze(item: StoredMention, until: datetime) -> None:
            self._change_state(MentionState.SNOOZED, "snooze", until, item)

        self.ask_when("Snooze until", snooze)

    @storage_guarded
    def action_undo(self) -> None:
        """Undo this session's newest change still undone, and say what it was."""
        store = self.rd.profile.store
        while self.undo_stack:
            entry = self.undo_stack[-1]
            self.undo_stack = self.undo_stack[:-1]
            if entry.on_network is not None:
                entry.on_network()  # its worker says when the network has done it
                self.notify(f"Undoing: {entry.what}…", timeout=3, markup=False)
                return
            undone = [store.undo_change(audit) for audit in (entry.audit_id, *entry.also)]
            if not any(undone):
                continue  # undone already (e.g. by another window): the one before it
            self.notify(f"Undone: {entry.what}.", timeout=3, markup=False)
            self.highlight_after_load = entry.mention_id
            self.load_queue()
            return
        self.notify("Nothing to undo in this session.", severity="warning")

    @on(QueueList.ExplainAsked)
    def _explain(self, message: QueueList.ExplainAsked) -> None:
        from tui.screens.explain import ExplainScreen, explain_stored

        explanation = explain_stored(self.rd.profile, message.mention_id, self.rd.clock())
        if explanation is None:
            return

        def closed(correct: bool | None) -> None:
            if correct:
                self.post_message(QueueList.CorrectAsked(message.mention_id))

        self.app.push_screen(ExplainScreen(explanation), closed)

    @on(QueueList.CorrectAsked)
    def _correct(self, message: QueueList.CorrectAsked) -> None:
        from tui.screens.class_picker import ClassPicker

        item = self.rd.profile.store.get_mention(message.mention_id)
        if item is None:
            return

        def picked(cls: MentionClass | None) -> None:
            if cls is not None:
                self._store_correction(item, cls)

        self.app.push_screen(ClassPicker(item.cls, item.cls_auto), picked)

    @storage_guarded
    def _store_correction(self, item: StoredMention, cls: MentionClass) -> None:
        from triage import MentionClass
        from tui.screens.class_picker import store_correction

        change = store_correction(self.rd.profile, item.id, cls)
        label = f"{item.cls} → {cls}" if cls != item.cls else f"{cls} confirmed"
        self._remember(UndoEntry(change.audit_id, item.id, f"class {label} on {owner(item)}"))
        # The selection stays on the corrected mention wherever it now ranks; a move to
        # the other tab leaves the row now in its place selected, and says so.
        moved = (cls is MentionClass.SPAM) != (item.cls == MentionClass.SPAM)
        where = " Moved to the other tab ([ or ]); the next mention is selected." if moved else ""
        self.notify(
            f"Class: {label}.{where} u to undo.",
            title="Class corrected",
            timeout=4,
            markup=False,
        )
        self.load_queue()
