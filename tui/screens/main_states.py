"""Putting a mention back or away: reopen (``o``), spam / not spam (``m``), and follow-ups
(``f`` sets one; ``d`` on a due one checks it off).

Each is one audited change (for spam the classifier found, a class correction), undone by
``u`` like done and snooze.
"""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from textual.binding import Binding, BindingType

from store import MentionState, StoredMention
from triage import MentionClass
from tui.format import clock_time
from tui.screens.guarded import storage_guarded
from tui.screens.main_triage import TriageActions, UndoEntry, owner
from tui.widgets.queue import QueueList

FOLLOW_UP = "follow-up"
"""The queue status of a row whose follow-up is due."""


class StateActions(TriageActions):
    """Reopen, spam and follow-ups on the selected mention."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "o",
            "reopen",
            "Reopen",
            id="mention.reopen",
            show=False,
            tooltip="Put a done, snoozed or spam mention back in the inbox",
        ),
        Binding(
            "f",
            "follow_up",
            "Follow up",
            id="mention.follow_up",
            show=False,
            tooltip="Check back on this conversation later: it comes back to the inbox then",
        ),
        Binding(
            "m",
            "spam",
            "Spam",
            id="mention.spam",
            show=False,
            tooltip="Mark as spam (out of the inbox); on spam: not spam",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.follow_ups: dict[int, int] = {}
        """Follow-ups due among the rows in view: mention id → follow-up id."""

    def action_follow_up(self) -> None:
        """Ask when to check back on the selected conversation; it is in the inbox then."""
        self.ask_when("Check back on", self._set_follow_up)

    @storage_guarded
    def _set_follow_up(self, item: StoredMention, until: datetime) -> None:
        audit_id = self.rd.profile.store.add_follow_up(item.id, until)
        self._remember(UndoEntry(audit_id, item.id, f"follow-up on {owner(item)}"))
        when = clock_time(until, self.rd.clock())
        self.notify(f"Follow-up {when}: it will be in the inbox · u to undo", markup=False)
        self.load_queue()

    def action_done(self) -> None:
        """Done: a due follow-up is checked off; any other mention is marked done."""
        mention_id = self.query_one(QueueList).current_id
        follow_up = self.follow_ups.get(mention_id) if mention_id is not None else None
        if follow_up is None:
            super().action_done()
        else:
            self._finish_follow_up(follow_up)

    @storage_guarded
    def _finish_follow_up(self, follow_up: int) -> None:
        item = self._selected()
        if item is None:
            return
        audit_id = self.rd.profile.store.finish_follow_up(follow_up)
        self._remember(UndoEntry(audit_id, item.id, f"follow-up done on {owner(item)}"))
        self.touched.add(item.id)
        self.notify("Follow-up done · u to undo", timeout=3, markup=False)
        self.query_one(QueueList).advance()
        self.load_queue()

    def action_reopen(self) -> None:
        """Back to open: out of Done, Snoozed or Spam and into the inbox."""
        item = self._selected()
        if item is None:
            return
        if item.state is MentionState.OPEN or (
            item.state is MentionState.NEW and item.answered_at is None
        ):
            self.notify("It is open already.", severity="warning")
            return
        self._change_state(MentionState.OPEN, "reopened", item=item)
        if item.answered_at is not None:
            self.notify(
                "It was answered, so it stays out of the inbox (see Done and All).",
                severity="warning",
            )

    def action_spam(self) -> None:
        """Spam it; if it is spam already, say it is not (the classifier's spam becomes
        "other", a class correction the model learns from)."""
        item = self._selected()
        if item is None:
            return
        if item.state is MentionState.SPAM:
            self._change_state(MentionState.OPEN, "not spam", item=item)
        elif item.cls == MentionClass.SPAM:
            self._store_correction(item, MentionClass.OTHER)
        else:
            self._change_state(MentionState.SPAM, "spam", item=item)
