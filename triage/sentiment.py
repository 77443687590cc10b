"""VADER compound sentiment, built once and made fast enough for a live queue.

``SentimentIntensityAnalyzer`` takes ~20 ms to build, so one instance is created lazily and
reused. Its ``polarity_scores`` lowercases the whole word list again for every sentiment word
it checks (quadratic in the post's length) and converts emoji with a character-by-character
string concatenation. ``_FastVader.scores`` is the same algorithm (VADER 3.3.2, ported rule by
rule) over a word list lowercased once; a test checks its scores equal the stock analyzer's.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from functools import cache, lru_cache

from vaderSentiment.vaderSentiment import (
    BOOSTER_DICT,
    C_INCR,
    N_SCALAR,
    NEGATE,
    SPECIAL_CASES,
    SentimentIntensityAnalyzer,
    scalar_inc_dec,
)

# Past this many characters VADER's "but" rule becomes quadratic; the rest of a very long text
# adds nothing a triager needs, so sentiment reads only its head.
MAX_SENTIMENT_CHARS = 4000

_NEGATE = frozenset(NEGATE)
_PUNCTUATION = string.punctuation
_BOOSTER_NGRAMS = frozenset(b for b in BOOSTER_DICT if " " in b)
_IDIOM_WORDS = frozenset(w for phrase in (*SPECIAL_CASES, *_BOOSTER_NGRAMS) for w in phrase.split())


def _negated(word: str) -> bool:
    """VADER's ``negated([word])`` for one lowercased word."""
    return word in _NEGATE or "n't" in word


def _negation_check(valence: float, low: list[str], start_i: int, i: int) -> float:
    """The stock ``_negation_check``, reading only words i-3..i-1."""
    if start_i == 0 and _negated(low[i - 1]):
        valence = valence * N_SCALAR
    if start_i == 1:
        if low[i - 2] == "never" and low[i - 1] in ("so", "this"):
            valence = valence * 1.25
        elif low[i - 2] == "without" and low[i - 1] == "doubt":
            pass
        elif _negated(low[i - 2]):
            valence = valence * N_SCALAR
    if start_i == 2:
        if (low[i - 3] == "never" and low[i - 2] in ("so", "this")) or low[i - 1] in ("so", "this"):
            valence = valence * 1.25
        elif low[i - 3] == "without" and (low[i - 2] == "doubt" or low[i - 1] == "doubt"):
            pass
        elif _negated(low[i - 3]):
            valence = valence * N_SCALAR
    return valence


def _special_idioms_check(valence: float, low: list[str], i: int) -> float:
    """The stock ``_special_idioms_check`` (only called with i >= 3)."""
    n = len(low)
    nearby = low[i - 3 : i + 3]
    # Every sequence looked up is made of these words; usually none is in any idiom.
    if _IDIOM_WORDS.isdisjoint(nearby):
        return valence
    onezero = f"{low[i - 1]} {low[i]}"
    twoonezero = f"{low[i - 2]} {low[i - 1]} {low[i]}"
    twoone = f"{low[i - 2]} {low[i - 1]}"
    threetwoone = f"{low[i - 3]} {low[i - 2]} {low[i - 1]}"
    threetwo = f"{low[i - 3]} {low[i - 2]}"
    for seq in (onezero, twoonezero, twoone, threetwoone, threetwo):
        if seq in SPECIAL_CASES:
            valence = SPECIAL_CASES[seq]
            break
    if n - 1 > i:
        zeroone = f"{low[i]} {low[i + 1]}"
        if zeroone in SPECIAL_CASES:
            valence = SPECIAL_CASES[zeroone]
    if n - 1 > i + 1:
        zeroonetwo = f"{low[i]} {low[i + 1]} {low[i + 2]}"
        if zeroonetwo in SPECIAL_CASES:
            valence = SPECIAL_CASES[zeroonetwo]
    for n_gram in (threetwoone, threetwo, twoone):
        if n_gram in BOOSTER_DICT:
            valence = valence + BOOSTER_DICT[n_gram]
    return valence


def _least_check(valence: float, low: list[str], i: int) -> float:
    """The stock ``_least_check``."""
    if i > 1 and low[i - 1] == "least":
        if low[i - 2] not in ("at", "very"):
            valence = valence * N_SCALAR
    elif i > 0 and low[i - 1] == "least":
        valence = valence * N_SCALAR
    return valence


