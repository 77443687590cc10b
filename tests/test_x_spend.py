"""X's prices come from ``[x]`` in config.toml (a bad one is named), and the month's spend is the
sends and reads of the month at those prices, measured against the budget (80 % warns, past it
refuses unless overridden)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from adapters.errors import ConfigError
from adapters.records import Account, Author, Mention, MentionKind, Platform, SentReply
from adapters.x.prices import DEFAULT_PRICES, has_link
from analytics.x_spend import BudgetState, MonthSpend, bills_on_x, month_spend
from settings.config import load_config
from settings.x import XSettings
from store import Store, open_store
from store.mentions import TriageFields
from tests.conftest import FROZEN, FakeClock

BRAND = Account("x:1", "x", "@brand")


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_prices_default_to_xs_published_ones_and_the_config_overrides_each(
    tmp_path: Path,
) -> None:
    assert load_config(tmp_path / "none.toml").x == XSettings(DEFAULT_PRICES, None)
    config = load_config(
        write(
            tmp_path, '[x]\nprice_per_reply = 0.02\nprice_per_read = "0.004"\nmonthly_budget = 5\n'
        )
    )
    assert config.x.prices.reply == Decimal("0.02")
    assert config.x.prices.read == Decimal("0.004")
    assert config.x.prices.dm == DEFAULT_PRICES.dm  # not set: X's price
    assert config.x.monthly_budget == Decimal(5)


@pytest.mark.parametrize(
    ("text", "key", "line"),
    [
        ('[x]\nprice_per_post = "cheap"\n', "x.price_per_post", 2),
        ("[x]\n\nprice_per_dm = -1\n", "x.price_per_dm", 3),
        ("[x]\nmonthly_budget = true\n", "x.monthly_budget", 2),
        ("[x]\nprice_per_tweet = 0.01\n", "x.price_per_tweet", 2),
        ('x = "cheap"\n', "'x'", 1),
    ],
)
def test_a_bad_price_names_its_key_and_line(tmp_path: Path, text: str, key: str, line: int) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path, text))
    assert key in caught.value.msg
    assert f"line {line}" in caught.value.msg


def _x(n: int, kind: MentionKind = MentionKind.MENTION) -> Mention:
    return Mention(
        BRAND.id, str(1000 + n), Platform.X, Author("9", "@fan"), "@brand hi",
        FROZEN - timedelta(hours=1), kind=kind,
    )  # fmt: skip


def _fields() -> TriageFields:
    return TriageFields("question", 0.0, (), "question: 4 h", FROZEN + timedelta(hours=4), 10.0)


def _send(store: Store, mention_id: int, text: str, at: FakeClock) -> None:
    store.enqueue_reply(mention_id, BRAND.id, text)
    item = store.claim_next(at())
    assert item is not None
    store.mark_sent(item, SentReply(f"s{mention_id}", "p", text, at()), BRAND)


def test_the_months_spend_is_its_sends_and_reads_at_the_configured_prices(
    tmp_path: Path, clock: FakeClock
) -> None:
    store = open_store(tmp_path / "db.sqlite", clock)
    try:
        ids = store.upsert_mentions(
            [(_x(n), _fields()) for n in range(3)] + [(_x(9, MentionKind.DIRECT), _fields())]
        )
        _send(store, ids[0], "Thanks!", clock)  # a summoned reply
        _send(store, ids[1], "See https://example.com/help", clock)  # a link
        _send(store, ids[3], "Sent you the label", clock)  # a DM
        settings = XSettings(DEFAULT_PRICES, Decimal(5))
        spend = month_spend(store, BRAND.id, settings, clock())
        # 0.010 + 0.200 + 0.015 sent; 3 posts at 0.005 and one DM event at 0.010 read
        assert spend == MonthSpend(Decimal("0.250"), 3, 4, Decimal(5))
        assert spend.describe() == "this month $0.25 of $5 budget"
        clock.advance(days=31)  # next month: nothing spent yet
        assert month_spend(store, BRAND.id, settings, clock()).total == 0
    finally:
        store.close()


def test_the_budget_warns_at_80_percent_and_refuses_past_it() -> None:
    spend = MonthSpend(Decimal("3.99"), 10, 100, Decimal(5))
    assert spend.state() is BudgetState.OK
    assert spend.state(Decimal("0.01")) is BudgetState.NEAR  # 4.00 is 80 %
    assert spend.refusal(Decimal("1.01")) == ""  # exactly the budget still fits
    assert spend.state(Decimal("1.02")) is BudgetState.OVER
    why = spend.refusal(Decimal("1.02"))
    assert "Over this month's X budget: $3.99 spent of $5" in why
    assert "send anyway with a reason (ctrl+o)" in why
    unbudgeted = MonthSpend(Decimal(99), 1, 1, None)
    assert unbudgeted.state(Decimal(1)) is BudgetState.NONE
    assert unbudgeted.refusal(Decimal(1)) == ""
    assert unbudgeted.describe() == "this month $99"


def test_which_accounts_x_bills() -> None:
    assert bills_on_x(BRAND)
    assert bills_on_x(Account("demo:x", "demo", "fernbrookcoffee", server="demo://x"))
    assert not bills_on_x(Account("demo:mastodon", "demo", "f", server="demo://mastodon"))


PIECES = ["a", "Z", " ", ".", "/", ":", "http", "https://", "www", "com", "co", "日本", "é", "1"]


@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
def test_the_quick_link_check_agrees_with_twitter_text(text: str) -> None:
    from twitter_text.extract_urls import extract_urls_with_indices

    assert has_link(text) == bool(extract_urls_with_indices(text))
