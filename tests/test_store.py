"""The SQLite working copy: schema, upserts, the queue, states, undo, drafts, outbox."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from adapters.errors import ConfigError
from adapters.records import Account, Author, Mention, Platform, SentReply
from store import MentionState, OutboxStatus, Store, open_store
from store.mentions import TriageFields
from store.outbox import AlreadyQueued
from store.schema import SCHEMA_VERSION
from tests.conftest import FROZEN, FakeClock


def mention(n: int, *, author: str = "a1", hours_ago: float = 1.0, text: str = "hi") -> Mention:
    return Mention(
        account_id="acct",
        remote_id=f"r{n}",
        platform=Platform.MASTODON,
        author=Author(author, f"@{author}@x.social", "Some One", 10),
        text=text,
        created_at=FROZEN - timedelta(hours=hours_ago),
    )


def fields(
    cls: str = "complaint", *, due_in_hours: float = 1.0, priority: float = 40.0
) -> TriageFields:
    return TriageFields(
        cls=cls,
        sentiment=-0.5,
        reasons=("contains 'refund'",),
        sla_rule="complaint: 1 h",
        due_at=FROZEN + timedelta(hours=due_in_hours),
        priority=priority,
    )


@pytest.mark.sqlite_only("checks the SQLite file's journal")
def test_new_file_is_migrated_to_wal(store: Store) -> None:
    assert store.scalar("PRAGMA user_version") == SCHEMA_VERSION
    assert store.scalar("PRAGMA journal_mode") == "wal"


def test_reopen_keeps_data(tmp_path: Path, clock: FakeClock) -> None:
    first = open_store(tmp_path / "rd.db", clock)
    first.upsert_mentions([(mention(1), fields())])
    first.close()
    again = open_store(tmp_path / "rd.db", clock)
    assert again.find_mention("acct", "r1") is not None


def test_corrupt_file_is_reported_and_left_untouched(tmp_path: Path, clock: FakeClock) -> None:
    path = tmp_path / "rd.db"
    garbage = b"this is not sqlite at all" * 100
    path.write_bytes(garbage)
    with pytest.raises(ConfigError) as caught:
        open_store(path, clock)
    assert str(path) in caught.value.msg
    assert path.read_bytes() == garbage


def test_foreign_database_is_refused(tmp_path: Path, clock: FakeClock) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE stuff (x)")
    conn.commit()
    conn.close()
    with pytest.raises(ConfigError, match="did not make"):
        open_store(path, clock)


def test_newer_schema_is_refused(tmp_path: Path, clock: FakeClock) -> None:
    path = tmp_path / "rd.db"
    open_store(path, clock).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(ConfigError, match="newer ReplyDesk"):
        open_store(path, clock)


def test_upsert_never_duplicates_and_keeps_state(store: Store) -> None:
    created = store.upsert_mentions([(mention(1), fields())])
    assert len(created) == 1
    store.set_state(created[0], MentionState.SNOOZED, FROZEN + timedelta(hours=1))
    again = store.upsert_mentions([(mention(1, text="edited"), fields())])
    assert again == []
    item = store.get_mention(created[0])
    assert item is not None
    assert item.mention.text == "edited"
    assert item.state is MentionState.SNOOZED
    assert store.scalar("SELECT count(*) FROM mentions") == 1


def test_human_class_survives_resync(store: Store) -> None:
    (mention_id,) = store.upsert_mentions([(mention(1), fields("praise"))])
    with store.tx() as conn:
        conn.execute(
            "UPDATE mentions SET cls = 'question', cls_source = 'human' WHERE id = ?", (mention_id,)
        )
    store.upsert_mentions([(mention(1), fields("praise"))])
    item = store.get_mention(mention_id)
    assert item is not None and item.cls == "question"


def test_queue_puts_overdue_complaints_first_then_score(store: Store) -> None:
    store.upsert_mentions(
        [
            (mention(1), fields("praise", due_in_hours=5, priority=10)),
            (mention(2), fields("question", due_in_hours=1, priority=30)),
            (mention(3), fields("other", due_in_hours=-2, priority=5)),
            (mention(4), fields("complaint", due_in_hours=-1, priority=40)),
        ]
    )
    order = [i.mention.remote_id for i in store.queue(FROZEN)]
    # The overdue "other" scores 5 + 0.3 × (30 + 2 × 2.5) = 15.5: below the question's 30.
    assert order == ["r4", "r2", "r3", "r1"]
    counts = store.counts(FROZEN)
    assert (counts.open, counts.overdue) == (4, 2)


def test_done_snooze_and_undo(store: Store, clock: FakeClock) -> None:
    a, b = store.upsert_mentions([(mention(1), fields()), (mention(2), fields())])
    store.set_state(a, MentionState.DONE)
    store.set_state(b, MentionState.SNOOZED, FROZEN + timedelta(hours=1))
    assert store.queue(FROZEN) == []
    assert [i.id for i in store.queue(FROZEN, keep={a})] == [a]
    clock.advance(hours=1, minutes=1)
    assert [i.id for i in store.queue(clock())] == [b]  # the snooze ran out
    undone = store.undo_last_state_change()
    assert undone is not None and undone.mention_id == b
    undone = store.undo_last_state_change()
    assert undone is not None and undone.mention_id == a
    assert store.undo_last_state_change() is None
    assert {i.id for i in store.queue(clock())} == {a, b}
    actions = [action for action, _ in store.audit_trail(a)]
    assert actions == ["state", "undo"]


def test_drafts_autosave_and_clear(store: Store) -> None:
    (mention_id,) = store.upsert_mentions([(mention(1), fields())])
    store.save_draft(mention_id, "Hello th")
    store.save_draft(mention_id, "Hello there")
    assert store.draft(mention_id) == "Hello there"
    store.save_draft(mention_id, "   ")
    assert store.draft(mention_id) == ""


def test_outbox_lifecycle_answers_the_mention(store: Store, clock: FakeClock) -> None:
    (mention_id,) = store.upsert_mentions([(mention(1), fields())])
    store.save_draft(mention_id, "Sorry!")
    item = store.enqueue_reply(mention_id, "acct", "Sorry!")
    assert store.draft(mention_id) == ""
    with pytest.raises(AlreadyQueued):
        store.enqueue_reply(mention_id, "acct", "Sorry again!")
    claimed = store.claim_next(clock())
    assert claimed is not None and claimed.status is OutboxStatus.SENDING and claimed.attempts == 1
    assert store.claim_next(clock()) is None
    brand = Account("acct", "mastodon", "@brand@x.social", "Brand")
    store.mark_sent(claimed, SentReply("s1", "r1", "Sorry!", clock()), brand)
    stored = store.get_mention(mention_id)
    assert stored is not None and stored.answered_at == clock() and not stored.is_waiting
    thread = store.thread(mention_id)
    assert thread is not None and thread[-1].is_brand and thread[-1].text == "Sorry!"
    assert (thread[-1].author.handle, stored.answered_by) == ("@brand@x.social", "@brand@x.social")
    assert [a for a, _ in store.audit_trail(mention_id)] == ["reply_queued", "sent"]
    assert item.idempotency_key.startswith("rd-")


def test_requeue_waits_and_failure_restores_the_draft(store: Store, clock: FakeClock) -> None:
    (mention_id,) = store.upsert_mentions([(mention(1), fields())])
    store.enqueue_reply(mention_id, "acct", "Reply text")
    claimed = store.claim_next(clock())
    assert claimed is not None
    store.requeue(claimed, "timeout", clock() + timedelta(seconds=30))
    assert store.claim_next(clock()) is None
    assert store.next_attempt_at() == clock() + timedelta(seconds=30)
    clock.advance(seconds=31)
    again = store.claim_next(clock())
    assert again is not None and again.attempts == 2
    store.mark_failed(again, "refused")
    assert store.draft(mention_id) == "Reply text"
    assert store.pending_statuses([mention_id]) == {mention_id: OutboxStatus.FAILED}


def test_cursor_and_accounts(store: Store) -> None:
    assert store.cursor("acct") is None
    store.save_cursor("acct", "c1")
    store.save_cursor("acct", None)  # an empty page keeps the last cursor
    assert store.cursor("acct") == "c1"
    assert store.last_synced() == FROZEN
