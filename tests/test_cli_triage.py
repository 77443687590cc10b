"""``replydesk classify`` and ``replydesk export-labels``, called through ``tui.cli.main``."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from adapters.records import Author, Mention, Platform
from settings.paths import default_paths
from store import open_store
from sync.triaging import TriageSettings, triage_fields
from tests.conftest import FakeClock
from triage import MentionClass
from tui.cli import main
from tui.profile import open_profile

LINES = [
    "why is my order STILL not here?",
    '{"text": "love the new blend, thank you!", "followers": 1200}',
    "{not json",
    "",
    "GET 10K FOLLOWERS NOW http://a.example http://b.example http://c.example",
]


def write_input(tmp_path: Path) -> Path:
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(LINES) + "\n", encoding="utf-8")
    return path


def test_classify_json_one_object_per_line(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["classify", str(write_input(tmp_path)), "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["line"] for r in rows] == [1, 2, 3, 5]  # the blank line has nothing to say
    assert [r.get("class") for r in rows] == ["complaint", "praise", None, "spam"]
    assert "invalid JSON" in rows[2]["error"]
    assert rows[0]["sla"] == "complaint: 1 h" and rows[0]["terms"][0] == "complaint +40"
    assert rows[1]["reasons"] and rows[1]["sentiment"] > 0


def test_classify_text_from_stdin_reports_a_bad_line_and_goes_on(
    home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(LINES) + "\n"))
    assert main(["classify"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 4
    assert out[0].split()[:2] == ["1", "complaint"] and "complaint: 1 h" in out[0]
    assert out[2].startswith("    3  error: invalid JSON")
    assert out[3].split()[1] == "spam"


def test_classify_hostile_text_stays_on_one_clean_line(
    home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("refund \x1b]0;pwned\x07 me\x1b[2J now\n"))
    assert main(["classify", "-"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out and out.count("\n") == 1


def test_classify_uses_the_users_rules_and_sla(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = home / "config"
    config.mkdir(parents=True)
    (config / "config.toml").write_text('[sla]\nquestion = "30m"\n', encoding="utf-8")
    (config / "triage.toml").write_text(
        '[[cues]]\nname = "complaint.beans"\nclass = "complaint"\nweight = 3.0\n'
        'terms = ["stale beans"]\n',
        encoding="utf-8",
    )
    source = tmp_path / "in.txt"
    source.write_text("the stale beans again\nwhat time do you open?\n", encoding="utf-8")
    assert main(["classify", str(source), "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rows[0]["class"] == "complaint" and "stale beans" in " ".join(rows[0]["reasons"])
    assert rows[1]["sla"] == "question: 30 min"


def test_a_malformed_rules_file_warns_and_keeps_the_defaults(
    home: Path, tmp_path: Path, clock: FakeClock, capsys: pytest.CaptureFixture[str]
) -> None:
    config = home / "config"
    config.mkdir(parents=True)
    (config / "triage.toml").write_text('[[cues]]\nname = "x"\nclass = "angry"\n')
    source = tmp_path / "in.txt"
    source.write_text("where is my refund\n", encoding="utf-8")
    assert main(["classify", str(source)]) == 0
    captured = capsys.readouterr()
    assert "triage.toml" in captured.err and "line 3" in captured.err
    assert "complaint" in captured.out
    profile = open_profile(default_paths(), clock)
    assert any("triage.toml" in p.msg for p in profile.problems)
    profile.store.close()


def test_classify_missing_file_is_a_clear_error(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["classify", "/nonexistent/in.txt"]) == 1
    assert "Cannot read /nonexistent/in.txt" in capsys.readouterr().err


def _correct_one(db: Path, clock: FakeClock) -> None:
    store = open_store(db, clock)
    settings = TriageSettings()
    created = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
    author = Author("a1", "@ana@x.social", "Ana", 50)
    texts = ("This burger ruined every other burger for me", "where is my refund")
    items = [
        (m, triage_fields(m, settings, 0))
        for n, text in enumerate(texts)
        for m in [Mention("acct", f"r{n}", Platform.BLUESKY, author, text, created)]
    ]
    first, _ = store.upsert_mentions(items)
    store.correct_class(first, triage_fields(items[0][0], settings, 0, human=MentionClass.PRAISE))
    store.close()


def test_export_labels_from_the_demo_profile(
    home: Path, clock: FakeClock, capsys: pytest.CaptureFixture[str]
) -> None:
    _correct_one(default_paths().for_demo().db_file, clock)
    assert main(["export-labels", "--demo"]) == 0
    captured = capsys.readouterr()
    (row,) = [json.loads(line) for line in captured.out.splitlines()]
    assert row["text"] == "This burger ruined every other burger for me"
    assert (row["class"], row["auto_class"]) == ("praise", "complaint")
    assert row["platform"] == "bluesky" and row["followers"] == 50
    assert row["created_at"] == "2026-11-20T12:00:00+00:00"
    assert "1 label(s), 1 differing" in captured.err


def test_export_labels_to_a_file_feeds_classify(
    home: Path, tmp_path: Path, clock: FakeClock, capsys: pytest.CaptureFixture[str]
) -> None:
    _correct_one(default_paths().db_file, clock)
    out = tmp_path / "labels.jsonl"
    assert main(["export-labels", str(out)]) == 0
    capsys.readouterr()
    assert main(["classify", str(out), "--json"]) == 0
    (row,) = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert row["label"] == "praise" and row["class"] == "complaint"


def test_export_labels_with_no_corrections_says_how(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export-labels"]) == 0
    captured = capsys.readouterr()
    assert captured.out == "" and "press c on a queue row" in captured.err


def test_classify_with_a_bad_labels_file_names_the_line_and_trains_nothing(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    labels = tmp_path / "labels.jsonl"
    labels.write_text(
        '{"text": "late again", "label": "complaint"}\n{"text": "hi", "label": "angry"}\n',
        encoding="utf-8",
    )
    assert main(["classify", str(write_input(tmp_path)), "--labels", str(labels)]) == 1
    err = capsys.readouterr().err
    assert "labels.jsonl, line 2: unknown label 'angry'" in err
    assert not list(default_paths().data_dir.glob("triage-model*"))


def test_retrain_without_enough_corrections_says_what_is_missing(
    home: Path, clock: FakeClock, capsys: pytest.CaptureFixture[str]
) -> None:
    _correct_one(default_paths().db_file, clock)
    assert main(["retrain"]) == 1
    err = capsys.readouterr().err
    assert "1 correction(s) over 1 class(es)" in err and "20 over 2 classes" in err
    assert not list(default_paths().data_dir.glob("triage-model*"))
