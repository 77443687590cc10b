"""What the classifier says about a mention: its class, the cues behind it, and why."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class MentionClass(StrEnum):
    """The five kinds of mention, in the order a person should usually answer them."""

    COMPLAINT = "complaint"
    QUESTION = "question"
    PRAISE = "praise"
    OTHER = "other"
    SPAM = "spam"


@dataclass(frozen=True, slots=True)
class Cue:
    """One piece of evidence found in the text.

    ``start``/``end`` index the ORIGINAL text (``str`` indices), so a UI can highlight
    ``text[start:end]`` even when invisible characters or look-alike letters were normalized
    away before matching. ``label`` names the kind of evidence ("complaint cue", "negated praise").
    """

    cls: MentionClass
    label: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Classification:
    """The class of a mention, its VADER compound sentiment (-1..1), cues and readable reasons,
    and how sure triage is that it is a complaint (0..1)."""

    cls: MentionClass
    sentiment: float
    cues: tuple[Cue, ...]
    reasons: tuple[str, ...]
    complaint_score: float = 0.0
