"""Correcting a mention's class in one key: 1–5, or move and Enter; Esc leaves it as it was."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from store.models import ClassChange
from sync.triaging import triage_fields
from triage import MentionClass
from tui.format import CLASS_STYLE
from tui.profile import Profile
from tui.widgets.legible import LegibleOptionList

CLASSES = tuple(MentionClass)


class ClassPicker(ModalScreen[MentionClass | None]):
    """Pick the class a mention really is; dismisses with it (``None``: cancelled)."""

    DEFAULT_CSS = """
    ClassPicker {
        align: center middle;
    }
    #picker-box {
        width: 44;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: round $primary;
        background: $surface;
        padding: 0 1;
    }
    #picker-classes {
        height: auto;
        border: none;
        padding: 0;
        margin: 1 0;
    }
    #picker-foot {
        color: $text-muted;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        *(
            Binding(
                str(n),
                f"pick({n - 1})",
                str(c).capitalize(),
                id=f"class.{c}",
                show=False,
                tooltip=f"The mention is {'' if c is MentionClass.SPAM else 'a '}{c}",
            )
            for n, c in enumerate(CLASSES, 1)
        ),
        Binding("escape", "dismiss(None)", "Cancel", id="class.cancel", tooltip="Keep the class"),
    ]

    def __init__(self, current: str, auto: str) -> None:
        super().__init__()
        self.current = current
        self.auto = auto

    def compose(self) -> ComposeResult:
        with Vertical(id="picker-box"):
            yield Static(Content.styled("Correct the class", "bold $accent"))
            yield LegibleOptionList(*self._options(), id="picker-classes")
            yield Static(Content("1–5 or ↑↓ Enter picks · Esc keeps it"), id="picker-foot")

    def _options(self) -> list[Option]:
        options = []
        for number, cls in enumerate(CLASSES, 1):
            notes = []
            if cls == self.current:
                notes.append("now")
            if self.auto and cls == self.auto and cls != self.current:
                notes.append("the classifier's")
            label = Content.assemble(
                Content.styled(f"{number} ", "bold"),
                Content.styled(f"{cls:<10}", CLASS_STYLE.get(cls, "")),
                Content.styled(f" {', '.join(notes)}" if notes else "", "$text-muted"),
            )
            options.append(Option(label, id=cls.value))
        return options

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        values = [c.value for c in CLASSES]
        if self.current in values:
            options.highlighted = values.index(self.current)
        options.focus()

    def action_pick(self, index: int) -> None:
        """Choose the ``index``-th class (0: complaint … 4: spam)."""
        self.dismiss(CLASSES[index])

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(CLASSES[event.option_index])


def store_correction(profile: Profile, mention_id: int, cls: MentionClass) -> ClassChange:
    """Store ``cls`` as a person's class for the mention: due time and priority follow it,
    the classifier's class is kept beside it, and the change is audited (and undoable)."""
    store = profile.store
    item = store.get_mention(mention_id)
    if item is None:
        raise KeyError(mention_id)
    mention = item.mention
    other = store.other_waiting(mention.account_id, mention.author.remote_id, mention.remote_id)
    return store.reclassify(mention_id, triage_fields(mention, profile.triage, other, human=cls))
