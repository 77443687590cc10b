"""What a reply must contain and how it reads: required, sentiment, length, readability,
greeting, sign-off, address."""

from __future__ import annotations

import pytest

from adapters.records import Platform
from persona import apply_fix
from tests.test_persona_support import ctx, found, persona_with, spans

APOLOGY = 'id = "empathy"\ntype = "required"\nelement = "apology"\nsuggestion = "I\'m sorry."'
NEXT_STEP = (
    'id = "next"\ntype = "required"\nelement = "next_step"\nposition = "end"\n'
    'suggestion = "Please DM us."'
)


def test_complaint_reply_without_apology_gets_one_inserted_after_the_greeting() -> None:
    persona = persona_with(APOLOGY)
    draft = "@sam Hi Sam, the beans left today.\n— Test team"
    [finding] = found(draft, persona, ctx("complaint"))
    assert finding.rule_id == "empathy"
    assert finding.start == finding.end == draft.index("the beans")
    assert apply_fix(draft, finding) == "@sam Hi Sam, I'm sorry. the beans left today.\n— Test team"


def test_complaint_reply_with_apology_or_other_class_passes() -> None:
    persona = persona_with(APOLOGY)
    assert found("Hi Sam, that sounds frustrating.", persona, ctx("complaint")) == []
    assert found("Hi Sam, we’re SORRY.", persona, ctx("complaint")) == []
    # The element's default class is complaint: a question reply is not asked to apologise.
    assert found("Hi Sam, the beans left today.", persona, ctx("question")) == []


def test_missing_next_step_is_inserted_before_the_sign_off() -> None:
    persona = persona_with(NEXT_STEP)
    draft = "Hi Sam, sorry about that.\n— Test team"
    [finding] = found(draft, persona, ctx("complaint"))
    assert apply_fix(draft, finding) == "Hi Sam, sorry about that. Please DM us.\n— Test team"
    assert found("Sorry! We'll send a new bag.", persona, ctx("complaint")) == []
    assert found("Sorry! Tracking: https://fernbrook.example/t", persona, ctx("complaint")) == []


def test_praise_reply_must_thank() -> None:
    persona = persona_with('id = "thanks"\ntype = "required"\nelement = "thanks"')
    [finding] = found("Glad you like it.", persona, ctx("praise"))
    assert finding.fix is None  # no suggestion configured, so nothing to insert
    assert "Thank" in finding.message
    assert found("Thanks so much!", persona, ctx("praise")) == []


def test_question_reply_must_answer_or_point_somewhere() -> None:
    persona = persona_with('id = "answer"\ntype = "required"\nelement = "answer"')
    assert len(found("Hmm, good point.", persona, ctx("question"))) == 1
    assert found("Yes, every Tuesday.", persona, ctx("question")) == []
    assert found("Details: https://help.fernbrook.example/faq", persona, ctx("question")) == []


def test_custom_required_element_with_own_phrases_applies_to_every_class() -> None:
    persona = persona_with('id = "we"\ntype = "required"\nany_of = ["we"]')
    assert len(found("I did it.", persona, ctx("other"))) == 1
    assert found("We did it.", persona, ctx(None)) == []


COMPLAINT_TONE = 'id = "tone"\ntype = "sentiment"\nclasses = ["complaint"]\nmin = -0.05'


def test_negative_reply_to_a_complaint_is_flagged_on_its_worst_sentence() -> None:
    persona = persona_with(COMPLAINT_TONE)
    draft = "We checked your order. This is a terrible, awful, stupid complaint."
    [finding] = found(draft, persona, ctx("complaint"))
    assert draft[finding.start : finding.end] == "This is a terrible, awful, stupid complaint."
    assert "too negative" in finding.message


def test_empathy_words_do_not_count_as_negative_tone() -> None:
    persona = persona_with(COMPLAINT_TONE)
    draft = "Hi Sam, that sounds frustrating and we're sorry. We'll send a new bag today."
    assert found(draft, persona, ctx("complaint")) == []
    # Out of its class the rule does not run at all.
    assert found("This is terrible and awful.", persona, ctx("praise")) == []


