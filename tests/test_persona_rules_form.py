"""Form rules: ALL-CAPS words, exclamation marks, emoji and hashtags."""

from __future__ import annotations

from persona import apply_fix
from tests.test_persona_support import found, persona_with, spans

CAPS = 'id = "caps"\ntype = "caps"\nallow = ["NASA"]'


def test_shouted_words_are_flagged_and_fixed_to_normal_case() -> None:
    persona = persona_with(CAPS)
    draft = "WE are on it. This is NOT okay."
    result = found(draft, persona)
    assert spans(draft, result) == ["WE", "NOT"]
    assert [f.fix for f in result] == ["We", "not"]
    assert apply_fix(draft, result[1]) == "WE are on it. This is not okay."


def test_acronyms_codes_links_and_single_letters_are_not_shouting() -> None:
    persona = persona_with(CAPS)
    draft = "I sent a DM about order FB-20931 via UPS, NASA approved. https://x.example/ABC @SAM"
    assert found(draft, persona) == []


def test_exclamation_marks_past_the_maximum_are_toned_down() -> None:
    persona = persona_with('id = "bang"\ntype = "exclamation"\nmax = 1')
    draft = "Thanks! Enjoy!!!"
    [finding] = found(draft, persona)
    assert spans(draft, [finding]) == ["!!!"]
    assert apply_fix(draft, finding) == "Thanks! Enjoy."
    assert "(4; at most 1)" in finding.message
    assert found("Thanks! Enjoy.", persona) == []


def test_a_single_run_keeps_as_many_marks_as_allowed() -> None:
    persona = persona_with('id = "bang"\ntype = "exclamation"\nmax = 1')
    draft = "Wow!!!"
    assert apply_fix(draft, found(draft, persona)[0]) == "Wow!"


def test_emoji_past_the_maximum_are_deleted_and_a_zwj_family_counts_once() -> None:
    persona = persona_with('id = "emoji"\ntype = "emoji"\nmax = 1')
    family = "👨\u200d👩\u200d👧\u200d👦"
    assert found(f"For the whole {family} family.", persona) == []
    draft = "Enjoy ☕ and ✨ soon"
    [finding] = found(draft, persona)
    assert apply_fix(draft, finding) == "Enjoy ☕ and soon"
    assert found("© 2025 Fernbrook™", persona) == []


def test_hashtags_past_the_maximum_lose_their_hash() -> None:
    persona = persona_with('id = "tags"\ntype = "hashtag"\nmax = 1')
    draft = "Fresh #coffee for #mondays"
    [finding] = found(draft, persona)
    assert spans(draft, [finding]) == ["#mondays"]
    assert apply_fix(draft, finding) == "Fresh #coffee for mondays"
    assert found("Order #12345 and https://x.example/#top and #coffee", persona) == []