class _FastVader(SentimentIntensityAnalyzer):  # type: ignore[misc]
    """The stock analyzer's lexicons, with a single-lowercasing scoring loop."""

    def __init__(self) -> None:
        super().__init__()
        # Only single characters can match in the stock loop, which prepends a space to each
        # description and none after; str.translate does the same in C.
        self.base_emoji_table: dict[int, str] = {
            ord(k): " " + v for k, v in self.emojis.items() if len(k) == 1
        }

    def _valence(self, i: int, words: list[str], low: list[str], cap_diff: bool) -> float:
        """The stock ``sentiment_valence`` for a word known to be in the lexicon."""
        lexicon = self.lexicon
        item = words[i]
        valence: float = lexicon[low[i]]
        if low[i] == "no" and i != len(words) - 1 and low[i + 1] in lexicon:
            valence = 0.0
        if (
            (i > 0 and low[i - 1] == "no")
            or (i > 1 and low[i - 2] == "no")
            or (i > 2 and low[i - 3] == "no" and low[i - 1] in ("or", "nor"))
        ):
            valence = lexicon[low[i]] * N_SCALAR
        if item.isupper() and cap_diff:
            valence = valence + C_INCR if valence > 0 else valence - C_INCR
        for start_i in range(3):
            if i > start_i and low[i - (start_i + 1)] not in lexicon:
                s = scalar_inc_dec(words[i - (start_i + 1)], valence, cap_diff)
                if start_i == 1 and s != 0:
                    s = s * 0.95
                if start_i == 2 and s != 0:
                    s = s * 0.9
                valence = _negation_check(valence + s, low, start_i, i)
                if start_i == 2:
                    valence = _special_idioms_check(valence, low, i)
        return _least_check(valence, low, i)

    def scores(self, text: str, table: Mapping[int, str]) -> dict[str, float]:
        """``polarity_scores`` with the emoji table given."""
        sentiments, text = self._sentiments(text, table)
        result: dict[str, float] = self.score_valence(sentiments, text)
        return result

    def compound(self, text: str, table: Mapping[int, str]) -> float:
        """``scores(text, table)["compound"]``, skipping the summing up when no word carries
        sentiment (most posts' sentences): VADER's compound of all-zero valences is 0."""
        sentiments, text = self._sentiments(text, table)
        if not any(sentiments):
            return 0.0
        return float(self.score_valence(sentiments, text)["compound"])

    def _sentiments(self, text: str, table: Mapping[int, str]) -> tuple[list[float], str]:
        """Each word's valence, and the text as VADER scores it (emoji described)."""
        # Every emoji key is non-ASCII (checked in emoji_table), so ASCII text needs no lookups.
        text = (text if text.isascii() else text.translate(table)).strip()
        # SentiText's rule: strip surrounding punctuation unless that leaves two characters or
        # fewer (an emoticon such as ":)" stays whole).
        words = [w if len(s := w.strip(_PUNCTUATION)) <= 2 else s for w in text.split()]
        low = [w.lower() for w in words]
        lexicon = self.lexicon
        if lexicon.keys().isdisjoint(low):
            return [0.0] * len(low), text  # no sentiment word at all: every valence is 0
        # allcap_differential: some, but not all, words are in capitals (same result, in C).
        cap_diff = any(map(str.isupper, words)) and not all(map(str.isupper, words))
        sentiments: list[float] = []
        last = len(low) - 1
        for i, word in enumerate(low):
            if (
                word not in lexicon
                or word in BOOSTER_DICT
                or (word == "kind" and i < last and low[i + 1] == "of")
            ):
                sentiments.append(0)
            else:
                sentiments.append(self._valence(i, words, low, cap_diff))
        if "but" in low:  # the stock check changes nothing without a "but"
            sentiments = self._but_check(words, sentiments)
        return sentiments, text


@cache
def analyzer() -> _FastVader:
    """The shared analyzer, built on first use."""
    return _FastVader()


@lru_cache(maxsize=16)
def emoji_table(overrides: tuple[tuple[str, str], ...]) -> Mapping[int, str]:
    """VADER's emoji descriptions with ``overrides`` (emoji → words VADER's lexicon knows)."""
    table = dict(analyzer().base_emoji_table)
    for emoji, words in overrides:
        table[ord(emoji)] = " " + words
    if any(code < 128 for code in table):
        raise ValueError("emoji sentiment keys must be non-ASCII characters")
    return table


def compound(text: str, overrides: tuple[tuple[str, str], ...] = ()) -> float:
    """VADER's compound score of ``text`` in -1..1 (0.0 for text with no sentiment words)."""
    score = analyzer().compound(text[:MAX_SENTIMENT_CHARS], emoji_table(overrides))
    return max(-1.0, min(1.0, score))
