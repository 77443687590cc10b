"""Safety rules: placeholders, private data, allow-listed links, profanity."""

from __future__ import annotations

import pytest

from persona import Severity, apply_fix
from tests.test_persona_support import ctx, found, persona_with, spans

PLACEHOLDER = 'id = "ph"\ntype = "placeholder"'


def test_unfilled_placeholders_are_errors_fixed_from_the_context() -> None:
    persona = persona_with(PLACEHOLDER)
    draft = "Hi {name}, {{ agent }} here about [ORDER NUMBER] and {unknown}."
    result = found(draft, persona, ctx(author_name="Sam Rivera"))
    assert spans(draft, result) == ["{name}", "{{ agent }}", "[ORDER NUMBER]", "{unknown}"]
    assert all(f.severity is Severity.ERROR for f in result)
    assert [f.fix for f in result] == ["Sam", None, None, None]
    assert apply_fix(draft, result[0]).startswith("Hi Sam,")


def test_text_without_placeholders_passes() -> None:
    persona = persona_with(PLACEHOLDER)
    assert found("Hi Sam [sic], {} and { 2 } and [a note] are fine.", persona) == []


PRIVATE = 'id = "private"\ntype = "private_data"\nreplacement = "[by DM]"'


@pytest.mark.parametrize(
    ("draft", "flagged"),
    [
        ("Mail sam.rivera@gmail.com today", "sam.rivera@gmail.com"),
        ("Call +44 20 7946 0958 today", "+44 20 7946 0958"),
        ("Call (555) 123-4567 today", "(555) 123-4567"),
        ("Your order #48213 shipped", "#48213"),
        ("Your order number: FB-20931 shipped", "FB-20931"),
        ("Account no. 7782-1193 is fine", "7782-1193"),
    ],
)
def test_private_data_in_a_public_reply_is_an_error(draft: str, flagged: str) -> None:
    result = found(draft, persona_with(PRIVATE))
    assert spans(draft, result) == [flagged]
    assert "direct message" in result[0].message
    assert result[0].fix == "[by DM]"


@pytest.mark.parametrize(
    "draft",
    [
        "Reply to @sam@example.social please",
        "We roast on 2025-03-14 and ship by 14.03.2025",
        "It costs 12.50 and weighs 250 g",
        "See https://fernbrook.example/orders/123456789",
    ],
)
def test_mentions_dates_prices_and_links_are_not_private_data(draft: str) -> None:
    assert found(draft, persona_with(PRIVATE)) == []


def test_private_data_is_fine_in_a_direct_message() -> None:
    assert found("Your order #48213 shipped", persona_with(PRIVATE), ctx(public=False)) == []


def test_custom_order_pattern_flags_only_its_id_group() -> None:
    persona = persona_with(
        'id = "p"\ntype = "private_data"\nkinds = ["order"]\n'
        "order_patterns = ['ref\\s+(?P<id>[A-Z]{3}\\d{3})']"
    )
    draft = "Your ref ABC123 is noted, mail x@y.example"
    assert spans(draft, found(draft, persona)) == ["ABC123"]


LINKS = 'id = "links"\ntype = "links"\nallow = ["fernbrook.example", "*.cdn.example"]'


def test_links_outside_the_allow_list_are_flagged() -> None:
    persona = persona_with(LINKS)
    draft = "See https://evil.example/login or http://fernbrook.example.evil.example/x."
    result = found(draft, persona)
    assert spans(draft, result) == [
        "https://evil.example/login",
        "http://fernbrook.example.evil.example/x",
    ]
    assert "evil.example" in result[0].message


def test_allow_listed_links_and_subdomain_wildcards_pass() -> None:
    persona = persona_with(LINKS)
    draft = "See https://FERNBROOK.example/faq and https://img.cdn.example/a.png."
    assert found(draft, persona) == []
    assert len(found("https://sub.fernbrook.example/", persona)) == 1  # exact domain only


PROFANITY = 'id = "clean"\ntype = "profanity"\nallow = ["fat"]\nextra = ["frack"]'


@pytest.mark.parametrize("word", ["shit", "Sh1t", "$hit", "f*ck", "bull shit", "frack"])
def test_profanity_from_the_maintained_list_is_an_error(word: str) -> None:
    draft = f"well {word} happens"
    result = found(draft, persona_with(PROFANITY))
    assert word in spans(draft, result)
    assert result[0].severity is Severity.ERROR


@pytest.mark.parametrize(
    "draft",
    ["A classic assessment in Scunthorpe", "Full fat milk", "Sent 4x4 bags for $50"],
)
def test_clean_words_and_allowed_words_pass(draft: str) -> None:
    assert found(draft, persona_with(PROFANITY)) == []
