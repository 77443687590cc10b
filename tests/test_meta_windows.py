"""Reply windows: the words the queue shows, the ranking bonus and the reason a send is refused."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from pathlib import Path

from adapters.records import Author, Mention, MentionKind, Platform, Visibility
from adapters.reply_window import (
    WINDOW_KEY,
    WINDOW_RULE_KEY,
    closed_reason,
    describe_window,
    window_closes,
    window_open,
)
from store import open_store
from sync.pull import pull_account
from sync.triaging import TriageSettings, triage_fields
from tests.conftest import FakeClock
from tests.test_meta_pull import ACCOUNT
from tests.test_meta_send import pulled
from triage.window import WINDOW_POINTS, window_term
from tui.format import queue_row

NOW = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)


def dm(closes: datetime | None, text: str = "where is my order?") -> Mention:
    meta = {WINDOW_RULE_KEY: "Meta lets a Page answer within 24 hours of the person's last message"}
    if closes is not None:
        meta[WINDOW_KEY] = closes.isoformat()
    return Mention(
        ACCOUNT.id,
        "m_1",
        Platform.FACEBOOK,
        Author("42", "Ana", "Ana"),
        text,
        NOW - timedelta(hours=21),
        kind=MentionKind.DIRECT,
        visibility=Visibility.DIRECT,
        meta=meta,
    )


def test_window_words() -> None:
    assert describe_window(dm(NOW + timedelta(hours=3)), NOW) == "window closes in 3 h"
    assert describe_window(dm(NOW + timedelta(minutes=20)), NOW) == "window closes in 20 min"
    assert describe_window(dm(NOW - timedelta(hours=2)), NOW) == "window closed 2 h ago"
    assert describe_window(dm(None), NOW) == ""
    assert window_open(dm(None), NOW) and not window_open(dm(NOW), NOW)
    broken = dataclasses.replace(dm(None), meta={WINDOW_KEY: "soon"})
    assert window_closes(broken) is None and window_open(broken, NOW)


def test_a_closed_window_gives_its_reason() -> None:
    assert closed_reason(dm(NOW + timedelta(hours=1)), NOW) == ""
    assert closed_reason(dm(NOW - timedelta(hours=6)), NOW) == (
        "The reply window closed 6 h ago: Meta lets a Page answer within 24 hours of the "
        "person's last message."
    )


def test_the_window_term_counts_only_before_the_sla() -> None:
    due = NOW + timedelta(hours=4)
    term = window_term(NOW + timedelta(hours=3), due)
    assert term is not None and str(term) == "reply window closes 1 h before the SLA +20"
    assert window_term(NOW + timedelta(hours=5), due) is None
    assert window_term(None, due) is None
    assert window_term(NOW, None) is not None


def test_a_window_closing_before_the_sla_ranks_higher_and_says_why() -> None:
    plain = triage_fields(dm(None), TriageSettings(), 0)
    assert plain.due_at is not None
    closing = triage_fields(dm(plain.due_at - timedelta(hours=1)), TriageSettings(), 0)
    assert closing.priority == plain.priority + WINDOW_POINTS
    assert closing.reasons[0] == "reply window closes 1 h before the SLA"
    late = triage_fields(dm(plain.due_at + timedelta(hours=1)), TriageSettings(), 0)
    assert late.priority == plain.priority


async def test_the_queue_shows_open_and_closed_windows(clock: FakeClock, tmp_path: Path) -> None:
    _, meta, _ = await pulled(clock)
    store = open_store(tmp_path / "rd.db", clock)
    store.save_account(ACCOUNT)
    await pull_account(meta, store, TriageSettings())
    rows = [queue_row(i, clock(), "").plain for i in store.queue(clock())]
    assert sum("window closes in 21 h" in r for r in rows) == 2  # the two open messages
    assert sum("window closed 6 h ago" in r for r in rows) == 1
    assert sum("window" in r for r in rows) == 3  # comments have no window
