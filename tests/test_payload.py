"""Network JSON becomes text SQLite can store and a terminal can show: no lone surrogates."""

from __future__ import annotations

import json
import sqlite3

import pytest
from hypothesis import given
from hypothesis import strategies as st

from adapters.payload import mend_text, read_json


def test_escaped_and_raw_lone_surrogates_become_replacement_characters() -> None:
    escaped = json.dumps({"text": "a\ud800b", "list": ["\udfff"], "\ud801": 1}).encode()
    assert read_json(escaped) == {"text": "a\ufffdb", "list": ["\ufffd"], "\ufffd": 1}
    raw = b'{"text": "x\xed\xa0\x80y", "bad": "\xff"}'  # a UTF-8-encoded surrogate, a stray byte
    body = read_json(raw)
    assert "\ud800" not in body["text"] and body["text"].startswith("x")
    assert body["bad"] == "\ufffd"


def test_valid_pairs_and_plain_text_are_kept() -> None:
    assert read_json(b'{"e": "\\ud83d\\ude00", "n": 1.5, "z": null}') == {
        "e": "😀",
        "n": 1.5,
        "z": None,
    }
    assert mend_text("café 😀") == "café 😀"


def test_not_json_is_a_value_error() -> None:
    with pytest.raises(json.JSONDecodeError):
        read_json(b"<html>503</html>")


@given(st.lists(st.one_of(st.text(), st.sampled_from(["\ud800", "\udbff\udc00", "\udc00"]))))
def test_whatever_the_network_sends_sqlite_can_store(parts: list[str]) -> None:
    text = "".join(parts)
    body = read_json(json.dumps({"text": text}).encode())
    connection = sqlite3.connect(":memory:")
    connection.execute("CREATE TABLE t (x TEXT)")
    connection.execute("INSERT INTO t VALUES (?)", (body["text"],))  # raises on a lone surrogate
    assert connection.execute("SELECT x FROM t").fetchone()[0] == body["text"]


def test_every_network_reads_json_through_read_json() -> None:
    """No transport parses a body with ``response.json()``, which keeps lone surrogates."""
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent / "adapters"
    offenders = [p.name for p in root.rglob("*.py") if ".json()" in p.read_text(encoding="utf-8")]
    assert offenders == []
