"""Putting a mention back or away: reopen (``o``) and spam / not spam (``m``).

Each is one audited state change (or, for spam the classifier found, a class correction),
undone by ``u`` like done and snooze.
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType

from store import MentionState
from triage import MentionClass
from tui.screens.main_triage import TriageActions


class StateActions(TriageActions):
    """Reopen and spam on the selected mention."""

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
            "m",
            "spam",
            "Spam",
            id="mention.spam",
            show=False,
            tooltip="Mark as spam (out of the inbox); on spam: not spam",
        ),
    ]

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
