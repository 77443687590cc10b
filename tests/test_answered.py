"""The words and the ask-once rule for a second reply to an answered mention."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from adapters.records import Author, Mention, Platform
from store import MentionState, StoredMention
from tui.answered import SecondReplyGuard, answered_text

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def mention(
    mention_id: int = 1, *, answered: timedelta | None = None, by: str = ""
) -> StoredMention:
    author = Author("a1", "@ana@x.social", "Ana")
    return StoredMention(
        id=mention_id,
        mention=Mention("acct", f"r{mention_id}", Platform.MASTODON, author, "hi", NOW),
        cls="question",
        cls_source="auto",
        sentiment=0.0,
        reasons=(),
        sla_rule="",
        due_at=None,
        priority=1.0,
        state=MentionState.DONE if answered else MentionState.NEW,
        snooze_until=None,
        answered_at=NOW - answered if answered is not None else None,
        answered_by=by,
        gone=False,
    )


def test_the_note_says_who_answered_and_how_long_ago() -> None:
    assert answered_text(mention(), NOW) is None
    answered = mention(answered=timedelta(minutes=12), by="@brand")
    assert answered_text(answered, NOW) == "already answered by @brand 12 min ago"
    assert answered_text(replace(answered, answered_at=NOW), NOW) == (
        "already answered by @brand just now"
    )
    # A name with control characters stays one inert line; no name, no "by".
    odd = mention(answered=timedelta(hours=3), by="@brand\x1b[31m\nx")
    assert "\x1b" not in (answered_text(odd, NOW) or "") and "\n" not in (
        answered_text(odd, NOW) or ""
    )
    assert answered_text(mention(answered=timedelta(hours=3)), NOW) == "already answered 3 h ago"


def test_a_second_reply_goes_through_only_when_asked_twice_for_the_same_mention() -> None:
    guard = SecondReplyGuard()
    assert guard.allows(mention(1))  # nobody answered: no question
    first, other = mention(1, answered=timedelta(minutes=5)), mention(2, answered=timedelta(1))
    assert not guard.allows(first)
    assert not guard.allows(other)  # another mention: asked again, for that one
    assert guard.allows(other)
    assert not guard.allows(other)  # one confirmation, one reply
    assert not guard.allows(first)
    assert guard.allows(first)
