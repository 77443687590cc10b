"""Undoing one audited change exactly, batched draft autosave, and the limits no one overrides."""

from __future__ import annotations

import threading
from datetime import timedelta

from adapters.records import Platform, default_limits
from persona import PLATFORM_RULE_ID, CheckContext, check, network_refusals
from store import MentionState, Store
from sync.triaging import TriageSettings, triage_fields
from tests.conftest import FROZEN, FakeClock
from tests.test_store import fields, mention
from triage import MentionClass
from tui.drafts import DraftSaver


def test_undo_change_reverts_that_change_only_once(store: Store) -> None:
    a, b = store.upsert_mentions([(mention(1), fields()), (mention(2), fields())])
    done = store.set_state(a, MentionState.DONE)
    store.set_state(b, MentionState.SNOOZED, FROZEN + timedelta(hours=1))
    undone = store.undo_change(done.audit_id)  # the older one, not the newest
    assert undone is not None and (undone.mention_id, undone.action) == (a, "state")
    assert [m.state for m in (store.get_mention(a), store.get_mention(b)) if m] == [
        MentionState.NEW,
        MentionState.SNOOZED,
    ]
    assert store.undo_change(done.audit_id) is None  # never twice
    assert store.undo_change(99_999) is None


def test_undoing_a_correction_restores_the_row_exactly(store: Store, clock: FakeClock) -> None:
    m = mention(1, text="My refund never came, this is terrible")
    settings = TriageSettings()
    (mention_id,) = store.upsert_mentions([(m, triage_fields(m, settings, 0))])
    before = store.get_mention(mention_id)
    clock.advance(minutes=5)
    change = store.reclassify(mention_id, triage_fields(m, settings, 0, human=MentionClass.SPAM))
    assert (change.before, change.after) == (before.cls if before else "", "spam")
    corrected = store.get_mention(mention_id)
    assert corrected is not None and (corrected.cls, corrected.cls_source) == ("spam", "human")
    assert store.queue(clock()) == []  # spam left the inbox
    undone = store.undo_change(change.audit_id)
    assert undone is not None and undone.action == "class"
    assert store.get_mention(mention_id) == before
    assert store.class_labels() == []  # no longer a person's label
    assert [a for a, _ in store.audit_trail(mention_id)] == ["class", "undo"]


def test_correct_class_still_returns_the_class_it_had(store: Store) -> None:
    m = mention(1)
    settings = TriageSettings()
    (mention_id,) = store.upsert_mentions([(m, triage_fields(m, settings, 0))])
    auto = store.get_mention(mention_id)
    assert auto is not None
    human = triage_fields(m, settings, 0, human=MentionClass.PRAISE)
    assert store.correct_class(mention_id, human) == auto.cls


def test_draft_saver_batches_and_keeps_the_newest_text(store: Store) -> None:
    (mention_id,) = store.upsert_mentions([(mention(1), fields())])
    saver = DraftSaver(store)
    for n in range(1, 6):
        saver.note(mention_id, "typed" * n)
    assert store.draft(mention_id) == ""  # nothing written per keystroke
    assert saver.text(mention_id) == "typed" * 5  # what the composer reloads, before any write
    assert saver.pending
    assert saver.flush() == 1  # five edits, one write
    assert saver.flush() == 0 and store.draft(mention_id) == "typed" * 5
    saver.note(mention_id, "gone")
    saver.discard(mention_id)
    assert saver.flush() == 0 and store.draft(mention_id) == "typed" * 5


def test_draft_saver_flushes_from_many_threads_in_order(store: Store) -> None:
    (mention_id,) = store.upsert_mentions([(mention(1), fields())])
    saver = DraftSaver(store)
    writers = []
    for n in range(1, 41):
        saver.note(mention_id, f"v{n}")
        writer = threading.Thread(target=saver.flush)
        writer.start()
        writers.append(writer)
    for writer in writers:
        writer.join(timeout=10)
    assert not any(w.is_alive() for w in writers)
    assert store.draft(mention_id) == "v40"


def test_only_the_platform_length_is_a_refusal() -> None:
    limits = default_limits(Platform.BLUESKY)
    context = CheckContext(limits=limits, mention_class="complaint")
    findings = check("Per our policy " + "x" * 300, None, context)
    refused = network_refusals(findings)
    assert [f.rule_id for f in refused] == [PLATFORM_RULE_ID]
    assert "315/300 characters. Cut 15." in refused[0].message
    assert network_refusals(check("Short and fine.", None, context)) == []
