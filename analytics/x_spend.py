"""What X has cost an account this month, against the budget in ``[x]`` of config.toml.

The month is the calendar month in UTC. Its spend is the outbox's sent replies and DMs at the
price of each (a link costs more) plus every X mention stored this month as one post or DM
event read, all at the configured prices. X's own console is the final word: ReplyDesk does not
see thread lookups or reconcile listings, so its reads are a floor. At ``WARN_SHARE`` of the
budget the composer warns; a send that would go past it is refused unless overridden.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING

from adapters.records import Account
from adapters.x.prices import dollars, send_price
from persona.model import Finding
from persona.severity import Severity
from settings.x import XSettings

if TYPE_CHECKING:
    from store.x_usage import XUsageMixin

WARN_SHARE = Decimal("0.8")
BUDGET_RULE_ID = "x-budget"  # the finding a send past the budget raises (ctrl+o overrides it)


class BudgetState(StrEnum):
    """Where the month stands against the budget."""

    NONE = "none"  # no budget set
    OK = "ok"
    NEAR = "near"  # at 80 % or more
    OVER = "over"  # the budget is used up (or past)


@dataclass(frozen=True, slots=True)
class MonthSpend:
    """An account's X spend in one month, and its budget."""

    total: Decimal
    sends: int
    reads: int
    budget: Decimal | None

    def state(self, extra: Decimal = Decimal(0)) -> BudgetState:
        """The budget's state once ``extra`` more is spent."""
        if self.budget is None:
            return BudgetState.NONE
        spent = self.total + extra
        if spent > self.budget or (self.budget == 0 and spent > 0):
            return BudgetState.OVER
        return BudgetState.NEAR if spent >= self.budget * WARN_SHARE else BudgetState.OK

    def describe(self) -> str:
        """``this month $1.23 of $5 budget`` (``this month $1.23`` without a budget)."""
        of = f" of {dollars(self.budget)} budget" if self.budget is not None else ""
        return f"this month {dollars(self.total)}{of}"

    def refusal(self, price: Decimal) -> str:
        """Why a send costing ``price`` is refused ("" when it fits the budget)."""
        if self.budget is None or self.state(price) is not BudgetState.OVER:
            return ""
        return (
            f"Over this month's X budget: {dollars(self.total)} spent of "
            f"{dollars(self.budget)}, and this send costs {dollars(price)}. Raise "
            "monthly_budget under [x] in config.toml, or send anyway with a reason (ctrl+o)."
        )


def budget_findings(spend: MonthSpend, price: Decimal) -> list[Finding]:
    """A blocking finding when a send costing ``price`` goes past the month's budget: the person
    may override it with a reason, like a persona error (the reason is audited)."""
    why = spend.refusal(price)
    return [Finding(BUDGET_RULE_ID, Severity.ERROR, why, 0, 0)] if why else []


def month_start(now: datetime) -> datetime:
    """The first instant of ``now``'s calendar month (UTC)."""
    now = now.astimezone(UTC)
    return now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def next_month(start: datetime) -> datetime:
    """The first instant of the month after ``start``'s."""
    return (
        start.replace(year=start.year + 1, month=1)
        if start.month == 12
        else start.replace(month=start.month + 1)
    )


def month_spend(
    store: XUsageMixin, account_id: str, settings: XSettings, now: datetime
) -> MonthSpend:
    """What ``account_id`` has spent on X in ``now``'s month, at ``settings``' prices."""
    start = month_start(now)
    usage = store.x_usage(account_id, start, next_month(start))
    prices = settings.prices
    total = sum(
        (send_price(prices, direct=direct, text=text) for direct, text in usage.sent), Decimal(0)
    )
    total += prices.read * usage.posts_read + prices.dm_read * usage.dms_read
    reads = usage.posts_read + usage.dms_read
    return MonthSpend(total, len(usage.sent), reads, settings.monthly_budget)


def bills_on_x(account: Account) -> bool:
    """Whether X bills ``account`` (an X account, or the demo's X side)."""
    return account.network == "x" or account.server == "demo://x"
