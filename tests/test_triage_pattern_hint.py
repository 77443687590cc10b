"""Pattern hints: the substrings a cue pattern cannot match without. A hint must never hide a
match, or the matcher would skip a cue it should have found."""

from __future__ import annotations

import json
import re

from hypothesis import given
from hypothesis import strategies as st

from bench.triage_score import DEV_FILES, read_lines
from triage import default_rules
from triage.pattern_hint import required


def test_hints_of_typical_pattern_starts() -> None:
    assert required(r"(?<![\w/])/s\b") == ("/s",)
    assert required(r"^\W*not bad\b") == ("not bad",)
    assert required(r"\b(?:the\s+)?(?:weather|news)\b") == ("weather", "news")
    assert required(r"[$£€]\s?\d") == ("$", "£", "€")
    assert required(r"!\?|\?!|!!!+") == ("!?", "?!", "!!!")
    assert required(r"\w+ed\b") is None  # nothing literal to ask for
    assert required(r"colou?r") == ("colo",)  # the "u" may be absent
    assert required(r"(?i)abc") is None  # flags: no hint rather than a wrong one


def test_no_hint_hides_a_match_of_a_shipped_pattern_in_the_dev_split() -> None:
    texts = [json.loads(line)["text"].lower() for line in read_lines(DEV_FILES)]
    for cue_set in default_rules().cue_sets:
        for pattern in cue_set.patterns:
            needs = required(pattern)
            if needs is None:
                continue
            rx = re.compile(pattern)
            for text in texts:
                if rx.search(text):
                    assert any(n in text for n in needs), (pattern, text)


@given(st.text(alphabet="ab!?. x", max_size=12))
def test_a_matching_text_always_holds_a_hint(text: str) -> None:
    for pattern in (r"!\?|\?!|!!!+", r"a+b", r"(?:ab|x)?b\.", r"(?<!a)b!*?"):
        needs = required(pattern)
        if needs is not None and re.search(pattern, text):
            assert any(n in text for n in needs), (pattern, text)
