"""Snoozing until when: 1–4 pick a preset (1 h, 3 h, tomorrow 9:00, next Monday 9:00), 5 or
tab goes to a line for any time ("2d", "fri 14:00"); Esc leaves the mention as it was."""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from tui.format import clock_time
from tui.snooze_time import EXAMPLES, SnoozeTimeError, parse_snooze, presets
from tui.widgets.legible import LegibleOptionList

CUSTOM = "custom"


class SnoozePicker(ModalScreen[datetime | None]):
    """Pick when a snoozed mention comes back (or a follow-up is due); dismisses with the
    moment (``None``: cancelled)."""

    DEFAULT_CSS = """
    SnoozePicker {
        align: center middle;
    }
    #snooze-box {
        width: 48;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: round $primary;
        background: $surface;
        padding: 0 1;
    }
    #snooze-choices {
        height: auto;
        border: none;
        padding: 0;
        margin: 1 0 0 0;
    }
    #snooze-custom {
        margin: 0 0 1 0;
    }
    #snooze-error {
        display: none;
        color: $text-error;
    }
    #snooze-foot {
        color: $text-muted;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        *(
            Binding(
                str(n),
                f"preset({n - 1})",
                label,
                id=f"snooze.{key}",
                show=False,
                tooltip=f"Snooze until {label}",
            )
            for n, (key, label) in enumerate(
                (
                    ("hour", "1 hour from now"),
                    ("three_hours", "3 hours from now"),
                    ("tomorrow", "tomorrow 9:00"),
                    ("monday", "next Monday 9:00"),
                ),
                1,
            )
        ),
        Binding(
            "5",
            "custom",
            "Other time",
            id="snooze.custom",
            show=False,
            tooltip="Type when: " + EXAMPLES,
        ),
        Binding("escape", "dismiss(None)", "Cancel", id="snooze.cancel", tooltip="Do not snooze"),
    ]

    def __init__(
        self, now: datetime, tz: tzinfo | None = None, title: str = "Snooze until"
    ) -> None:
        super().__init__()
        self.title_text = title
        self.now = now
        self.tz = tz
        self.presets = presets(now, tz)

    def compose(self) -> ComposeResult:
        with Vertical(id="snooze-box"):
            yield Static(Content.styled(self.title_text, "bold $accent"))
            yield LegibleOptionList(*self._options(), id="snooze-choices")
            yield Input(placeholder=EXAMPLES, id="snooze-custom", compact=True)
            yield Static(id="snooze-error")
            yield Static(
                Content("1–4 or ↑↓ Enter picks · 5/tab: type a time · Esc cancels"),
                id="snooze-foot",
            )

    def _options(self) -> list[Option]:
        options = [
            Option(
                Content.assemble(
                    Content.styled(f"{p.key} ", "bold"),
                    f"{p.label:<18}",
                    Content.styled(clock_time(p.until, self.now), "$text-muted"),
                ),
                id=p.key,
            )
            for p in self.presets
        ]
        label = Content.assemble(Content.styled("5 ", "bold"), "another time…")
        return [*options, Option(label, id=CUSTOM)]

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def action_preset(self, index: int) -> None:
        """Snooze until the ``index``-th preset."""
        self.dismiss(self.presets[index].until)

    def action_custom(self) -> None:
        """Go to the line for a typed time."""
        self.query_one(Input).focus()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id == CUSTOM:
            self.action_custom()
        else:
            self.action_preset(event.option_index)

    @on(Input.Submitted)
    def _typed(self, event: Input.Submitted) -> None:
        event.stop()
        error = self.query_one("#snooze-error", Static)
        try:
            until = parse_snooze(event.value, self.now, self.tz)
        except SnoozeTimeError as problem:
            error.display = True
            error.update(Content(problem.msg))  # quotes what was typed: plain text
            return
        self.dismiss(until)
