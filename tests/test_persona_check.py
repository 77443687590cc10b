"""The checker's public surface: check, apply_fix, has_errors, templates, the demo persona."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.records import Platform
from persona import (
    PLATFORM_RULE_ID,
    Finding,
    Severity,
    apply_fix,
    check,
    demo_persona_path,
    has_errors,
    load_persona,
    render_template,
    template_variables,
)
from tests.test_persona_support import ctx, persona_with


def test_without_a_persona_only_the_platform_length_rule_runs() -> None:
    assert check("Unfortunately, per our policy!!!", None, ctx()) == ()
    [finding] = check("x" * 501, None, ctx())
    assert finding.rule_id == PLATFORM_RULE_ID and finding.severity is Severity.ERROR


def test_the_platform_length_rule_runs_with_a_persona_too() -> None:
    persona = persona_with('id = "e"\ntype = "emoji"')
    assert [f.rule_id for f in check("x" * 301, persona, ctx(platform=Platform.BLUESKY))] == [
        PLATFORM_RULE_ID
    ]


def test_findings_are_sorted_by_position() -> None:
    persona = load_persona(demo_persona_path())
    draft = "unfortunately WE guarantee it per our policy!!! #coffee {name}"
    findings = check(draft, persona, ctx("complaint", author_handle="@sam@x.example"))
    starts = [(f.start, f.end) for f in findings]
    assert starts == sorted(starts)
    assert {"plain-words", "no-shouting", "no-promises", "no-policy-speak"} <= {
        f.rule_id for f in findings
    }


def test_has_errors_only_counts_errors() -> None:
    warning = Finding("w", Severity.WARNING, "m", 0, 0)
    error = Finding("e", Severity.ERROR, "m", 0, 0)
    assert not has_errors([warning, Finding("i", Severity.INFO, "m", 0, 0)])
    assert has_errors(iter([warning, error]))
    assert not has_errors([])


def test_apply_fix_replaces_deletes_and_inserts() -> None:
    draft = "Hello there world"
    assert apply_fix(draft, Finding("r", Severity.INFO, "m", 6, 11, "you")) == "Hello you world"
    assert apply_fix(draft, Finding("r", Severity.INFO, "m", 5, 11, "")) == "Hello world"
    assert apply_fix(draft, Finding("r", Severity.INFO, "m", 0, 0, "Hi! ")) == "Hi! " + draft


def test_apply_fix_refuses_findings_without_fix_or_outside_the_draft() -> None:
    with pytest.raises(ValueError, match="no fix"):
        apply_fix("abc", Finding("r", Severity.INFO, "m", 0, 1))
    with pytest.raises(ValueError, match="outside"):
        apply_fix("abc", Finding("r", Severity.INFO, "m", 2, 9, "x"))


def test_accepting_every_fix_one_by_one_settles_the_draft() -> None:
    persona = load_persona(demo_persona_path())
    context = ctx("complaint", author_handle="@sam@example.social", author_name="Sam Rivera")
    draft = "unfortunately the AEROPRESS broke!!! 😀😀 #sad"
    for _ in range(20):  # bounded: each round applies one fix
        fixable = [f for f in check(draft, persona, context) if f.fix is not None]
        if not fixable:
            break
        draft = apply_fix(draft, fixable[0])
    else:
        pytest.fail(f"fixes did not settle: {draft!r}")
    assert draft.startswith("@sam@example.social Hi Sam, ")
    assert "I'm sorry" in draft and "AeroPress" in draft and "#" not in draft
    assert draft.endswith("— Fernbrook team")
    assert not has_errors(check(draft, persona, context))


def test_render_template_fills_known_and_keeps_unknown_placeholders() -> None:
    values = {"name": "Sam", "agent": "Priya", "author": "@sam"}
    assert render_template("Hi {name}, {agent} here ({ author })", values) == (
        "Hi Sam, Priya here (@sam)"
    )
    assert render_template("Hi {name} {order}", {"name": "Sam"}) == "Hi Sam {order}"
    # A value is never scanned again for placeholders.
    assert render_template("Hi {name}", {"name": "{agent}", "agent": "x"}) == "Hi {agent}"


def test_template_variables_leave_out_unknown_facts() -> None:
    full = template_variables(
        ctx(author_handle="sam@example.social", author_name="Sam Rivera", agent="Priya")
    )
    assert full == {"author": "@sam@example.social", "name": "Sam", "agent": "Priya"}
    assert template_variables(ctx()) == {}


SAVED_REPLY_CLASSES = {
    "Late order": "complaint",
    "Damaged bag": "complaint",
    "Thanks for the love": "praise",
    "Grind sizes": "question",
    "Handing over": "complaint",
}


@pytest.mark.parametrize("platform", [Platform.MASTODON, Platform.BLUESKY])
def test_demo_saved_replies_pass_the_demo_persona_once_filled(platform: Platform) -> None:
    persona = load_persona(demo_persona_path())
    assert {reply.name for reply in persona.saved_replies} == set(SAVED_REPLY_CLASSES)
    for reply in persona.saved_replies:
        context = ctx(
            SAVED_REPLY_CLASSES[reply.name],
            platform,
            author_handle="sam@example.social",
            author_name="Sam Rivera",
            agent="Priya",
        )
        prefix = "@sam@example.social " if platform is Platform.MASTODON else ""
        draft = prefix + render_template(reply.text, template_variables(context))
        findings = check(draft, persona, context)
        assert [f for f in findings if f.severity is not Severity.INFO] == [], reply.name


def test_unfilled_saved_reply_is_blocked_by_the_placeholder_rule() -> None:
    persona = load_persona(demo_persona_path())
    [reply] = [r for r in persona.saved_replies if r.name == "Handing over"]
    draft = render_template(reply.text, {"name": "Sam"})  # no agent known
    findings = check(draft, persona, ctx("complaint"))
    assert has_errors(findings)
    assert any(draft[f.start : f.end] == "{agent}" for f in findings)


_DEMO = load_persona(demo_persona_path())
_RULE_VARIABLES = (
    "match", "count", "max", "min", "score", "direction", "replacement", "term", "grade",
    "used", "unit", "what", "host", "allowed", "element", "author",
)  # fmt: skip
_WORDS = st.sampled_from(
    ["Hi", "sorry", "UNFORTUNATELY", "per our policy", "!!", "😀", "#tag", "{name}", "@sam",
     "https://evil.example/x", "sam@x.example", "+44 20 7946 0958", "order #12345", "\n", " "]
)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.one_of(_WORDS, st.text(max_size=8)), max_size=40).map(" ".join),
    st.sampled_from([None, "complaint", "question", "praise"]),
    st.sampled_from(list(Platform)),
)
def test_any_draft_gives_findings_inside_it_whose_fixes_apply(
    draft: str, mention_class: str | None, platform: Platform
) -> None:
    context = ctx(mention_class, platform, author_handle="@sam@x.example", author_name="Sam")
    findings = check(draft, _DEMO, context)
    positions = [(f.start, f.end) for f in findings]
    assert positions == sorted(positions)
    for finding in findings:
        assert 0 <= finding.start <= finding.end <= len(draft)
        if finding.rule_id != "placeholders":  # its message quotes the draft's own braces
            assert not any(f"{{{var}}}" in finding.message for var in _RULE_VARIABLES)
        if finding.fix is not None:
            assert isinstance(apply_fix(draft, finding), str)