def test_praise_reply_must_be_warm_enough() -> None:
    persona = persona_with('id = "warm"\ntype = "sentiment"\nclasses = ["praise"]\nmin = 0.3')
    assert len(found("Noted.", persona, ctx("praise"))) == 1
    assert found("Thank you, we love hearing this!", persona, ctx("praise")) == []


def test_preferred_length_is_a_warning_on_the_part_past_the_maximum() -> None:
    persona = persona_with('id = "short"\ntype = "length"\nmax = 30')
    draft = "x" * 25 + " https://fernbrook.example/a/very/long/path/indeed"
    [finding] = found(draft, persona)
    # 25 + 1 + 23 (a link counts 23 on Mastodon) = 49 > 30: the overflow starts at the link.
    assert finding.severity == "warning"
    assert finding.start == 26
    assert "49/30" in finding.message
    assert found("x" * 30, persona) == []


def test_preferred_length_counts_graphemes_on_bluesky() -> None:
    persona = persona_with('id = "short"\ntype = "length"\nmax = 3')
    family = "👨\u200d👩\u200d👧\u200d👦"
    assert found(family * 3, persona, ctx(platform=Platform.BLUESKY)) == []
    assert len(found(family * 4, persona, ctx(platform=Platform.BLUESKY))) == 1


READABLE = 'id = "grade"\ntype = "readability"\nmax_grade = 8\nmin_words = 10'


def test_hard_reading_is_flagged_on_the_longest_sentence() -> None:
    persona = persona_with(READABLE)
    draft = (
        "Hi. Notwithstanding considerable organisational complications, our distribution "
        "infrastructure experienced unprecedented operational inefficiencies yesterday."
    )
    [finding] = found(draft, persona)
    assert draft[finding.start : finding.end].startswith("Notwithstanding")
    assert "above 8" in finding.message


def test_plain_or_short_text_is_not_graded() -> None:
    persona = persona_with(READABLE)
    plain = "Hi Sam. Your bag left today. It will be with you soon. Enjoy the beans."
    assert found(plain, persona) == []
    assert found("Notwithstanding considerable complications.", persona) == []


GREETING = 'id = "hi"\ntype = "greeting"'


def test_missing_greeting_is_inserted_after_the_mentions() -> None:
    persona = persona_with(GREETING)
    draft = "@sam@example.social thanks for writing."
    [finding] = found(draft, persona, ctx(author_name="Sam Rivera"))
    assert apply_fix(draft, finding) == "@sam@example.social Hi Sam, thanks for writing."


@pytest.mark.parametrize("draft", ["Hi Sam, thanks.", "@sam hi there", "HI! All good."])
def test_greeting_present_passes(draft: str) -> None:
    assert found(draft, persona_with(GREETING)) == []


def test_missing_sign_off_is_appended() -> None:
    persona = persona_with('id = "bye"\ntype = "sign_off"')
    draft = "Hi Sam, all sorted.  "
    [finding] = found(draft, persona)
    assert apply_fix(draft, finding) == "Hi Sam, all sorted.\n— Test team  "
    assert found("Hi Sam, all sorted.\n- test team\n", persona) == []


ADDRESS = 'id = "address"\ntype = "address"\nplatforms = ["mastodon"]'


def test_reply_must_address_the_author_by_handle_or_name() -> None:
    persona = persona_with(ADDRESS)
    context = ctx(author_handle="@sam@example.social", author_name="Sam Rivera")
    [finding] = found("Thanks for writing!", persona, context)
    assert apply_fix("Thanks!", finding) == "@sam@example.social Thanks!"
    assert spans("Thanks!", [finding]) == [""]
    for ok in ("@sam@example.social thanks", "@Sam thanks", "Thanks, Sam!"):
        assert found(ok, persona, context) == [], ok


def test_address_rule_skips_other_platforms_and_unknown_authors() -> None:
    persona = persona_with(ADDRESS)
    bluesky = ctx(platform=Platform.BLUESKY, author_handle="sam.bsky.social")
    assert found("Thanks for writing!", persona, bluesky) == []
    assert found("Thanks for writing!", persona, ctx()) == []
