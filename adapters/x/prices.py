"""What X charges for what ReplyDesk does, per the config's ``[x]`` table (defaults below).

X bills pay-per-use: each post or DM created, each post or DM event read. The defaults are the
public prices as of ``PRICES_AS_OF`` (docs.x.com x-api/getting-started/pricing; the write prices
as the fixtures README quotes them, XDOC pricing.mdx @ c2317112); X changes them, so the config
overrides every one (``settings.x``). Money is ``Decimal`` dollars: a month of 1 000 sends must
add up to the cent. Light on purpose (twitter-text loads only to find a link in a draft).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from adapters.records import Mention, MentionKind

PRICES_AS_OF = "2026-11"
# Every link twitter-text finds has a dot between a name and a top-level domain ("example.com");
# text without one skips twitter-text (~0.15 ms a text: a month of sends is priced on the UI
# thread when the composer shows an X mention).
_MAYBE_LINK = re.compile(r"[^\s.]\.[^\W\d_]{2,}")


@dataclass(frozen=True, slots=True)
class XPrices:
    """Dollars per post or DM created (per request) and per post or DM event read."""

    post: Decimal = Decimal("0.015")  # a post that answers no summons ("Content: Create")
    post_with_url: Decimal = Decimal("0.200")  # any post with a link
    reply: Decimal = Decimal("0.010")  # a reply to someone who summoned the brand
    dm: Decimal = Decimal("0.015")  # "DM Interaction: Create"
    read: Decimal = Decimal("0.005")  # each post read ("Posts: Read", per resource)
    dm_read: Decimal = Decimal("0.010")  # each DM event read ("DM Event: Read")


DEFAULT_PRICES = XPrices()


def has_link(text: str) -> bool:
    """Whether X would see a link in ``text`` (and so charge the price of a post with one)."""
    if not _MAYBE_LINK.search(text):
        return False
    from twitter_text.extract_urls import extract_urls_with_indices  # ~0.25 s: on first use

    return bool(extract_urls_with_indices(text))


def send_price(prices: XPrices, *, direct: bool, text: str, summoned: bool = True) -> Decimal:
    """What sending ``text`` costs: a DM, a post with a link, a summoned reply, or a post."""
    if direct:
        return prices.dm
    if has_link(text):
        return prices.post_with_url
    return prices.reply if summoned else prices.post


def reply_price(prices: XPrices, mention: Mention, text: str, summoned: bool) -> Decimal:
    """What answering ``mention`` with ``text`` costs on X."""
    return send_price(
        prices, direct=mention.kind is MentionKind.DIRECT, text=text, summoned=summoned
    )


def dollars(amount: Decimal) -> str:
    """``$0.010``, ``$1.23``, ``$5``: a tenth of a cent where a price needs it, else cents."""
    if amount == amount.to_integral_value():
        return f"${amount:.0f}"
    cents = amount.quantize(Decimal("0.01"))
    return f"${cents}" if cents == amount else f"${amount.quantize(Decimal('0.001'))}"
