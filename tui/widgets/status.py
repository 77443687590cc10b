"""The header line: which accounts, when they last synced, how much waits and how much is late."""

from __future__ import annotations

from datetime import datetime

from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

from tui.format import age
from tui.sign_in_note import sign_in_part


class StatusBar(Static):
    """ReplyDesk · account · synced 2 min ago · 41 open · 3 at risk · 12 overdue · problem."""

    accounts: reactive[str] = reactive("")
    """Who we answer as."""
    last_sync: reactive[datetime | None] = reactive(None)
    """When the newest pull finished."""
    syncing: reactive[bool] = reactive(False)
    """A pull is running now."""
    open_count: reactive[int] = reactive(0)
    """Mentions waiting for an answer."""
    at_risk_count: reactive[int] = reactive(0)
    """Waiting mentions past the at-risk share of their SLA, not yet due."""
    overdue_count: reactive[int] = reactive(0)
    """Waiting mentions past their due time."""
    problem: reactive[str] = reactive("")
    """A non-fatal problem to keep in sight (bad persona, offline)."""
    throttle: reactive[str] = reactive("")
    """A network held back by its rate limit ("Facebook paused 3 min: app usage 95 %")."""
    sign_in: reactive[str] = reactive("")
    """A sign-in that ends within a week or has ended (see ``tui.sign_in_note``)."""
    now: reactive[datetime | None] = reactive(None)
    """The clock the relative times are shown against."""

    def render(self) -> Content:
        if self.syncing:
            synced = "syncing…"
        elif self.last_sync is not None and self.now is not None:
            synced = f"synced {age(self.last_sync, self.now)}"
        else:
            synced = "not synced yet"
        parts: list[Content | str] = [
            Content.styled("ReplyDesk", "bold $accent"),
            "  ",
            Content(self.accounts),
            Content.styled(f"  ·  {synced}  ·  ", "$text-muted"),
            Content.styled(f"{self.open_count} open", "bold"),
            Content.styled("  ·  ", "$text-muted"),
            Content.styled(
                f"{self.at_risk_count} at risk",
                "bold $warning" if self.at_risk_count else "$text-muted",
            ),
            Content.styled("  ·  ", "$text-muted"),
            Content.styled(
                f"{self.overdue_count} overdue",
                "bold $error" if self.overdue_count else "$text-muted",
            ),
        ]
        if self.throttle:
            parts += [
                Content.styled("  ·  ", "$text-muted"),
                Content.styled(self.throttle, "$warning"),
            ]
        if self.problem:
            parts += [
                Content.styled("  ·  ", "$text-muted"),
                Content.styled(self.problem, "$warning"),
            ]
        parts += sign_in_part(self.sign_in)
        return Content.assemble(*parts)
