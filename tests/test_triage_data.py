"""The labelled sets: well-formed, big enough, and the frozen test split shares no text with
the dev split (so scores on it are never scores on what the rules were tuned on)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from bench.triage_score import DEV_FILES, TEST_FILE
from triage import MentionClass

CLASSES = {c.value for c in MentionClass}


def rows(path: Path) -> list[dict[str, str]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def test_every_line_has_a_text_and_a_known_label() -> None:
    for path in (*DEV_FILES, TEST_FILE):
        for row in rows(path):
            assert isinstance(row["text"], str) and row["text"].strip(), path
            assert row.get("label", row.get("class")) in CLASSES, (path, row)


def test_the_splits_are_big_enough_and_cover_every_class() -> None:
    test = rows(TEST_FILE)
    dev = [row for path in DEV_FILES for row in rows(path)]
    assert len(test) >= 400
    assert len(test) + len(dev) >= 1500
    for split in (test, dev):
        labels = Counter(row.get("label", row.get("class")) for row in split)
        assert set(labels) == CLASSES
        assert any(row.get("form") == "irony" for row in split)


def test_the_frozen_test_split_shares_no_text_with_the_dev_split() -> None:
    def key(text: str) -> str:
        return " ".join(text.lower().split())

    dev = {key(row["text"]) for path in DEV_FILES for row in rows(path)}
    shared = [row["text"] for row in rows(TEST_FILE) if key(row["text"]) in dev]
    assert shared == []


def test_no_text_is_labelled_twice_within_a_split() -> None:
    for files in (DEV_FILES, (TEST_FILE,)):
        texts = Counter(" ".join(r["text"].lower().split()) for p in files for r in rows(p))
        assert [t for t, n in texts.items() if n > 1] == []
