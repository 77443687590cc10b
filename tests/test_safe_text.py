"""Untrusted text is made inert before display."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from tui.safe import clean, inert_json, one_line, without_leading_mentions


def test_escape_sequences_are_removed() -> None:
    assert clean("a\x1b[31mred\x1b[0m b") == "ared b"
    assert clean("x\x1b]0;pwned\x07y") == "xy"
    assert clean("x\x1b[2Jy") == "xy"


def test_bidi_overrides_and_controls_are_removed_but_zwj_kept() -> None:
    family = "👨\u200d👩\u200d👧"
    assert clean("abc\u202edcba\x07\x08\x7f" + family) == "abcdcba" + family


def test_markup_is_left_as_literal_text() -> None:
    assert clean("[bold red]REFUND[/bold red]") == "[bold red]REFUND[/bold red]"


def test_one_line_folds_and_truncates() -> None:
    assert one_line("a\n\n  b\tc") == "a b c"
    assert one_line("x" * 50, limit=10) == "x" * 9 + "…"


@given(st.text())
def test_clean_never_leaves_controls(text: str) -> None:
    out = clean(text)
    assert "\x1b" not in out
    assert all(ch in "\n" or ord(ch) >= 0x20 for ch in out)
    assert not any(0x7F <= ord(ch) <= 0x9F for ch in out)


def test_leading_mentions_are_dropped_for_the_queue_line() -> None:
    assert without_leading_mentions("@brand @ana@x.social hi there") == "hi there"
    assert without_leading_mentions("@brand.bsky.social, where is it?") == "where is it?"
    assert without_leading_mentions("@brand") == "@brand"
    assert without_leading_mentions("mail @brand later") == "mail @brand later"


def test_inert_json_escapes_what_clean_removes_and_round_trips() -> None:
    data = {"text": "a\x7f\u202eb\x9b31m \x1b[2J 👨‍👩‍👧 [bold]x[/bold]\n"}
    dumped = inert_json(json.dumps(data, ensure_ascii=False))
    assert clean(dumped) == dumped  # nothing left for a terminal to act on
    assert json.loads(dumped) == data  # and a script reads exactly what was sent
