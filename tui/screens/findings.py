"""F2: every finding of the draft in one list; enter jumps to it, ctrl+f applies its fix."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from persona import Finding
from persona.severity import SEVERITY_RANK
from tui.widgets.draft_area import SEVERITY_STYLE, describe_fix
from tui.widgets.legible import LegibleOptionList


@dataclass(frozen=True)
class FindingChoice:
    """The finding picked in the list, and whether to apply its fix or just go to it."""

    finding: Finding
    apply_fix: bool


def finding_prompt(draft: str, finding: Finding) -> Content:
    """Two lines: severity, message and rule id; then what its fix would do."""
    return Content.assemble(
        Content.styled(f"{finding.severity.value:<8}", SEVERITY_STYLE[finding.severity]),
        Content(finding.message),
        Content.styled(f"  [{finding.rule_id}]", "$text-muted"),
        "\n        ",
        Content.styled(describe_fix(draft, finding), "$text-muted italic"),
    )


class FindingsScreen(ModalScreen[FindingChoice | None]):
    """The draft's findings, most serious first."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f2", "cancel", "Close", id="findings.close", tooltip="Back to the draft"),
        Binding(
            "ctrl+f",
            "apply",
            "Apply fix",
            id="findings.fix",
            tooltip="Apply the highlighted finding's fix",
        ),
    ]

    def __init__(self, draft: str, findings: Sequence[Finding]) -> None:
        super().__init__()
        self.draft = draft
        self.findings = sorted(findings, key=lambda f: (SEVERITY_RANK[f.severity], f.start))

    def compose(self) -> ComposeResult:
        count = len(self.findings)
        title = f"{count} finding{'s' if count != 1 else ''}"
        with Vertical(id="findings-box", classes="modal-box"):
            yield Static(Content.styled(title, "bold $accent"), classes="modal-title")
            yield LegibleOptionList(
                *(
                    Option(finding_prompt(self.draft, f), id=str(i))
                    for i, f in enumerate(self.findings)
                ),
                id="findings-list",
            )
            yield Static(
                Content.styled(
                    "enter: go to it in the draft · ctrl+f: apply its fix · esc: close",
                    "$text-muted",
                ),
                classes="modal-hint",
            )

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @property
    def highlighted(self) -> Finding | None:
        """The finding under the list's cursor."""
        index = self.query_one(OptionList).highlighted
        return self.findings[index] if index is not None else None

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(FindingChoice(self.findings[event.option_index], apply_fix=False))

    def action_apply(self) -> None:
        """Apply the highlighted finding's fix (or say it has none)."""
        finding = self.highlighted
        if finding is None:
            return
        if finding.fix is None:
            self.notify(
                f"[{finding.rule_id}] has no automatic fix.", severity="warning", markup=False
            )
            return
        self.dismiss(FindingChoice(finding, apply_fix=True))

    def action_cancel(self) -> None:
        """Close without moving the cursor."""
        self.dismiss(None)
