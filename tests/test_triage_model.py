"""The learned model: labels files and their errors, training, the fast scorer, the saved file
and its version, blending with the rules, and retraining from a person's corrections."""

from __future__ import annotations

import json
import pickle
from datetime import timedelta
from pathlib import Path

import pytest

from adapters.records import Author, Mention, Platform
from bench.triage_score import DEV_FILES
from store import open_store
from sync import learning
from sync.triaging import TriageSettings, triage_fields
from tests.conftest import FROZEN, FakeClock
from triage import MentionClass, classify, load_rules
from triage import model as model_module
from triage.model import LabelsError, TextModel, load, read_labels, save, train
from triage.text import prepare

C = MentionClass


@pytest.fixture(scope="module")
def examples() -> list[tuple[str, MentionClass]]:
    """A real slice of the dev split: enough of every class to learn from, quick to train."""
    lines = DEV_FILES[1].read_text(encoding="utf-8").splitlines()
    return read_labels(lines[:300], "dev slice")


@pytest.fixture(scope="module")
def small_model(examples: list[tuple[str, MentionClass]]) -> TextModel:
    return train(examples)


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (
            ['{"text": "a", "label": "complaint"}', '{"text": "b", "label": "angry"}'],
            "line 2: unknown",
        ),
        (['{"text": "a", "label": "complaint"}', '{"text": "b",'], "line 2: invalid JSON"),
        (['{"text": "a", "label": "praise"}', "", '["not", "an", "object"]'], "line 3: expected"),
        (
            ['{"text": "a", "label": "spam"}', '{"text": "b", "class": "spam"}'],
            "every label is 'spam'",
        ),
    ],
)
def test_a_bad_labels_file_says_which_line(lines: list[str], message: str) -> None:
    with pytest.raises(LabelsError, match=message):
        read_labels(lines, "labels.jsonl")


def test_the_fast_scorer_gives_the_pipelines_probabilities(small_model: TextModel) -> None:
    text = "my parcel never arrived and nobody answers the phone"
    verdict = small_model.predict(text)
    masked = prepare(text).masked
    expected = small_model.pipeline.predict_proba([masked])[0]
    classes = list(small_model.pipeline.classes_)
    for cls, p in verdict.probabilities.items():
        assert p == pytest.approx(expected[classes.index(cls.value)], abs=1e-9)
    assert verdict.cls is C.COMPLAINT
    assert verdict.ngrams and all(isinstance(g, str) and g for g in verdict.ngrams)


def test_remembered_word_columns_give_the_same_probabilities(small_model: TextModel) -> None:
    """Character n-gram columns are cached per word: the second and later texts that reuse a
    word (in any case, with any spacing) must still score exactly as the pipeline does."""
    texts = [
        "Refund STILL not here. refund refund!!",
        "still   waiting\non my refund, thanks for nothing",
        "",
        "zzqx unseen wörds ünïcode 🙃",
    ]
    classes = list(small_model.pipeline.classes_)
    for _ in range(2):
        for text in texts:
            masked = prepare(text).masked
            expected = small_model.pipeline.predict_proba([masked])[0]
            verdict = small_model.predict(text)
            for cls, p in verdict.probabilities.items():
                assert p == pytest.approx(expected[classes.index(cls.value)], abs=1e-9), text


def test_two_classes_are_enough(examples: list[tuple[str, MentionClass]]) -> None:
    pairs = [(t, c) for t, c in examples if c in (C.COMPLAINT, C.PRAISE)]
    verdict = train(pairs).predict("thank you, the crew were lovely")
    assert verdict.cls is C.PRAISE
    assert verdict.probabilities[C.SPAM] == 0.0
    assert sum(verdict.probabilities.values()) == pytest.approx(1.0)


