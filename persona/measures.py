"""Tone and reading-grade measures, loaded once and cached per text.

VADER's analyzer reads its lexicon on construction (a few ms), so one is shared. Checks run on
every keystroke and often see the same text again (cursor moves, re-renders), so scores are
cached per text; sentence scores are cached per sentence, and most keystrokes change only one.

Reading grade is Flesch–Kincaid exactly as textstat 0.7 computes it (its word and sentence
rules are the two small functions below; a test holds them to textstat's), with pyphen's
syllables for every word, as textstat does without NLTK's CMU dictionary. textstat itself is not
imported: it imports NLTK (~0.4 s), which would make ``replydesk check`` slow, and it downloads
the CMU dictionary when missing, which must never happen in an offline app or a test.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

_LOCK = threading.Lock()
# textstat's word rules: apostrophes stay only in contractions, other punctuation goes.
_NON_CONTRACTION_APOSTROPHE = re.compile(r"\'(?![tsd]|ve|ll|re)")
_PUNCTUATION = re.compile(r"[^\w\s\']")
_SENTENCE = re.compile(r"\b[^.!?]+[.!?]*")


# The libraries are imported on first use, when a persona grades tone or readability.
@cache
def _analyzer() -> Any:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


@cache
def _pyphen() -> Any:
    from pyphen import Pyphen  # type: ignore[import-untyped]

    return Pyphen(lang="en_US")


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


def list_words(text: str) -> list[str]:
    """The words of ``text``, lowercased, as textstat's ``list_words(text, lowercase=True)``."""
    text = _NON_CONTRACTION_APOSTROPHE.sub("", text)
    return _PUNCTUATION.sub("", text).lower().split()


def count_sentences(text: str) -> int:
    """Sentences as textstat counts them: runs ending in . ! or ?, those of two words or fewer
    not counted, at least one for any text."""
    if not text:
        return 0
    sentences = _SENTENCE.findall(text)
    short = sum(1 for sentence in sentences if len(list_words(sentence)) <= 2)
    return max(1, len(sentences) - short)


@lru_cache(maxsize=256)
def reading_grade(text: str) -> Grade:
    """Flesch–Kincaid grade of ``text`` (textstat's word and sentence counts)."""
    with _LOCK:
        _pyphen()
    words = list_words(text)
    sentences = count_sentences(text)
    if not words or not sentences:
        return Grade(0.0, len(words), sentences)
    syllables = sum(_syllables(word) for word in words)
    grade = 0.39 * len(words) / sentences + 11.8 * syllables / len(words) - 15.59
    return Grade(round(grade, 1), len(words), sentences)
