"""ctrl+o: send despite blocking findings, after saying why (the reason goes to the audit log)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from persona import Finding
from tui.widgets.draft_area import SEVERITY_STYLE

REASON_MAX = 200


def reason_text(value: str) -> str:
    """The reason as logged: one line, inner runs of spaces folded."""
    return " ".join(value.split())


class OverrideScreen(ModalScreen[str | None]):
    """Lists what blocks the send and asks for a one-line reason; empty is refused."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="override.cancel", tooltip="Back, nothing sent"),
    ]

    def __init__(self, errors: Sequence[Finding]) -> None:
        super().__init__()
        self.errors = list(errors)

    def compose(self) -> ComposeResult:
        count = len(self.errors)
        title = f"Send despite {count} blocking finding{'s' if count != 1 else ''}?"
        with Vertical(id="override-box", classes="modal-box"):
            yield Static(Content.styled(title, "bold $error"), classes="modal-title")
            yield Static(
                Content("\n").join(
                    Content.assemble(
                        Content.styled("error   ", SEVERITY_STYLE[f.severity]),
                        Content(f.message),
                        Content.styled(f"  [{f.rule_id}]", "$text-muted"),
                    )
                    for f in self.errors
                ),
                id="override-findings",
            )
            yield Input(
                placeholder="Why send it anyway? (required; written to the audit log)",
                max_length=REASON_MAX,
                id="override-reason",
            )
            yield Static(
                Content.styled("enter: send with this reason · esc: cancel", "$text-muted"),
                id="override-note",
                classes="modal-hint",
            )

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted, "#override-reason")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        reason = reason_text(event.value)
        if not reason:
            self.query_one("#override-note", Static).update(
                Content.styled(
                    "A reason is required: it is logged with the findings you override. "
                    "esc: cancel",
                    "bold $error",
                )
            )
            return
        self.dismiss(reason)

    def action_cancel(self) -> None:
        """Close; nothing is sent."""
        self.dismiss(None)
