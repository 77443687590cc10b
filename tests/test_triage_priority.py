"""Priority: terms that add up to the score, the step-shaped time term, ordering, explain."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.records import Author, Mention, Platform
from triage import (
    Due,
    MentionClass,
    PriorityTerm,
    base_priority,
    default_sla_policy,
    due,
    explain,
    priority,
    rescore_at,
    score_at,
    triage_mention,
)

C = MentionClass
T0 = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)


def complaint_due(created: datetime = T0) -> Due:
    return due(created, C.COMPLAINT, Platform.MASTODON, default_sla_policy())


def labels(terms: tuple[PriorityTerm, ...]) -> list[str]:
    return [str(t) for t in terms]


def test_base_terms_read_like_the_explanation() -> None:
    p = base_priority(C.COMPLAINT, -0.62, 12_000, 2)
    assert labels(p.terms) == [
        "complaint +40",
        "negative tone (\u22120.62) +9.3",
        "author has 2 other open items +10",
        "12 k followers +6.1",
    ]
    assert p.score == 65.4


def test_quiet_terms_are_left_out() -> None:
    p = base_priority(C.QUESTION, 0.4, 3, 0)
    assert labels(p.terms) == ["question +25"]


def test_repeat_contact_and_reach_are_capped() -> None:
    p = base_priority(C.OTHER, 0.0, 10**9, 50)
    assert labels(p.terms)[1:] == ["author has 50 other open items +20", "1000 M followers +12"]


def test_spam_sinks() -> None:
    p = base_priority(C.SPAM, -1.0, 10**6, 5)
    assert labels(p.terms) == ["spam -100"]
    assert p.score < base_priority(C.OTHER, 0.5, 0, 0).score


def test_overdue_term_matches_the_issue_example() -> None:
    d = complaint_due()
    p = priority(C.COMPLAINT, 0.0, 0, 0, d, T0 + timedelta(hours=3, minutes=10))
    assert labels(p.terms) == ["complaint +40", "2 h 10 min past the 1 h SLA +35"]


def test_at_risk_term_and_nothing_before_it() -> None:
    d = complaint_due()
    assert labels(priority(C.COMPLAINT, 0.0, 0, 0, d, T0 + timedelta(minutes=30)).terms) == [
        "complaint +40"
    ]
    at_risk = priority(C.COMPLAINT, 0.0, 0, 0, d, T0 + timedelta(minutes=45))
    assert labels(at_risk.terms)[-1] == "due in 15 min (1 h SLA) +15"


def test_ordering_overdue_complaints_first_spam_last() -> None:
    now = T0 + 5 * HOUR
    policy = default_sla_policy()

    def score(cls: MentionClass, created: datetime, sentiment: float = 0.0) -> float:
        d = due(created, cls, Platform.MASTODON, policy)
        return priority(cls, sentiment, 100, 0, d, now).score

    overdue_complaint = score(C.COMPLAINT, T0)
    fresh_complaint = score(C.COMPLAINT, now - timedelta(minutes=5), -0.3)
    overdue_question = score(C.QUESTION, T0 - 3 * HOUR)
    overdue_praise = score(C.PRAISE, T0 - 30 * HOUR, 0.9)
    fresh_other = score(C.OTHER, now)
    spam = score(C.SPAM, T0 - 100 * HOUR)
    assert overdue_complaint > overdue_question > fresh_complaint > overdue_praise > fresh_other
    assert fresh_other > spam


def test_rescore_at_walks_through_the_steps() -> None:
    d = complaint_due()
    assert d.at_risk_at is not None and d.due_at is not None
    assert rescore_at(C.COMPLAINT, d, T0) == d.at_risk_at
    assert rescore_at(C.COMPLAINT, d, d.at_risk_at) == d.due_at
    assert rescore_at(C.COMPLAINT, d, d.due_at + timedelta(minutes=5)) == d.due_at + HOUR
    assert rescore_at(C.COMPLAINT, d, d.due_at + 12 * HOUR) is None
    assert rescore_at(C.SPAM, due(T0, C.SPAM, Platform.MASTODON, default_sla_policy()), T0) is None


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from([C.COMPLAINT, C.QUESTION, C.PRAISE, C.OTHER]),
    st.integers(min_value=0, max_value=20 * 3600),
    st.integers(min_value=0, max_value=20 * 3600),
)
def test_the_score_only_changes_at_rescore_at(cls: MentionClass, a: int, b: int) -> None:
    d = due(T0, cls, Platform.MASTODON, default_sla_policy())
    now = T0 + timedelta(seconds=min(a, b))
    later = T0 + timedelta(seconds=max(a, b))
    step = rescore_at(cls, d, now)
    score_now = priority(cls, -0.2, 500, 1, d, now).score
    if step is None or later < step:
        assert priority(cls, -0.2, 500, 1, d, later).score == score_now
    else:
        assert priority(cls, -0.2, 500, 1, d, step).score != score_now


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(list(C)),
    st.floats(min_value=-1, max_value=1),
    st.integers(min_value=0, max_value=10**7),
    st.integers(min_value=0, max_value=10),
    st.integers(min_value=0, max_value=40 * 3600),
)
def test_score_at_equals_priority(
    cls: MentionClass, sentiment: float, followers: int, other_open: int, seconds: int
) -> None:
    d = due(T0, cls, Platform.MASTODON, default_sla_policy())
    now = T0 + timedelta(seconds=seconds)
    base = base_priority(cls, sentiment, followers, other_open)
    full = priority(cls, sentiment, followers, other_open, d, now)
    assert score_at(base.score, cls, d, now) == pytest.approx(full.score, abs=0.05)
    assert full.score == pytest.approx(sum(t.points for t in full.terms), abs=0.05)


def mention(text: str, followers: int = 12_000) -> Mention:
    author = Author(remote_id="a1", handle="@sam@example.social", followers=followers)
    return Mention(
        account_id="demo:mastodon",
        remote_id="m1",
        platform=Platform.MASTODON,
        author=author,
        text=text,
        created_at=T0,
    )


def test_triage_mention_and_explain() -> None:
    now = T0 + timedelta(hours=3, minutes=10)
    t = triage_mention(mention("I want a refund, the kettle arrived broken 😡"), now, other_open=2)
    assert t.classification.cls is C.COMPLAINT
    lines = explain(t, now)
    assert lines[0] == "class: complaint"
    assert "  contains 'refund' (complaint cue)" in lines
    assert "SLA: complaint: 1 h" in lines
    assert "  overdue by 2 h 10 min (due Mon 02 Mar 13:00 UTC)" in lines
    assert lines[lines.index(f"priority: {t.priority.score:g}") + 1] == "  complaint +40"
    assert "  author has 2 other open items +10" in lines
    assert "  2 h 10 min past the 1 h SLA +35" in lines


def test_explain_for_spam_and_for_an_item_not_yet_due() -> None:
    spam = triage_mention(mention("free robux free robux free robux https://a.click"), T0)
    assert "  no due time" in explain(spam, T0)
    praise = triage_mention(mention("thank you, brilliant service"), T0)
    assert "  due in 1 d (Tue 03 Mar 12:00 UTC)" in explain(praise, T0)
