"""Word and phrase rules: banned, substitute, capitalization, occurrence, blame, promise."""

from __future__ import annotations

from adapters.records import Platform
from persona import Severity, apply_fix
from tests.test_persona_support import ctx, found, persona_with, spans

BANNED = """
id = "no-policy"
type = "banned"
phrases = ["per our policy", "valued customer"]
exceptions = ["not per our policy"]
"""


def test_banned_phrase_is_an_error_whatever_its_case_and_spacing() -> None:
    draft = "Sorry, PER  OUR\npolicy we can't."
    result = found(draft, persona_with(BANNED))
    assert [f.rule_id for f in result] == ["no-policy"]
    assert result[0].severity is Severity.ERROR
    assert spans(draft, result) == ["PER  OUR\npolicy"]
    assert "PER  OUR\npolicy" in result[0].message


def test_banned_phrase_needs_whole_words_and_respects_exceptions() -> None:
    persona = persona_with(BANNED)
    assert found("our valued customers are great", persona) == []
    assert found("That is not per our policy at all.", persona) == []
    assert found("Plain words only.", persona) == []


def test_banned_phrase_inside_a_link_or_mention_is_ignored() -> None:
    persona = persona_with('id = "b"\ntype = "banned"\nphrases = ["guarantee"]')
    assert found("See https://fernbrook.example/guarantee for details.", persona) == []
    assert found("cc @guarantee", persona) == []
    assert len(found("We guarantee it.", persona)) == 1


def test_banned_patterns_match_as_regular_expressions() -> None:
    persona = persona_with(
        'id = "b"\ntype = "banned"\npatterns = [\'\\bkindly\\s+be\\s+advised\'] '
    )
    draft = "Kindly  be advised: no."
    assert spans(draft, found(draft, persona)) == ["Kindly  be advised"]
    assert found("Please be advised.", persona) == []


def test_substitute_offers_the_preferred_wording_cased_like_the_original() -> None:
    persona = persona_with(
        'id = "plain"\ntype = "substitute"\n'
        'swap = { "unfortunately" = "I\'m sorry", "kindly" = "please" }\n'
        'exceptions = ["kindly old man"]'
    )
    draft = "Unfortunately it broke. Could you kindly DM us?"
    result = found(draft, persona)
    assert [(draft[f.start : f.end], f.fix) for f in result] == [
        ("Unfortunately", "I'm sorry"),
        ("kindly", "please"),
    ]
    assert result[0].severity is Severity.WARNING
    assert result[0].message == "Say “I'm sorry” instead of “Unfortunately”."
    fixed = apply_fix(draft, result[1])
    assert fixed == "Unfortunately it broke. Could you please DM us?"
    assert found("The kindly old man. Fortunately it worked.", persona) == []


def test_capitalization_restores_the_brand_spelling() -> None:
    persona = persona_with(
        'id = "names"\ntype = "capitalization"\nterms = ["AeroPress", "Fernbrook"]'
    )
    draft = "Try the aeropress from fernbrook."
    result = found(draft, persona)
    assert [f.fix for f in result] == ["AeroPress", "Fernbrook"]
    assert apply_fix(draft, result[0]) == "Try the AeroPress from fernbrook."
    assert found("Try the AeroPress from Fernbrook.", persona) == []


def test_occurrence_flags_only_the_repeats_past_the_maximum() -> None:
    persona = persona_with('id = "once"\ntype = "occurrence"\nphrases = ["sorry"]\nmax = 1')
    draft = "Sorry! So sorry. Really sorry."
    result = found(draft, persona)
    assert [f.start for f in result] == [draft.index("sorry"), draft.rindex("sorry")]
    assert "3 times" in result[0].message
    assert found("Sorry about that.", persona) == []


def test_blame_uses_its_built_in_list() -> None:
    persona = persona_with('id = "blame"\ntype = "blame"')
    draft = "As we already said, you should have read the FAQ."
    result = found(draft, persona)
    assert spans(draft, result) == ["As we already said", "you should have"]
    assert all(f.severity is Severity.ERROR for f in result)
    assert found("Here is the FAQ; we'll walk you through it.", persona) == []


def test_promise_is_banned_unless_allowed() -> None:
    persona = persona_with('id = "promise"\ntype = "promise"\nallow = ["will refund"]')
    draft = "We guarantee it, 100% sure."
    assert spans(draft, found(draft, persona)) == ["guarantee", "100%"]
    assert found("We will refund the bag.", persona) == []
    strict = persona_with('id = "promise"\ntype = "promise"')
    assert spans("We will refund it.", found("We will refund it.", strict)) == ["will refund"]


def test_rules_scoped_to_a_class_or_platform_only_run_there() -> None:
    persona = persona_with(
        'id = "b"\ntype = "banned"\nphrases = ["cheers"]\nclasses = ["complaint"]\n'
        'platforms = ["bluesky"]'
    )
    draft = "Cheers for that."
    assert found(draft, persona, ctx("complaint", Platform.BLUESKY)) != []
    assert found(draft, persona, ctx("praise", Platform.BLUESKY)) == []
    assert found(draft, persona, ctx("complaint", Platform.MASTODON)) == []


def test_the_same_phrase_in_two_rules_reports_both() -> None:
    persona = persona_with(
        'id = "a"\ntype = "banned"\nphrases = ["guarantee"]',
        'id = "b"\ntype = "promise"',
    )
    assert sorted(f.rule_id for f in found("We guarantee it.", persona)) == ["a", "b"]
