"""The ``[x]`` table of config.toml: what X charges, and the month's budget.

[x]
price_per_post = 0.015          # dollars per post that answers no summons
price_per_post_with_url = 0.200 # any post with a link
price_per_reply = 0.010         # a reply to someone who @mentioned or quoted the brand
price_per_dm = 0.015            # a direct message sent
price_per_read = 0.005          # each post read
price_per_dm_read = 0.010       # each DM event read
monthly_budget = 5              # dollars a calendar month (UTC); none when left out

A missing key keeps X's published price (``adapters.x.prices``); a bad value is a
``ConfigError`` naming the key and its line.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path

from adapters.errors import ConfigError
from adapters.x.prices import DEFAULT_PRICES, XPrices

# config key → XPrices field
PRICE_KEYS = {
    "price_per_post": "post",
    "price_per_post_with_url": "post_with_url",
    "price_per_reply": "reply",
    "price_per_dm": "dm",
    "price_per_read": "read",
    "price_per_dm_read": "dm_read",
}
KNOWN_X_KEYS = {*PRICE_KEYS, "monthly_budget"}


@dataclass(frozen=True, slots=True)
class XSettings:
    """Validated ``[x]`` settings."""

    prices: XPrices = field(default_factory=lambda: DEFAULT_PRICES)
    monthly_budget: Decimal | None = None  # dollars; None: no budget


def _dollars(value: object) -> Decimal | None:
    """``value`` as a non-negative, finite amount of dollars, or ``None`` if it is not one."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        amount = Decimal(str(value).strip().lstrip("$"))
    except InvalidOperation:
        return None
    return amount if amount.is_finite() and amount >= 0 else None


def read_x(data: object, where: Path, line_of: Callable[[str], int | None]) -> XSettings:
    """The ``[x]`` table ``data`` of the config file ``where``; ``ConfigError`` naming the key
    (and its line) for anything that is not a number of dollars."""

    def bad(key: str, problem: str) -> ConfigError:
        line = line_of(key)
        place = f"{where}, line {line}" if line else str(where)
        return ConfigError(f"{place}: {problem}", title="X settings problem")

    if not isinstance(data, dict):
        raise bad("x", "key 'x' must be a table")
    unknown = sorted(set(data) - KNOWN_X_KEYS)
    if unknown:
        raise bad(f"x.{unknown[0]}", f"unknown key 'x.{unknown[0]}' (a typo?)")
    prices = DEFAULT_PRICES
    for key, name in PRICE_KEYS.items():
        if key not in data:
            continue
        amount = _dollars(data[key])
        if amount is None:
            raise bad(
                f"x.{key}",
                f"key 'x.{key}' must be a price in dollars, 0 or more (e.g. {key} = "
                f"{getattr(DEFAULT_PRICES, name)}), not {data[key]!r}",
            )
        prices = replace(prices, **{name: amount})
    budget = None
    if "monthly_budget" in data:
        budget = _dollars(data["monthly_budget"])
        if budget is None:
            raise bad(
                "x.monthly_budget",
                "key 'x.monthly_budget' must be dollars a month, 0 or more "
                f"(e.g. monthly_budget = 5), not {data['monthly_budget']!r}",
            )
    return XSettings(prices, budget)
