"""Tone and reading-grade measures, loaded once and cached per text.

VADER's analyzer reads its lexicon on construction (a few ms), so one is shared. Checks run on
every keystroke and often see the same text again (cursor moves, re-renders), so scores are
cached per text; sentence scores are cached per sentence, and most keystrokes change only one.

Reading grade is Flesch–Kincaid as textstat computes it. textstat 0.7's English syllable count
first asks NLTK for the CMU dictionary and downloads it when missing, which must never happen
in an offline app or a test; we use textstat's own pyphen fallback for every word instead.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

_LOCK = threading.Lock()


# The libraries are imported on first use: textstat pulls in NLTK (~0.2 s), which the app
# should not pay at start-up when no persona grades readability.
@cache
def _analyzer() -> Any:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


@cache
def _pyphen() -> Any:
    from textstat.backend.utils import get_pyphen  # type: ignore[import-untyped]

    return get_pyphen("en_US")


def prepare_sentiment() -> None:
    """Load VADER's lexicon now rather than on the first keystroke."""
    with _LOCK:
        _analyzer()


def prepare_readability() -> None:
    """Load the hyphenation dictionary now rather than on the first keystroke."""
    with _LOCK:
        _pyphen()


@lru_cache(maxsize=1024)
def sentiment(text: str) -> float:
    """VADER's compound score of ``text``: -1 (very negative) … +1 (very positive)."""
    if not text.strip():
        return 0.0
    with _LOCK:
        analyzer = _analyzer()
    return float(analyzer.polarity_scores(text)["compound"])


@lru_cache(maxsize=4096)
def _syllables(word: str) -> int:
    return len(_pyphen().positions(word)) + 1


@dataclass(frozen=True)
class Grade:
    """A Flesch–Kincaid grade with the counts it came from."""

    grade: float
    words: int
    sentences: int


@lru_cache(maxsize=256)
def reading_grade(text: str) -> Grade:
    """Flesch–Kincaid grade of ``text`` (textstat's word and sentence counts)."""
    from textstat.backend.counts import count_sentences  # type: ignore[import-untyped]
    from textstat.backend.selections import list_words  # type: ignore[import-untyped]

    with _LOCK:
        _pyphen()
    words = list_words(text, lowercase=True)
    sentences = int(count_sentences(text))
    if not words or not sentences:
        return Grade(0.0, len(words), sentences)
    syllables = sum(_syllables(word) for word in words)
    grade = 0.39 * len(words) / sentences + 11.8 * syllables / len(words) - 15.59
    return Grade(round(grade, 1), len(words), sentences)
