"""The main screen's listening keys: the Watch terms screen (``w``, or Enter on the queue's
summary row of what was held back today), and noise control for indirect mentions: mute an
author or a watch term with one key. The mute keeps what it names out of later searches; the
selected row is marked done (``u`` undoes that; the mute stays)."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.binding import Binding, BindingType

from store import MentionState
from tui.safe import one_line
from tui.screens.guarded import storage_guarded
from tui.screens.main_triage import TriageActions
from tui.widgets.queue import QueueList


class ListenActions(TriageActions):
    """Mute the author or the watch term of the selected indirect mention."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "M",
            "mute('author')",
            "Mute author",
            id="listen.mute_author",
            show=False,
            tooltip="Stop bringing in this author's posts found by watch terms",
        ),
        Binding(
            "W",
            "mute('term')",
            "Mute term",
            id="listen.mute_term",
            show=False,
            tooltip="Stop searching the watch term that found this post",
        ),
        Binding(
            "w",
            "watch_terms",
            "Watch terms",
            id="listen.watch_terms",
            show=False,
            tooltip="Each watch term, what it brought in over the last 7 days, and its editor",
        ),
    ]

    @storage_guarded
    def action_watch_terms(self) -> None:
        """Show the watch terms and what each brought in over the last 7 days."""
        from tui.screens.watch import WatchScreen

        self.app.push_screen(WatchScreen(self.rd.profile, self.rd.adapters, self.rd.clock()))

    @on(QueueList.HeldBackAsked)
    def _held_back_asked(self) -> None:
        """Enter on the summary row of what was held back: the Watch terms screen."""
        self.action_watch_terms()

    @storage_guarded
    def action_mute(self, kind: str) -> None:
        """Mute the selected indirect mention's author (``kind`` "author") or term ("term")."""
        item = self._selected()
        if item is None:
            return
        mention = item.mention
        if not mention.is_indirect:
            self.notify(
                "Only posts a watch term found can be muted; this one addressed the brand.",
                severity="warning",
            )
            return
        value = mention.author.remote_id if kind == "author" else mention.found_by
        self.rd.profile.store.mute(mention.account_id, kind, value)
        named = mention.author.handle if kind == "author" else mention.found_by
        self._change_state(MentionState.DONE, f"mute {kind}")
        self.notify(
            f"Muted {kind} {one_line(named, 60)}: watch terms no longer bring it in.",
            timeout=4,
            markup=False,
        )
