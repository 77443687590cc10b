"""The data the classifier is driven by: cue sets, structural signals and decision thresholds.

Every number and word here comes from ``default_rules.toml`` (and the user's rules file); the
code defaults are neutral so that a missing key never silently changes behaviour.
"""

from __future__ import annotations

from dataclasses import dataclass

from triage.classes import MentionClass


@dataclass(frozen=True, slots=True)
class CueSet:
    """A named list of terms and regex patterns that count as evidence for one class.

    Terms are matched case-insensitively on word boundaries; spaces match any whitespace, an
    apostrophe is optional ("doesn't" matches "doesnt") and a trailing ``*`` matches the rest
    of a word ("refund*"). Patterns are Python regexes (case-insensitive).

    Negation: when ``negated_cls`` is set, a term preceded within the negation window by a
    negator ("not happy", "never disappointed") counts for ``negated_cls`` instead, with
    ``negated_label`` and ``negated_weight``; ``drop_negated`` ignores negated terms ("no
    problem"); ``only_negated`` sets count only when negated ("never arrived").
    ``clause_start`` terms count only at the start of a clause ("do you…").
    ``sarcasm`` cues turn the message's praise words into complaint evidence.
    ``event`` sets name a failure (a wait, a charge, a loss): praise in the same sentence is
    read as sarcasm ("great job losing my bag"), unless a ``settles`` cue (a fix, a refund
    given, "despite") is there too ("thanks for fixing the leak so fast").
    ``with_link`` sets count only in a message with a link: "your invoice" is a phishing lure
    beside a link and an everyday phrase without one.
    ``idiom`` sets are fixed phrases read as a whole: other sets' cues inside one of their
    matches are ignored ("can't recommend enough" is praise, not a negated "recommend").
    Each match adds ``weight``; a set adds at most ``cap`` in total.
    """

    name: str
    cls: MentionClass
    label: str
    weight: float
    cap: float
    terms: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    negated_cls: MentionClass | None = None
    negated_label: str = ""
    negated_weight: float = 0.0
    drop_negated: bool = False
    only_negated: bool = False
    clause_start: bool = False
    sarcasm: bool = False
    idiom: bool = False
    event: bool = False
    settles: bool = False
    with_link: bool = False


@dataclass(frozen=True, slots=True)
class Negation:
    """Words that negate what follows them within ``window`` words of the same clause.

    ``stops`` end a negation's reach ("no spoilers BUT wow" is not "no wow").
    """

    words: tuple[str, ...] = ()
    window: int = 0
    stops: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Signals:
    """Evidence that is not a word list: punctuation, links, handles, capitals, tone."""

    greetings: tuple[str, ...] = ()
    acronyms: tuple[str, ...] = ()
    contrast: tuple[str, ...] = ()
    contrast_factor: float = 1.0
    backdrop: tuple[str, ...] = ()
    question_mark: float = 0.0
    link: float = 0.0
    free_links: int = 1
    shorteners: tuple[str, ...] = ()
    shortener: float = 0.0
    link_words: tuple[str, ...] = ()
    link_word: float = 0.0
    file_links: tuple[str, ...] = ()  # file name endings of programs and archives
    file_link: float = 0.0
    many_mentions: int = 0
    mentions: float = 0.0
    many_hashtags: int = 0
    hashtags: float = 0.0
    repeat: float = 0.0
    shout: float = 0.0
    shout_cap: float = 0.0
    negative_tone: float = -1.0
    negative_tone_weight: float = 0.0
    positive_tone: float = 1.0
    positive_tone_weight: float = 0.0


@dataclass(frozen=True, slots=True)
class Decision:
    """Score thresholds, applied in order: spam, complaint, question, praise, else other.

    A complaint also needs at least ``complaint_vs_praise`` times the praise score, so
    "thanks for fixing the broken link" stays praise while a sarcastic "great, another week
    without my parcel" becomes a complaint. A complaint whose complaint score (0..1) is under
    ``complaint_min_score`` takes its next best class instead.
    """

    spam: float = 0.0
    complaint: float = 0.0
    question: float = 0.0
    praise: float = 0.0
    complaint_vs_praise: float = 0.0
    complaint_min_score: float = 0.0
