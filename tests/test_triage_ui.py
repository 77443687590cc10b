"""Triage in the app: the explanation (x), the one-key class correction (c), the spam tab, the
header's at-risk and overdue counts, row urgency in business time, and how cue spans survive
cleaning of hostile text."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from textual.content import Content
from textual.widgets import Static

from adapters.records import Author, Mention, Platform
from store import MentionState, StoredMention
from sync.pull import pull_account
from tests.conftest import FakeClock
from tests.pilot_helpers import SIZE, demo_app, wait_for, wait_ready
from triage import Cue, MentionClass, Urgency, classify, due, sla_policy_from_config
from tui.format import due_text, urgency_of
from tui.screens.class_picker import ClassPicker
from tui.screens.explain import ExplainScreen, highlight
from tui.widgets.queue import QueueList
from tui.widgets.status import StatusBar


def span_texts(content: Content) -> list[str]:
    return [content.plain[s.start : s.end] for s in content.spans]


async def test_x_explains_with_highlighted_cues_and_priority_terms(
    home: Path, clock: FakeClock
) -> None:
    app = demo_app(home, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_ready(pilot)
        item = screen.query_one(QueueList).items[screen.query_one(QueueList).current_id or 0]
        await pilot.press("x")
        await wait_for(pilot, lambda: isinstance(app.screen, ExplainScreen))
        explain = app.screen
        assert isinstance(explain, ExplainScreen)
        text = explain.query_one("#explain-text", Static).content
        assert isinstance(text, Content)
        assert text.plain.strip() == item.mention.text.strip()
        cues = classify(item.mention.text).cues
        assert cues and set(span_texts(text)) == {item.mention.text[c.start : c.end] for c in cues}
        terms = explain.explanation.priority.terms
        assert terms[0].label == item.cls
        shown = explain.query_one("#explain-priority", Static).content
        assert isinstance(shown, Content)
        assert all(term.label in shown.plain for term in terms)
        assert f"{terms[0].points:+g}" in shown.plain
        sla = explain.query_one("#explain-sla", Static).content
        assert isinstance(sla, Content) and item.sla_rule in sla.plain
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen)


async def test_c_corrects_reranks_audits_and_survives_a_repull(
    home: Path, clock: FakeClock
) -> None:
    app = demo_app(home, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_ready(pilot)
        queue = screen.query_one(QueueList)
        target = queue.current_id
        assert target is not None and queue.items[target].cls == "complaint"
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, ClassPicker))
        await pilot.press("3")  # praise
        store = app.profile.store

        def corrected() -> StoredMention | None:
            item = queue.items.get(target)
            return item if item is not None and item.cls == "praise" else None

        await wait_for(pilot, lambda: corrected() is not None)
        assert queue.current_id == target  # the cursor follows it to its new rank
        assert list(queue.items).index(target) > 0  # a praise no longer leads
        stored = store.get_mention(target)
        assert stored is not None and (stored.cls_source, stored.cls_auto) == ("human", "complaint")
        assert ("class", "praise") in [(a, d.get("to")) for a, d in store.audit_trail(target)]
        for adapter in app.adapters.values():  # a full re-pull from the network's start
            store.save_cursor(adapter.account.id, None)
            await pull_account(adapter, store, app.profile.triage)
        again = store.get_mention(target)
        assert again is not None and again.cls == "praise" and again.due_at == stored.due_at


async def test_explain_then_c_opens_the_picker_and_esc_keeps_the_class(
    home: Path, clock: FakeClock
) -> None:
    app = demo_app(home, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_ready(pilot)
        target = screen.query_one(QueueList).current_id or 0
        await pilot.press("x")
        await wait_for(pilot, lambda: isinstance(app.screen, ExplainScreen))
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, ClassPicker))
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen)
        stored = app.profile.store.get_mention(target)
        assert stored is not None and stored.cls_source == "auto"


async def test_spam_tab_shows_only_spam_and_the_header_counts(home: Path, clock: FakeClock) -> None:
    app = demo_app(home, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_ready(pilot)
        queue = screen.query_one(QueueList)
        counts = app.profile.store.counts(clock())
        status = screen.query_one(StatusBar)
        assert (status.open_count, status.at_risk_count, status.overdue_count) == (
            counts.open,
            counts.at_risk,
            counts.overdue,
        )
        assert counts.spam > 0 and counts.at_risk > 0
        ids = {row[2] for row in app.binding_rows(app.screen)}
        assert {"mention.explain", "mention.correct", "queue.next_tab"} <= ids
        assert "spam" not in {i.cls for i in queue.items.values()}
        assert f" 1 Inbox {counts.open} " in screen.bar.plain
        await pilot.press("9")
        await wait_for(pilot, lambda: queue.option_count == counts.spam)
        assert f" 9 Spam {counts.spam} " in screen.bar.plain
        assert {i.cls for i in queue.items.values()} == {"spam"}
        await pilot.press("right_square_bracket", "right_square_bracket")  # All, then Inbox
        await wait_for(
            pilot,
            lambda: queue.option_count and "spam" not in {i.cls for i in queue.items.values()},
        )
        at_risk = [i for i in queue.items.values() if urgency_of(i, clock()) is Urgency.AT_RISK]
        assert at_risk and all(
            "$warning" in str(due_text(i, clock()).spans[0].style) for i in at_risk
        )


def test_cue_spans_follow_cleaning_or_are_dropped() -> None:
    text = "\x1b[31mwhere is my\x1b[0m\tREFUND\x07 now"
    cues = (
        Cue(MentionClass.COMPLAINT, "complaint cue", text.index("where"), text.index("\x1b[0m")),
        Cue(MentionClass.COMPLAINT, "complaint cue", text.index("REFUND"), text.index("\x07")),
        Cue(MentionClass.COMPLAINT, "torn", text.index("[31m"), text.index("where") + 2),
        Cue(MentionClass.COMPLAINT, "complaint cue", text.index("REFUND"), text.index("\x07")),
    )
    content, placed = highlight(text, cues)
    assert content.plain == "where is my    REFUND now"
    assert "\x1b" not in content.plain and "\x07" not in content.plain
    assert span_texts(content) == ["where is my", "REFUND"]
    assert [words for _, words in placed] == ["where is my", "REFUND"]


def test_row_urgency_follows_business_hours_not_the_wall_clock() -> None:
    hours = {"business_hours": {"timezone": "UTC", "mon-fri": "09:00-17:00"}}
    policy = sla_policy_from_config(hours, Path("config.toml"))
    friday = datetime(2026, 11, 20, 16, 30, tzinfo=UTC)
    d = due(friday, MentionClass.COMPLAINT, Platform.MASTODON, policy)
    assert d.due_at == datetime(2026, 11, 23, 9, 30, tzinfo=UTC)  # Monday
    author = Author("a", "@a@x.social", "", 0)
    item = StoredMention(
        id=1,
        mention=Mention("acct", "r1", Platform.MASTODON, author, "where is my refund", friday),
        cls="complaint",
        cls_source="auto",
        sentiment=0.0,
        reasons=(),
        sla_rule=d.rule,
        due_at=d.due_at,
        priority=40.0,
        state=MentionState.NEW,
        snooze_until=None,
        answered_at=None,
        answered_by="",
        gone=False,
        at_risk_at=d.at_risk_at,
    )
    monday_9 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # 99 % of the wall-clock wait
    assert urgency_of(item, monday_9) is Urgency.OK
    assert "$text-muted" in str(due_text(item, monday_9).spans[0].style)
    assert urgency_of(item, monday_9 + timedelta(minutes=20)) is Urgency.AT_RISK
    assert urgency_of(item, monday_9 + timedelta(minutes=30)) is Urgency.OVERDUE
