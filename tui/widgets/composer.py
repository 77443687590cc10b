"""The reply composer: a draft, its live length count and the persona's findings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Static, TextArea

from adapters.records import Limits
from persona import CheckContext, Finding, Persona, Severity, check, count_length
from store import StoredMention
from tui.safe import one_line

SEVERITY_STYLE = {
    Severity.ERROR: "bold $error",
    Severity.WARNING: "$warning",
    Severity.INFO: "$text-muted",
}
OVER = "-over"


class Composer(Vertical):
    """Write a reply to the selected mention; the draft is checked as you type."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "leave", "Back to queue", id="composer.leave", tooltip="Focus the queue"),
    ]

    @dataclass
    class DraftChanged(Message):
        """The person edited the draft of ``mention_id`` (autosave it)."""

        mention_id: int
        text: str

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.item: StoredMention | None = None
        self.persona: Persona | None = None
        self.limits: Limits | None = None
        self.agent = ""
        self.findings: tuple[Finding, ...] = ()
        self._saved = ""

    def compose(self) -> ComposeResult:
        yield Static(id="replying-to")
        yield TextArea(id="draft", soft_wrap=True, tab_behavior="focus", show_line_numbers=False)
        yield Static(id="counter")
        yield Static(id="findings")

    @property
    def text(self) -> str:
        """The draft as typed."""
        return self.query_one("#draft", TextArea).text

    def load(self, item: StoredMention | None, draft: str, limits: Limits | None) -> None:
        """Switch to ``item`` with its saved ``draft``."""
        self.item, self.limits = item, limits
        target = (
            "Select a mention to reply."
            if item is None
            else f"Reply to {one_line(item.mention.author.handle, 60)} · {item.mention.platform}"
        )
        self.query_one("#replying-to", Static).update(Content(target))
        area = self.query_one("#draft", TextArea)
        area.disabled = item is None
        self._saved = draft
        area.load_text(draft)
        self.recheck()

    def set_text(self, text: str) -> None:
        """Replace the draft (e.g. after a fix), keeping it saved and checked; cursor at the end."""
        area = self.query_one("#draft", TextArea)
        area.load_text(text)
        area.move_cursor(area.document.end)

    def recheck(self) -> None:
        """Count and check the draft against the network's limits and the persona."""
        counter = self.query_one("#counter", Static)
        listing = self.query_one("#findings", Static)
        if self.item is None or self.limits is None:
            self.findings = ()
            counter.update("")
            listing.update("")
            return
        draft = self.text
        context = CheckContext(
            limits=self.limits,
            mention_class=self.item.cls,
            author_handle=self.item.mention.author.handle,
            author_name=self.item.mention.author.display_name,
            agent=self.agent,
        )
        self.findings = check(draft, self.persona, context) if draft.strip() else ()
        counts = count_length(draft, self.limits)
        over = any(c.over for c in counts)
        counter.set_class(over, OVER)
        counter.update(" · ".join(f"{c.used}/{c.limit} {c.unit}" for c in counts))
        listing.update(_findings_content(self.findings))

    @on(TextArea.Changed, "#draft")
    def _edited(self, event: TextArea.Changed) -> None:
        event.stop()
        self.recheck()
        if self.item is not None and self.text != self._saved:
            self._saved = self.text
            self.post_message(self.DraftChanged(self.item.id, self.text))

    def action_leave(self) -> None:
        self.screen.query_one("#queue").focus()


SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


def _findings_content(findings: tuple[Finding, ...]) -> Content:
    """Blocking errors first, then warnings and advice, each in draft order."""
    if not findings:
        return Content("")
    ordered = sorted(findings, key=lambda f: (SEVERITY_ORDER[f.severity], f.start))
    lines = [
        Content.assemble(
            Content.styled(f"{f.severity.value:<7}", SEVERITY_STYLE[f.severity]),
            " ",
            Content(f.message),
            Content.styled(f"  [{f.rule_id}]", "$text-muted"),
        )
        for f in ordered
    ]
    return Content("\n").join(lines)
