"""Tone and size rules: the reply's sentiment range, its reading grade, its preferred length."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import ClassVar, Self

from persona import measures
from persona.context import CheckContext
from persona.doc import Doc
from persona.length import overflow_start, primary_length
from persona.model import CheckRule, Common, Finding
from persona.phrases import compile_phrases
from persona.reader import Head, Table
from persona.rules_required import ELEMENTS

_UNIT_WORDS = {"chars": "characters", "graphemes": "characters"}


@dataclass(frozen=True, kw_only=True)
class Sentiment(CheckRule):
    """The reply's own VADER sentiment stays within ``[min, max]`` for its mention class.

    Apology and empathy words ("sorry", "frustrating") read as negative to VADER but are exactly
    what a complaint reply needs, so the ``neutral`` phrases are blanked before scoring.
    """

    kind: ClassVar[str] = "sentiment"
    default_message: ClassVar[str] = (
        "This reads {direction} (tone {score}; we aim for {min} to {max} here)."
    )

    minimum: float = -1.0
    maximum: float = 1.0
    neutral: tuple[str, ...] = ()
    _neutral: re.Pattern[str] | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_neutral", compile_phrases(self.neutral))

    @classmethod
    def from_table(cls, table: Table, common: Common, head: Head) -> Self:
        """``min``, ``max`` (VADER compound, -1 … 1) and ``neutral`` phrases."""
        minimum = table.number("min", -1.0, -1.0, 1.0)
        maximum = table.number("max", 1.0, -1.0, 1.0)
        if minimum > maximum:
            raise table.error("min", f"must not be above max ({minimum} > {maximum})")
        return cls(
            **common,
            minimum=minimum,
            maximum=maximum,
            neutral=table.texts("neutral", ELEMENTS["apology"][0]),
        )

    def prepare(self) -> None:
        """Load VADER's lexicon."""
        measures.prepare_sentiment()

    def describe(self) -> str:
        """E.g. "sentiment for complaint: -0.3 … 1.0"."""
        scope = f" for {', '.join(self.classes)}" if self.classes else ""
        return f"{self.kind}{scope}: {self.minimum:+.2f} … {self.maximum:+.2f}"

    def _scored(self, text: str) -> float:
        if self._neutral is not None:
            # Blank the neutral phrases in the original text: VADER reads CAPS as emphasis.
            lower = Doc(text).lower
            for match in self._neutral.finditer(lower):
                start, end = match.span()
                text = text[:start] + " " * (end - start) + text[end:]
        return measures.sentiment(text)

    def check(self, doc: Doc, ctx: CheckContext) -> Iterator[Finding]:
        """A finding on the most negative (or positive) sentence when out of range."""
        prose = doc.prose()
        score = self._scored(prose)
        if self.minimum <= score <= self.maximum:
            return
        low = score < self.minimum
        spans = doc.sentences or ((0, len(doc.text)),)
        scores = [(self._scored(prose[start:end]), start, end) for start, end in spans]
        _, start, end = min(scores) if low else max(scores)
        variables = {
            "direction": "too negative" if low else "too upbeat",
            "score": f"{score:+.2f}",
            "min": f"{self.minimum:+.2f}",
            "max": f"{self.maximum:+.2f}",
        }
        yield self.finding(start, end, variables)


@dataclass(frozen=True, kw_only=True)
class Readability(CheckRule):
    """Reading grade (Flesch–Kincaid, via textstat) at most ``max_grade`` (Vale's readability)."""

    kind: ClassVar[str] = "readability"
    default_message: ClassVar[str] = (
        "Reading grade {grade} is above {max}: use shorter sentences and plainer words."
    )

    max_grade: float
    min_words: int = 12

    @classmethod
    def from_table(cls, table: Table, common: Common, head: Head) -> Self:
        """``max_grade`` and ``min_words`` (shorter replies are not graded: too noisy)."""
        if not table.has("max_grade"):
            raise table.error("max_grade", "is required (e.g. 8)")
        return cls(
            **common,
            max_grade=table.number("max_grade", 8.0, 0.0, 30.0),
            min_words=table.integer("min_words", 12, minimum=1),
        )

    def prepare(self) -> None:
        """Load the hyphenation dictionary used to count syllables."""
        measures.prepare_readability()

    def describe(self) -> str:
        """E.g. "readability: grade ≤ 8"."""
        return f"{self.kind}: grade ≤ {self.max_grade:g}"

    def check(self, doc: Doc, ctx: CheckContext) -> Iterator[Finding]:
        """A finding on the longest sentence when the grade is too high."""
        result = measures.reading_grade(doc.prose())
        if result.words < self.min_words or result.grade <= self.max_grade:
            return
        spans = doc.sentences or ((0, len(doc.text)),)
        start, end = max(spans, key=lambda span: len(doc.text[span[0] : span[1]].split()))
        yield self.finding(start, end, {"grade": f"{result.grade:g}", "max": f"{self.max_grade:g}"})


@dataclass(frozen=True, kw_only=True)
class PreferredLength(CheckRule):
    """The brand's preferred maximum, below the network's limit (a warning, not a block)."""

    kind: ClassVar[str] = "length"
    default_message: ClassVar[str] = (
        "Longer than we like: {used}/{max} {unit}. Short replies get read."
    )

    max: int

    @classmethod
    def from_table(cls, table: Table, common: Common, head: Head) -> Self:
        """``max`` in the network's characters (Mastodon counting links as 23)."""
        if not table.has("max"):
            raise table.error("max", "is required (e.g. 280)")
        return cls(**common, max=table.integer("max", 0, minimum=1))

    def describe(self) -> str:
        """E.g. "length: at most 280 characters"."""
        return f"{self.kind}: at most {self.max} characters"

    def check(self, doc: Doc, ctx: CheckContext) -> Iterator[Finding]:
        """A finding on the part past ``max``."""
        used, unit = primary_length(doc.text, ctx.limits)
        if used <= self.max:
            return
        start = overflow_start(doc.text, ctx.limits, unit, self.max)
        variables = {"used": used, "max": self.max, "unit": _UNIT_WORDS[unit]}
        yield self.finding(start, len(doc.text), variables)
