"""A team's marks on the selected mention: labels (``l``), a private note (``n``) and the
teammate it is assigned to (``A``; the Mine tab shows what is assigned to ``agent``).
Each is audited and undone by ``u``; labels and notes are searchable (``label:``, words)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content

from store import StoredMention
from store.work import Note
from tui.safe import one_line
from tui.screens.guarded import storage_guarded
from tui.screens.main_states import StateActions
from tui.screens.main_triage import UndoEntry, owner

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
    """Labels, notes and assignment."""

    BINDINGS: ClassVar[list[BindingType]] = [
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

    def _ask(
        self, item: StoredMention, prompt: TextPrompt, store_it: Callable[[str], int], what: str
    ) -> None:
        """Open ``prompt``; what is entered is stored by ``store_it`` (returning the audit
        id) and remembered for undo as ``what``."""

        def answered(text: str | None) -> None:
            if text is not None:
                self._store_mark(item, store_it, text, what)

        self.app.push_screen(prompt, answered)

    @storage_guarded
    def _store_mark(
        self, item: StoredMention, store_it: Callable[[str], int], text: str, what: str
    ) -> None:
        audit_id = store_it(text)
        self._remember(UndoEntry(audit_id, item.id, f"{what} on {owner(item)}"))
        self.touched.add(item.id)
        self.notify(f"{what.capitalize()} saved · u to undo", timeout=3, markup=False)
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
        self._ask(item, prompt, lambda text: store.set_labels(item.id, text.split()), "labels")

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
        self._ask(item, prompt, lambda text: store.add_note(item.id, text.strip()), "note")

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

        def assign(text: str) -> int:
            return store.assign(item.id, lowered.get(text.strip().lower(), ""))

        self._ask(item, prompt, assign, "assignment")
