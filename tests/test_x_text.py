"""X's weighted length: every twitter-text v3 conformance vector, property tests of the edges
(URLs 23, CJK and emoji 2, NFC, the overflow point), and the composer's platform rule."""

from __future__ import annotations

import unicodedata
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from adapters.records import X_LIMITS, Author, Mention, MentionKind, Platform, default_limits
from adapters.x.prices import DEFAULT_PRICES, dollars, reply_price
from adapters.x.text import (
    MAX_WEIGHTED,
    normalize_for_match,
    overflow_start,
    refusal,
    summoned,
    weighted_length,
)
from persona.length import network_refusals, platform_findings, primary_length
from tests.fakes.x_spec import fixture

VECTORS = fixture("twitter-text/validate-weighted-v3.json")[
    "WeightedTweetsWithDiscountedEmojiCounterTest"
]

LATIN = st.text(alphabet="abcdefghijklmnopqrstuvwxyz ", max_size=400)
CJK = st.text(alphabet="日本語中文한국어", min_size=1, max_size=200)
PIECES = st.lists(st.sampled_from(["a", " ", "日", "😀", "é", "—"]), max_size=400)


@pytest.mark.parametrize("case", VECTORS, ids=[v["description"] for v in VECTORS])
def test_every_conformance_vector(case: dict[str, Any]) -> None:
    expected = case["expected"]
    assert weighted_length(case["text"]) == expected["weightedLength"]
    fits = overflow_start(case["text"]) == len(case["text"])
    assert fits == (expected["weightedLength"] <= MAX_WEIGHTED)


def test_the_readme_example_and_the_limits_the_composer_gets() -> None:
    assert weighted_length("Hi http://test.co") == 26
    assert default_limits(Platform.X) == X_LIMITS
    assert primary_length("Hi http://test.co", X_LIMITS) == (26, "chars")


@given(LATIN)
def test_latin_letters_weigh_one(text: str) -> None:
    assert weighted_length(text) == len(text)


@given(CJK)
def test_cjk_weighs_two(text: str) -> None:
    assert weighted_length(text) == 2 * len(text)


@given(LATIN, st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789/", max_size=300))
def test_every_url_weighs_23_whatever_its_length(text: str, path: str) -> None:
    words = text.strip()
    with_url = f"{words} https://example.com/{path}" if words else f"https://example.com/{path}"
    assert weighted_length(with_url) == weighted_length(words) + (1 if words else 0) + 23


@given(st.text(alphabet="e\u0301a", max_size=200))
def test_text_is_counted_after_nfc(text: str) -> None:
    assert weighted_length(text) == weighted_length(unicodedata.normalize("NFC", text))


@given(PIECES)
def test_overflow_point_is_exactly_where_280_ends(pieces: list[str]) -> None:
    text = "".join(pieces)
    cut = overflow_start(text)
    if weighted_length(text) <= MAX_WEIGHTED:
        assert cut == len(text)
    else:
        assert weighted_length(text[:cut]) <= MAX_WEIGHTED < weighted_length(text[: cut + 1])


def test_over_the_limit_is_a_refusal_no_override_passes() -> None:
    draft = "😀" * 141
    findings = list(platform_findings(draft, X_LIMITS))
    assert [f.message for f in findings] == [
        "Too long for X: 282/280 characters (every link counts 23). Cut 2."
    ]
    assert findings[0].start == 140  # the 141st emoji is the one that no longer fits
    assert network_refusals(findings) == findings


def test_match_ignores_t_co_rewrites_and_spacing() -> None:
    sent = "Refund sent, see https://example.com/refunds/42  thanks"
    echoed = "Refund sent, see https://t.co/AbCdEf123 thanks"
    assert normalize_for_match(sent) == normalize_for_match(echoed)
    assert normalize_for_match("Refund sent") != normalize_for_match("Refund sent!")


def test_price_of_a_send_follows_xs_pay_per_use_table() -> None:
    reply = Mention(
        "x:1", "2", Platform.X, Author("3", "@fan"), "@brand hi", datetime(2026, 1, 1, tzinfo=UTC)
    )

    def price(mention: Mention, text: str) -> str:
        return dollars(reply_price(DEFAULT_PRICES, mention, text, summoned(mention)))

    assert price(reply, "Thanks for telling us!") == "$0.01"
    assert price(reply, "Details: example.com/help") == "$0.20"  # any link
    assert price(replace(reply, kind=MentionKind.DIRECT), "See example.com") == "$0.015"
    heard = replace(reply, found_by="brand")  # a search found it: nobody summoned the brand
    assert price(heard, "Thanks!") == "$0.015"


def test_a_post_that_did_not_summon_the_brand_is_refused_with_the_reason() -> None:
    post = Mention("x:1", "2", Platform.X, Author("3", "@fan"), "brand is great", datetime.now(UTC))
    assert refusal(post) == ""  # from the mentions timeline: summoned
    heard = replace(post, found_by="brand")
    assert "@fan did not @mention or quote the brand" in refusal(heard)
    assert refusal(replace(heard, kind=MentionKind.DIRECT)) == ""  # a DM may always be answered
    assert refusal(replace(post, meta={"summoned": "0"})) != ""


def test_dollars_show_cents_or_a_tenth_of_a_cent() -> None:
    from decimal import Decimal

    assert [dollars(Decimal(v)) for v in ("5", "1.23", "0.015", "0.010", "0.2")] == [
        "$5", "$1.23", "$0.015", "$0.01", "$0.20",
    ]  # fmt: skip
