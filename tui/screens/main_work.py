"""A team's marks on the selected mention: labels (``l``), a private note (``n``) and the
teammate it is assigned to (``A``; the Mine tab shows what is assigned to ``agent``).
Each is audited and undone by ``u``; labels and notes are searchable (``label:``, words).

Rows marked with space (or V for a range) take done, snooze, spam, labels, notes and
assignment all at once, undone together by one ``u``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content

from store import MentionState, StoredMention
from store.work import Note
from tui.safe import one_line
from tui.screens.guarded import storage_guarded
from tui.screens.main_states import StateActions
from tui.screens.main_triage import UndoEntry, owner
from tui.widgets.queue import QueueList

if TYPE_CHECKING:
    from tui.screens.text_prompt import TextPrompt  # the modal is imported when opened

NOTES_SHOWN = 3
"""The newest notes shown under the triage summary."""


def marks_line(item: StoredMention, notes: list[Note]) -> Content:
    """Labels, assignee and the newest notes, as lines under the triage summary ("" when
    there are none). Notes are the team's own text but shown as plain text all the same."""
    parts: list[Content | str] = []
    if item.labels or item.assignee:
        labels = " ".join(f"#{label}" for label in item.labels)
        who = f" · assigned to {one_line(item.assignee, 40)}" if item.assignee else ""
        parts.append(Content.styled(f"\n{labels}{who}".replace("\n · ", "\n"), "$accent"))
    for note in notes[-NOTES_SHOWN:]:
        parts.append(Content.styled(f"\nnote: {one_line(note.text, 200)}", "$text-muted"))
    return Content.assemble(*parts)


