"""The store's side of triage: the v1→v2 migration, stored scores and their rescoring, the
indexed ranked queue, header counts, and a person's class corrections."""

from __future__ import annotations

import random
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from adapters.records import Author, Mention, Platform
from store import MentionState, Store, open_store
from store.mentions import RANKED, WAITING, TriageFields
from store.schema import MIGRATIONS, SCHEMA_VERSION
from sync.triaging import TriageSettings, triage_fields
from tests.conftest import FROZEN, FakeClock
from triage import Due, MentionClass, base_priority, default_sla_policy, due, score_at

C = MentionClass


def mention(n: int, *, minutes_ago: float = 30, text: str = "hi", author: str = "a") -> Mention:
    return Mention(
        account_id="acct",
        remote_id=f"r{n}",
        platform=Platform.MASTODON,
        author=Author(author, f"@{author}@x.social", "", 100),
        text=text,
        created_at=FROZEN - timedelta(minutes=minutes_ago),
    )


def fields(cls: MentionClass, created: datetime, sentiment: float = 0.0) -> TriageFields:
    d = due(created, cls, Platform.MASTODON, default_sla_policy())
    base = base_priority(cls, sentiment, 100, 0)
    return TriageFields(cls.value, sentiment, (), d.rule, d.due_at, base.score, d.at_risk_at)


def add(store: Store, n: int, cls: MentionClass, minutes_ago: float, sentiment: float = 0.0) -> int:
    m = mention(n, minutes_ago=minutes_ago)
    created = store.upsert_mentions([(m, fields(cls, m.created_at, sentiment))])
    return created[0]


def order(store: Store, now: datetime, *, spam: bool = False) -> list[str]:
    return [i.mention.remote_id for i in store.queue(now, spam=spam)]


def test_a_v1_database_migrates_keeping_its_data(tmp_path: Path, clock: FakeClock) -> None:
    path = tmp_path / "v1.db"
    conn = sqlite3.connect(path)
    conn.executescript(MIGRATIONS[0])
    created, due_at = "2026-11-20T14:00:00.000000Z", "2026-11-20T15:00:00.000000Z"
    conn.execute(
        "INSERT INTO mentions (account_id, remote_id, platform, author_id, author_handle, text, "
        "created_at, kind, visibility, cls, sla_rule, due_at, priority, first_seen_at, "
        "updated_at) VALUES ('acct', 'r1', 'mastodon', 'a', '@a@x', 'my refund?', ?, 'mention', "
        "'public', 'complaint', 'complaint: 1 h', ?, 45, ?, ?)",
        (created, due_at, created, created),
    )
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    store = open_store(path, clock)
    assert store.scalar("PRAGMA user_version") == SCHEMA_VERSION
    (item,) = store.queue(FROZEN)  # the first read rescores the migrated row
    assert item.mention.text == "my refund?" and item.priority == 45
    assert item.cls_auto == "complaint" and item.cls_source == "auto"
    assert item.at_risk_at == datetime.fromisoformat("2026-11-20T14:45:00+00:00")
    assert item.score == 45 + 30  # overdue at 15:00 sharp: the overdue term
    assert store.counts(FROZEN).overdue == 1


def test_rescoring_only_due_rows_equals_a_full_recompute(store: Store, clock: FakeClock) -> None:
    rng = random.Random(3)
    classes = list(MentionClass)
    kept: dict[str, tuple[MentionClass, Due, float]] = {}
    for n in range(120):
        cls = rng.choice(classes)
        m = mention(n, minutes_ago=rng.uniform(0, 30 * 60))
        f = fields(cls, m.created_at, rng.uniform(-1, 1))
        store.upsert_mentions([(m, f)])
        kept[m.remote_id] = (cls, Due(f.due_at, None, "", f.at_risk_at), f.priority)
    created = {i.mention.remote_id: i.mention.created_at for i in store.queue(FROZEN, limit=999)}
    now = FROZEN
    for minutes in (1, 7, 30, 61, 180, 600, 2000):
        now += timedelta(minutes=minutes)
        rows = store.queue(now, limit=999) + store.queue(now, limit=999, spam=True)
        got = {i.mention.remote_id: i.score for i in rows}
        want = {r: score_at(b, c, d, now) for r, (c, d, b) in kept.items()}
        assert got == want
        keys = {
            r: (2 if c is C.COMPLAINT and d.due_at and d.due_at <= now else 1, want[r], created[r])
            for r, (c, d, _) in kept.items()
            if c is not C.SPAM
        }
        assert order(store, now) == sorted(keys, key=keys.__getitem__, reverse=True)


def test_overdue_complaints_lead_then_score_and_spam_has_its_own_tab(store: Store) -> None:
    add(store, 1, C.COMPLAINT, minutes_ago=5, sentiment=-1.0)  # fresh, angry: 55
    add(store, 2, C.COMPLAINT, minutes_ago=70)  # overdue by 10 min: 70, first
    add(store, 3, C.QUESTION, minutes_ago=5 * 60)  # overdue question: 25 + 24 = 49
    add(store, 4, C.PRAISE, minutes_ago=60)
    add(store, 5, C.SPAM, minutes_ago=60)
    assert order(store, FROZEN) == ["r2", "r1", "r3", "r4"]
    assert order(store, FROZEN, spam=True) == ["r5"]
    counts = store.counts(FROZEN)
    assert (counts.open, counts.overdue, counts.spam) == (4, 2, 1)