def test_saved_model_loads_and_another_version_is_ignored(
    small_model: TextModel, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "model.pkl"
    save(small_model, path)
    loaded = load(path)
    assert loaded is not None and loaded.examples == small_model.examples
    text = "why is my refund still not here"
    assert loaded.predict(text).probabilities == small_model.predict(text).probabilities
    monkeypatch.setattr(model_module, "MODEL_VERSION", model_module.MODEL_VERSION + 1)
    assert load(path) is None
    path.write_bytes(b"not a pickle")
    assert load(path) is None
    path.write_bytes(pickle.dumps({"version": "x"}))
    assert load(path) is None
    assert load(tmp_path / "missing.pkl") is None


def test_blending_keeps_the_rules_reasons_and_adds_the_models(small_model: TextModel) -> None:
    text = "@shop my order never arrived, I want a refund"
    alone, blended = classify(text), classify(text, model=small_model)
    assert blended.reasons[: len(alone.reasons) - 1] == alone.reasons[:-1]
    assert any(r.startswith("model: complaint") for r in blended.reasons)
    assert blended.reasons[-1].startswith("complaint score ")
    assert blended.cls is C.COMPLAINT and 0.5 < blended.complaint_score <= 1.0


def test_complaint_scores_order_surer_complaints_first() -> None:
    weak = classify("@shop still waiting for my parcel")
    strong = classify("@shop parcel 3 weeks late, still no refund, never again 😡")
    assert weak.cls is strong.cls is C.COMPLAINT
    assert 0.0 < weak.complaint_score < strong.complaint_score <= 1.0
    assert classify("@shop thank you, lovely service").complaint_score < 0.1


def test_a_complaint_under_the_threshold_takes_its_next_class(tmp_path: Path) -> None:
    rules_file = tmp_path / "triage.toml"
    rules_file.write_text("[decision]\ncomplaint_min_score = 0.9\n", encoding="utf-8")
    text = "@shop still waiting for my parcel"
    c = classify(text, load_rules(rules_file))
    assert c.cls is not C.COMPLAINT
    assert "complaint score under the 0.9 threshold" in c.reasons


def _corrections(
    db: Path, clock: FakeClock, labels: list[tuple[str, MentionClass]], prefix: str
) -> None:
    """Store ``labels`` as mentions and correct each one's class by hand."""
    store = open_store(db, clock)
    settings = TriageSettings()
    author = Author("a1", "@ana@x.social", "Ana", 50)
    created = FROZEN - timedelta(hours=1)
    items = [
        (m, triage_fields(m, settings, 0))
        for n, (text, _) in enumerate(labels)
        for m in [Mention("acct", f"{prefix}{n}", Platform.MASTODON, author, text, created)]
    ]
    ids = store.upsert_mentions(items)
    for mention_id, (m, _), (_, cls) in zip(ids, items, labels, strict=True):
        store.correct_class(mention_id, triage_fields(m, settings, 0, human=cls))
    store.close()


def test_retrain_waits_for_enough_corrections_then_trains_and_saves(
    tmp_path: Path,
    clock: FakeClock,
    examples: list[tuple[str, MentionClass]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The real training code on a smaller real built-in set, so the test runs in seconds.
    monkeypatch.setattr(learning, "builtin_examples", lambda: examples[:200])
    db, data = tmp_path / "r.db", tmp_path / "data"
    _corrections(db, clock, examples[200:210], "r")
    store = open_store(db, clock)
    outcome = learning.retrain(store, data)
    assert outcome.model is None and "10 correction(s)" in outcome.message
    assert not learning.model_file(data).exists()
    assert learning.load_or_rebuild(store, data) is None
    store.close()
    clock.advance(minutes=1)
    _corrections(db, clock, examples[210:225], "s")
    store = open_store(db, clock)
    outcome = learning.retrain(store, data)
    assert outcome.model is not None and outcome.model.corrections == 25
    assert outcome.model.examples == 225
    assert learning.model_file(data).exists()
    learning.model_file(data).write_bytes(json.dumps({"stale": True}).encode())
    rebuilt = learning.load_or_rebuild(store, data)
    assert rebuilt is not None and load(learning.model_file(data)) is not None
    store.close()


def test_when_the_rules_read_sarcasm_the_models_praise_counts_as_complaint() -> None:
    # The model sees "great" and "love" word by word; the rules see what they are said about.
    from triage.blend import blend
    from triage.model import ModelVerdict

    probabilities = dict.fromkeys(C, 0.0)
    probabilities[C.PRAISE], probabilities[C.COMPLAINT] = 0.95, 0.05
    verdict = ModelVerdict(probabilities, ("great",))
    plain, plain_score = blend(C.COMPLAINT, 0.7, verdict)
    assert max(plain, key=plain.__getitem__) is C.PRAISE
    sarcastic, score = blend(C.COMPLAINT, 0.7, verdict, sarcastic=True)
    assert max(sarcastic, key=sarcastic.__getitem__) is C.COMPLAINT
    assert sarcastic[C.PRAISE] == 0.0 and score > plain_score
