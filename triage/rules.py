"""Rules: the cue lexicons and thresholds, loaded from TOML.

The shipped ``default_rules.toml`` is the whole classifier's knowledge; a user's rules file
extends it: lists are appended to, numbers and words replaced, a ``[[cues]]`` entry with an
existing ``name`` merges into that set (``remove`` drops terms or patterns, ``replace = true``
starts the set afresh, ``enabled = false`` drops it) and a new ``name`` adds a set.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib import resources
from pathlib import Path
from typing import Any

from adapters.errors import ConfigError
from triage.lexicon import CueSet, Decision, Negation, Signals
from triage.matcher import Matcher, WordFinder, matcher_state, term_key
from triage.rules_toml import (
    Source,
    Table,
    as_bool,
    as_class,
    as_count,
    as_emoji_map,
    as_float,
    as_patterns,
    as_terms,
    as_text,
    as_tone,
    as_words,
    parse,
    read_array,
)

FORMAT = 1

_NEGATION = Table({"words": as_words, "window": as_count, "stops": as_words})
_SIGNALS = Table(
    {
        **dict.fromkeys(
            (
                "greetings",
                "acronyms",
                "contrast",
                "backdrop",
                "shorteners",
                "link_words",
                "file_links",
            ),
            as_words,
        ),
        **dict.fromkeys(("free_links", "many_mentions", "many_hashtags"), as_count),
        **dict.fromkeys(("negative_tone", "positive_tone"), as_tone),
        **dict.fromkeys(
            (
                "contrast_factor",
                "question_mark",
                "link",
                "shortener",
                "link_word",
                "file_link",
                "mentions",
                "hashtags",
                "repeat",
                "shout",
                "shout_cap",
                "negative_tone_weight",
                "positive_tone_weight",
            ),
            as_float,
        ),
    }
)
_DECISION = Table(
    dict.fromkeys(
        ("spam", "complaint", "question", "praise", "complaint_vs_praise", "complaint_min_score"),
        as_float,
    )
)
_SENTIMENT = Table({"emoji": as_emoji_map})
_CUE = Table(
    {
        "name": as_text,
        "class": as_class,
        "label": as_text,
        "weight": as_float,
        "cap": as_float,
        "terms": as_terms,
        "patterns": as_patterns,
        "negated_class": as_class,
        "negated_label": as_text,
        "negated_weight": as_float,
        "drop_negated": as_bool,
        "only_negated": as_bool,
        "clause_start": as_bool,
        "sarcasm": as_bool,
        "idiom": as_bool,
        "event": as_bool,
        "settles": as_bool,
        "with_link": as_bool,
        "remove": as_words,
        "replace": as_bool,
        "enabled": as_bool,
    },
    fields={"class": "cls", "negated_class": "negated_cls"},
)
_TOP_LEVEL = ("format", "negation", "signals", "decision", "sentiment", "cues")


def _finder(words: tuple[str, ...]) -> WordFinder | None:
    """Whole words, matched on lowercased text ("dont" also finds "don't")."""
    return WordFinder(words) if words else None


@dataclass(frozen=True)
class Rules:
    """Everything the classifier knows, plus the regexes compiled from it (built once; the big
    cue matcher on the first classification, so loading rules costs no start-up time).
    ``with_cache`` gives the same rules keeping their built matcher in a folder."""

    cue_sets: tuple[CueSet, ...] = ()
    negation: Negation = field(default_factory=Negation)
    signals: Signals = field(default_factory=Signals)
    decision: Decision = field(default_factory=Decision)
    emoji_sentiment: tuple[tuple[str, str], ...] = ()
    sources: tuple[str, ...] = ()
    # Where the built matcher is kept between runs (``triage.matcher_cache``); None: nowhere.
    cache_dir: Path | None = field(default=None, compare=False, repr=False)
    negators: frozenset[str] = field(init=False, compare=False, repr=False)
    negation_stops: frozenset[str] = field(init=False, compare=False, repr=False)
    negator_re: WordFinder | None = field(init=False, compare=False, repr=False)
    greetings: frozenset[str] = field(init=False, compare=False, repr=False)
    acronyms: frozenset[str] = field(init=False, compare=False, repr=False)
    contrast_re: WordFinder | None = field(init=False, compare=False, repr=False)
    backdrop_re: WordFinder | None = field(init=False, compare=False, repr=False)
    shortener_re: re.Pattern[str] | None = field(init=False, compare=False, repr=False)
    link_words_re: re.Pattern[str] | None = field(init=False, compare=False, repr=False)
    file_link_re: re.Pattern[str] | None = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        # Frozen dataclass: derived, compiled state is set once here and never changes.
        derived: dict[str, Any] = {
            "negators": frozenset(term_key(w) for w in self.negation.words),
            "negation_stops": frozenset(term_key(w) for w in self.negation.stops),
            # Finds whether a text has any negator at all, so most cues skip the full check.
            "negator_re": _finder(tuple(term_key(w) for w in self.negation.words)),
            "greetings": frozenset(term_key(w) for w in self.signals.greetings),
            "acronyms": frozenset(w.upper() for w in self.signals.acronyms),
            "contrast_re": _finder(self.signals.contrast),
            "backdrop_re": _finder(self.signals.backdrop),
            "shortener_re": (
                re.compile("|".join(re.escape(s) for s in self.signals.shorteners), re.I)
                if self.signals.shorteners
                else None
            ),
            # Inside a link, words are glued by dots, dashes and slashes: no \b there.
            "link_words_re": (
                re.compile("|".join(re.escape(w) for w in self.signals.link_words), re.I)
                if self.signals.link_words
                else None
            ),
            # A link that ends in a program's or an archive's name ("invoice.pdf.exe").
            "file_link_re": (
                re.compile(
                    r"\.(?:" + "|".join(re.escape(e) for e in self.signals.file_links) + r")$",
                    re.I,
                )
                if self.signals.file_links
                else None
            ),
        }
        for name, value in derived.items():
            object.__setattr__(self, name, value)

    @cached_property
    def matcher(self) -> Matcher:
        """The cue sets compiled into one matcher (the costly part: ~0.9 s of CPU for the
        defaults, a few milliseconds when ``cache_dir`` holds it from an earlier run)."""
        if self.cache_dir is None:
            return Matcher(matcher_state(self.cue_sets))
        from triage.matcher_cache import cached_matcher  # only processes with a profile

        return cached_matcher(self.cue_sets, self.cache_dir)

    def with_cache(self, folder: Path) -> Rules:
        """These rules, their matcher loaded from (or stored in) ``folder``."""
        return dataclasses.replace(self, cache_dir=folder)


def _merged(obj: Any, values: Mapping[str, object]) -> Any:
    """``obj`` with ``values`` applied: tuples are extended (no duplicates), others replaced."""
    changes: dict[str, object] = {}
    for name, value in values.items():
        old = getattr(obj, name)
        if isinstance(old, tuple) and isinstance(value, tuple):
            changes[name] = old + tuple(v for v in value if v not in old)
        else:
            changes[name] = value
    return dataclasses.replace(obj, **changes)


def _new_set(src: Source, index: int, values: Mapping[str, object]) -> CueSet:
    if "cls" not in values:
        raise src.error(("cues", index), "missing required key 'class' for a new cue set")
    cls = values["cls"]
    weight = float(values.get("weight", 1.0))  # type: ignore[arg-type]
    negated_weight = values.get("negated_weight", weight)
    kwargs: dict[str, Any] = {
        "name": values["name"],
        "cls": cls,
        "label": values.get("label", f"{cls} cue"),
        "weight": weight,
        "cap": values.get("cap", 3 * abs(weight)),
        "negated_weight": negated_weight,
        "negated_label": values.get("negated_label", f"negated {values.get('label', cls)}"),
    }
    optional = ("terms", "patterns", "negated_cls", "drop_negated", "only_negated", "clause_start")
    for key in (*optional, "sarcasm", "idiom", "event", "settles", "with_link"):
        if key in values:
            kwargs[key] = values[key]
    return CueSet(**kwargs)


def _merged_set(old: CueSet, values: Mapping[str, object]) -> CueSet:
    remove = {term_key(str(r)) for r in values.get("remove", ())}  # type: ignore[attr-defined]
    changes = {k: v for k, v in values.items() if k not in ("name", "remove", "replace", "enabled")}
    merged: CueSet = _merged(old, changes)
    return dataclasses.replace(
        merged,
        terms=tuple(t for t in merged.terms if term_key(t) not in remove),
        patterns=tuple(p for p in merged.patterns if term_key(p) not in remove),
    )


def _apply(base: Rules, data: Mapping[str, object], src: Source) -> Rules:
    """``base`` extended by one parsed document."""
    for key in data:
        if key not in _TOP_LEVEL:
            raise src.error((key,), f"unknown key (expected one of: {', '.join(_TOP_LEVEL)})")
    if "format" in data and data["format"] != FORMAT:
        raise src.error(("format",), f"unsupported rules format {data['format']!r} (use {FORMAT})")
    negation = _merged(base.negation, _NEGATION.read(src, ("negation",), data.get("negation", {})))
    signals = _merged(base.signals, _SIGNALS.read(src, ("signals",), data.get("signals", {})))
    decision = _merged(base.decision, _DECISION.read(src, ("decision",), data.get("decision", {})))
    sentiment = _SENTIMENT.read(src, ("sentiment",), data.get("sentiment", {}))
    emoji = dict(base.emoji_sentiment)
    emoji.update(sentiment.get("emoji", {}))  # type: ignore[call-overload]
    sets = list(base.cue_sets)
    for index, values in enumerate(read_array(src, ("cues",), data.get("cues", []), _CUE)):
        if "name" not in values:
            raise src.error(("cues", index), "missing required key 'name'")
        at = next((i for i, s in enumerate(sets) if s.name == values["name"]), None)
        if values.get("enabled") is False:
            if at is not None:
                del sets[at]
        elif at is None or values.get("replace") is True:
            new = _new_set(src, index, values)
            if at is None:
                sets.append(new)
            else:
                sets[at] = new
        else:
            sets[at] = _merged_set(sets[at], values)
    return Rules(
        cue_sets=tuple(sets),
        negation=negation,
        signals=signals,
        decision=decision,
        emoji_sentiment=tuple(sorted(emoji.items())),
        sources=(*base.sources, src.name),
    )


@cache
def default_rules() -> Rules:
    """The shipped ``triage/default_rules.toml`` (parsed and compiled once)."""
    text = resources.files("triage").joinpath("default_rules.toml").read_text(encoding="utf-8")
    src = Source(None, text)
    return _apply(Rules(), parse(src), src)


def load_rules(path: Path | None) -> Rules:
    """The defaults extended by the user's rules file at ``path`` (``None``: defaults only).

    Raises ``ConfigError`` naming the file, line and key when the file is malformed; callers
    keep running on ``default_rules()``.
    """
    if path is None:
        return default_rules()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: rules file not found", title="Triage rules problem") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read rules file: {exc}", "Triage rules problem") from exc
    src = Source(path, text)
    return _apply(default_rules(), parse(src), src)