def test_at_risk_is_counted_and_moves_without_new_data(store: Store) -> None:
    add(store, 1, C.COMPLAINT, minutes_ago=40)  # at risk at 45 min, due at 60
    add(store, 2, C.QUESTION, minutes_ago=10)
    assert store.counts(FROZEN).at_risk == 0
    first = store.queue(FROZEN)[0]
    assert first.mention.remote_id == "r1"
    later = FROZEN + timedelta(minutes=10)
    assert store.counts(later).at_risk == 1
    assert store.queue(later)[0].score == first.score + 15  # the at-risk term, by the timer
    assert store.counts(FROZEN + timedelta(minutes=25)).overdue == 1


@pytest.mark.sqlite_only("reads SQLite's query plan")
def test_the_ranked_queue_and_counts_come_from_indexes(store: Store) -> None:
    params = {"now": "2026-01-01T00:00:00.000000Z", "limit": 10}
    for group in ("rank_group >= 1", "rank_group = 0"):
        sql = f"SELECT * FROM mentions WHERE {WAITING} AND {group} {RANKED} LIMIT :limit"
        plan = " ".join(str(r[3]) for r in store.rows(f"EXPLAIN QUERY PLAN {sql}", params))
        assert "mentions_rank" in plan and "TEMP B-TREE" not in plan, plan
    for condition in ("rank_group >= 1", "due_at <= :now"):
        sql = f"SELECT count(*) FROM mentions WHERE {WAITING} AND {condition}"
        plan = " ".join(str(r[3]) for r in store.rows(f"EXPLAIN QUERY PLAN {sql}", params))
        assert "COVERING INDEX" in plan, plan
    sql = "SELECT id FROM mentions WHERE rescore_at <= :now"
    plan = " ".join(str(r[3]) for r in store.rows(f"EXPLAIN QUERY PLAN {sql}", params))
    assert "mentions_rescore" in plan, plan


def test_a_correction_is_kept_audited_and_survives_resync(store: Store, clock: FakeClock) -> None:
    settings = TriageSettings()
    m = mention(1, minutes_ago=90, text="Can't recommend them enough, fast delivery!")
    auto = triage_fields(m, settings, 0)
    (mention_id,) = store.upsert_mentions([(m, auto)])
    human = triage_fields(m, settings, 0, human=C.PRAISE)
    assert store.correct_class(mention_id, human) == auto.cls
    store.upsert_mentions([(m, auto)])  # a re-sync brings the classifier's opinion again
    item = store.get_mention(mention_id)
    assert item is not None
    assert (item.cls, item.cls_source, item.cls_auto) == ("praise", "human", auto.cls)
    assert item.due_at == human.due_at and item.priority == human.priority
    assert item.reasons[0].startswith("class set by hand")
    action, detail = store.audit_trail(mention_id)[-1]
    assert action == "class" and (detail["from"], detail["to"]) == (auto.cls, "praise")
    (label,) = store.class_labels()
    assert (label.text, label.cls, label.auto_cls) == (m.text, "praise", auto.cls)
    assert label.labelled_at == clock()


def test_correcting_to_spam_moves_it_to_the_spam_tab(store: Store) -> None:
    settings = TriageSettings()
    m = mention(1, text="where is my refund")
    (mention_id,) = store.upsert_mentions([(m, triage_fields(m, settings, 0))])
    store.correct_class(mention_id, triage_fields(m, settings, 0, human=C.SPAM))
    assert order(store, FROZEN) == [] and order(store, FROZEN, spam=True) == ["r1"]
    assert store.counts(FROZEN).spam == 1
    with pytest.raises(KeyError):
        store.correct_class(999, triage_fields(m, settings, 0))


def test_kept_rows_stay_in_their_tab_in_rank_order(store: Store) -> None:
    a = add(store, 1, C.COMPLAINT, minutes_ago=70)
    add(store, 2, C.QUESTION, minutes_ago=10)
    add(store, 3, C.SPAM, minutes_ago=10)
    store.set_state(a, MentionState.DONE)
    assert order(store, FROZEN) == ["r2"]
    assert order(store, FROZEN) == ["r2"]
    assert [i.mention.remote_id for i in store.queue(FROZEN, keep={a})] == ["r1", "r2"]
    assert [i.mention.remote_id for i in store.queue(FROZEN, keep={a}, spam=True)] == ["r3"]


def test_the_complaint_score_is_stored_and_surer_complaints_rank_first(
    store: Store, clock: FakeClock
) -> None:
    settings = TriageSettings()
    weak = mention(1, minutes_ago=5, text="still waiting for my parcel", author="w")
    sure = mention(2, minutes_ago=5, text="parcel 3 weeks late, still no refund 😡", author="s")
    store.upsert_mentions([(m, triage_fields(m, settings, 0)) for m in (weak, sure)])
    stored = dict(store.conn.execute("SELECT remote_id, complaint_score FROM mentions"))
    assert 0 < stored["r1"] < stored["r2"] <= 1
    assert [i.mention.remote_id for i in store.queue(FROZEN)] == ["r2", "r1"]
    assert any("complaint score" in r for r in store.queue(FROZEN)[0].reasons)
