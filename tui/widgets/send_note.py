"""The composer's line about sending itself: whether the network will take a reply at all, and
on X what this one costs and what the month has cost against its budget.

"✖ X refuses this reply: @gus did not @mention or quote the brand…" comes from the network's
text rules (``TextRules.refusal``), before any send fails. "this reply $0.01 · this month $1.23
of $5 budget" comes from ``analytics.x_spend`` at the config's prices; at 80 % of the budget it
turns to a warning, and past it it says that sending needs an override (ctrl+o). The month's
spend is read from the store when the mention changes or is refreshed (two indexed queries), not
on every keystroke. Kept apart from the composer so its other lines can change independently.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.content import Content
from textual.widgets import Static

from adapters.records import Platform
from store import StoredMention
from tui.services import services

if TYPE_CHECKING:
    from decimal import Decimal

    from analytics.x_spend import MonthSpend
    from persona import Finding

SHOWN = "-shown"


class SendNote(Static):
    """Refusal and price of the reply being written; hidden when there is nothing to say."""

    DEFAULT_CSS: ClassVar[str] = """
    SendNote { height: auto; color: $text-muted; display: none; }
    SendNote.-shown { display: block; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.item: StoredMention | None = None
        self.price: Decimal | None = None
        """What sending the draft costs (X only)."""
        self.spend: MonthSpend | None = None
        """The month's spend of the account answering (X only)."""

    def stale(self) -> None:
        """Read the month's spend again at the next ``show`` (a send or a sync moved it)."""
        self.spend = None

    def show(self, item: StoredMention | None, draft: str) -> None:
        """Say what sending ``draft`` in answer to ``item`` meets."""
        if item is None or self.item is None or item.id != self.item.id:
            self.spend = None
        self.item = item
        lines: list[Content] = []
        if item is not None:
            from adapters.networks import text_rules  # every network's entry: after first paint

            why = text_rules(item.mention.platform).refusal(item.mention)
            if why:
                lines.append(Content.styled(f"✖ {why}", "$text-error"))
            elif item.mention.platform is Platform.X:
                lines.append(self._cost(item, draft))
        self.set_class(bool(lines), SHOWN)
        self.update(Content("\n").join(lines))

    def _cost(self, item: StoredMention, draft: str) -> Content:
        from adapters.x.prices import dollars, reply_price
        from analytics.x_spend import BudgetState, month_spend

        rd = services(self.app)
        settings = rd.profile.config.x
        if self.spend is None:
            self.spend = month_spend(
                rd.profile.store, item.mention.account_id, settings, rd.clock()
            )
        self.price = reply_price(settings.prices, item.mention, draft, summoned=True)
        state = self.spend.state(self.price)
        text = f"this reply {dollars(self.price)} · {self.spend.describe()}"
        if state is BudgetState.OVER:
            return Content.styled(f"✖ {text}: over budget, ctrl+o sends anyway", "$text-error")
        if state is BudgetState.NEAR and self.spend.budget:
            share = (self.spend.total + self.price) * 100 // self.spend.budget
            return Content.styled(f"⚠ {text}: {share} % of it with this reply", "$text-warning")
        return Content(text)

    def blocking(self) -> list[Finding]:
        """A blocking finding when sending the draft would go past the month's X budget (the
        person may override it with a reason, like a persona error)."""
        if self.spend is None or self.price is None or self.item is None:
            return []
        if self.item.mention.platform is not Platform.X:
            return []
        from analytics.x_spend import budget_findings

        return budget_findings(self.spend, self.price)