class WorkActions(StateActions):
    """Labels, notes and assignment; marking rows so a change applies to several."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "space",
            "mark",
            "Mark",
            id="queue.mark",
            show=False,
            tooltip="Mark this row (done, snooze, spam, labels and assign then apply to all)",
        ),
        Binding(
            "V",
            "mark_range",
            "Mark range",
            id="queue.mark_range",
            show=False,
            tooltip="Mark every row from the last marked one to this one",
        ),
        Binding(
            "escape", "unmark", "Unmark", id="queue.unmark", show=False, tooltip="Clear the marks"
        ),
        Binding(
            "l",
            "labels",
            "Labels",
            id="mention.labels",
            show=False,
            tooltip="Set the labels (words, space between; new ones are made as you go)",
        ),
        Binding(
            "n",
            "note",
            "Note",
            id="mention.note",
            show=False,
            tooltip="Add a private note to the conversation (never sent)",
        ),
        Binding(
            "A",
            "assign",
            "Assign",
            id="mention.assign",
            show=False,
            tooltip="Assign to a teammate from the config's team (empty: nobody)",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.mark_anchor: int | None = None
        """The row marked last: where ``V`` marks from."""

    def marked_items(self) -> list[StoredMention]:
        """The marked rows' mentions, in queue order (none: nothing is marked)."""
        queue = self.query_one(QueueList)
        return [item for i, item in queue.items.items() if i in queue.marked]

    def action_mark(self) -> None:
        """Mark or unmark the row under the cursor, and move on."""
        queue = self.query_one(QueueList)
        current = queue.current_id
        if current is None:
            return
        self.mark_anchor = current
        queue.set_marks(queue.marked ^ {current})
        queue.advance()

    def action_mark_range(self) -> None:
        """Mark every row from the last one marked (or the top) to the cursor."""
        queue = self.query_one(QueueList)
        ids = list(queue.items)
        if queue.current_id is None:
            return
        anchor = self.mark_anchor if self.mark_anchor in ids else ids[0]
        first, last = sorted((ids.index(anchor), ids.index(queue.current_id)))
        queue.set_marks(queue.marked | set(ids[first : last + 1]))

    def action_unmark(self) -> None:
        """Clear every mark."""
        self.query_one(QueueList).set_marks(set())

    def _apply(
        self, items: list[StoredMention], change: Callable[[StoredMention], int], what: str
    ) -> None:
        """Make ``change`` (returning its audit id) to each of ``items``; one undo reverts
        them all. The marks are cleared."""
        audits = [change(item) for item in items]
        first = items[0]
        name = owner(first) if len(items) == 1 else f"{len(items)} mentions"
        self._remember(UndoEntry(audits[0], first.id, f"{what} on {name}", tuple(audits[1:])))
        self.touched.update(item.id for item in items)
        self.query_one(QueueList).set_marks(set())

    @storage_guarded
    def _change_state(
        self,
        state: MentionState,
        label: str,
        until: datetime | None = None,
        item: StoredMention | None = None,
    ) -> None:
        """With rows marked, the state change applies to all of them (one undo)."""
        marked = self.marked_items()
        if not marked:
            super()._change_state(state, label, until, item)
            return
        store = self.rd.profile.store
        self._apply(marked, lambda m: store.set_state(m.id, state, until).audit_id, label)
        self.notify(f"{label.capitalize()}: {len(marked)} mentions · u to undo", markup=False)
        self.load_queue()

    def _ask(
        self,
        item: StoredMention,
        prompt: TextPrompt,
        store_it: Callable[[StoredMention, str], int],
        what: str,
    ) -> None:
        """Open ``prompt``; what is entered is stored by ``store_it`` (returning the audit
        id) for the marked rows, or ``item`` if none is marked."""
        targets = self.marked_items() or [item]

        def answered(text: str | None) -> None:
            if text is not None:
                self._store_mark(targets, store_it, text, what)

        self.app.push_screen(prompt, answered)

    @storage_guarded
    def _store_mark(
        self,
        items: list[StoredMention],
        store_it: Callable[[StoredMention, str], int],
        text: str,
        what: str,
    ) -> None:
        self._apply(items, lambda m: store_it(m, text), what)
        plural = f" on {len(items)} mentions" if len(items) > 1 else ""
        self.notify(f"{what.capitalize()} saved{plural} · u to undo", timeout=3, markup=False)
        self.load_queue()

    def action_labels(self) -> None:
        """Ask for the selected mention's labels."""
        from tui.screens.text_prompt import TextPrompt

        item = self._selected()
        if item is None:
            return
        store = self.rd.profile.store
        prompt = TextPrompt(
            "Labels",
            " ".join(item.labels),
            placeholder="billing refund vip",
            suggestions=store.known_labels(),
        )
        bulk = bool(self.marked_items())

        def store_labels(target: StoredMention, text: str) -> int:
            # Several rows at once: the labels typed are added to each row's own.
            labels = [*target.labels, *text.split()] if bulk else text.split()
            return store.set_labels(target.id, labels)

        self._ask(item, prompt, store_labels, "labels")

    def action_note(self) -> None:
        """Ask for a private note on the selected mention."""
        from tui.screens.text_prompt import TextPrompt

        item = self._selected()
        if item is None:
            return
        store = self.rd.profile.store
        prompt = TextPrompt(
            "Private note (never sent)",
            placeholder="e.g. refund issued 12 Nov, check the card",
            check=lambda text: "" if text.strip() else "Write something, or Esc.",
        )
        self._ask(item, prompt, lambda m, text: store.add_note(m.id, text.strip()), "note")

    def action_assign(self) -> None:
        """Ask which teammate the selected mention goes to."""
        from tui.screens.text_prompt import TextPrompt

        item = self._selected()
        if item is None:
            return
        team = list(self.rd.profile.config.team)
        me = self.rd.profile.config.agent
        names = sorted({*team, me} - {""})
        lowered = {name.lower(): name for name in names}

        def check(text: str) -> str:
            if not text.strip() or text.strip().lower() in lowered:
                return ""
            listed = ", ".join(names) or "nobody yet"
            return f"Not in the team ({listed}); add names to team in config.toml."

        store = self.rd.profile.store
        prompt = TextPrompt(
            "Assign to", item.assignee, placeholder=", ".join(names), suggestions=names, check=check
        )

        def assign(target: StoredMention, text: str) -> int:
            return store.assign(target.id, lowered.get(text.strip().lower(), ""))

        self._ask(item, prompt, assign, "assignment")
