"""Word and phrase rules (Vale's existence, substitution, capitalization and occurrence).

All are case-insensitive and whole-word; their phrases share one combined matcher (engine.py).
``blame`` and ``promise`` are ``banned`` lists with defaults written for social customer care.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import ClassVar, Self

from persona.context import CheckContext
from persona.doc import Doc
from persona.edits import adapt_case
from persona.model import Common, Finding, Hit, PhraseRule, Severity
from persona.phrases import phrase_key
from persona.reader import Head, Table

BLAME_PHRASES = (
    "you should have",
    "you should've",
    "as we already said",
    "as we said",
    "as I said",
    "as I already said",
    "like we said",
    "as previously stated",
    "as already mentioned",
    "as stated in",
    "if you had read",
    "you failed to",
    "you didn't read",
    "you need to read",
    "your fault",
    "user error",
    "you were supposed to",
    "it's your responsibility",
    "clearly states",
)

PROMISE_PHRASES = (
    "guarantee",
    "guarantees",
    "guaranteed",
    "100 %",
    "100 percent",
    "will refund",
    "we'll refund",
    "full refund",
    "we promise",
    "I promise",
    "will never happen again",
    "won't happen again",
)


def _quoted(items: tuple[str, ...], limit: int = 6) -> str:
    shown = ", ".join(f"“{item}”" for item in items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")


@dataclass(frozen=True, kw_only=True)
class Banned(PhraseRule):
    """Words and phrases the brand never uses (Vale's ``existence``)."""

    kind: ClassVar[str] = "banned"
    default_severity: ClassVar[Severity] = Severity.ERROR
    default_message: ClassVar[str] = "Avoid “{match}”: it is not how we talk."
    defaults: ClassVar[tuple[str, ...]] = ()

    phrases: tuple[str, ...] = ()
    patterns: tuple[re.Pattern[str], ...] = ()

    @classmethod
    def from_table(cls, table: Table, common: Common, head: Head) -> Self:
        """``phrases`` (default: the type's own list), ``allow``, ``patterns``, ``exceptions``."""
        allowed = {phrase_key(p) for p in table.texts("allow")}
        phrases = tuple(
            p for p in table.texts("phrases", cls.defaults) if phrase_key(p) not in allowed
        )
        patterns = table.patterns("patterns")
        if not phrases and not patterns:
            raise table.error("phrases", "needs at least one phrase or pattern")
        return cls(
            **common, phrases=phrases, patterns=patterns, exceptions=table.texts("exceptions")
        )

    def describe(self) -> str:
        """E.g. "banned: “per our policy”, “kindly”"."""
        items = self.phrases + tuple(f"/{p.pattern}/" for p in self.patterns)
        return f"{self.kind}: {_quoted(items)}"

    def phrase_items(self) -> Iterator[tuple[str, str | None]]:
        """Every phrase, without payload."""
        return ((phrase, None) for phrase in self.phrases)

    def pattern_items(self) -> Iterator[tuple[re.Pattern[str], str | None]]:
        """Every pattern, without payload."""
        return ((pattern, None) for pattern in self.patterns)

    def on_hits(self, doc: Doc, ctx: CheckContext, hits: list[Hit]) -> Iterator[Finding]:
        """One finding per hit."""
        for hit in hits:
            yield self.finding(hit.start, hit.end, {"match": hit.text})


@dataclass(frozen=True, kw_only=True)
class Blame(Banned):
    """Phrases that blame the customer ("you should have", "as we already said")."""

    kind: ClassVar[str] = "blame"
    default_message: ClassVar[str] = "“{match}” blames the customer; say what we will do instead."
    defaults: ClassVar[tuple[str, ...]] = BLAME_PHRASES


@dataclass(frozen=True, kw_only=True)
class Promise(Banned):
    """Promises the brand does not make in public ("guarantee", "100 %", "will refund")."""

    kind: ClassVar[str] = "promise"
    default_message: ClassVar[str] = (
        "“{match}” is a promise we don't make in public; describe the next step instead."
    )
    defaults: ClassVar[tuple[str, ...]] = PROMISE_PHRASES


@dataclass(frozen=True, kw_only=True)
class Substitute(PhraseRule):
    """Preferred wording (Vale's ``substitution``): the fix swaps in the brand's words."""

    kind: ClassVar[str] = "substitute"
    default_message: ClassVar[str] = "Say “{replacement}” instead of “{match}”."

    swap: tuple[tuple[str, str], ...]

    @classmethod
    def from_table(cls, table: Table, common: Common, head: Head) -> Self:
        """``swap = { "unfortunately" = "I'm sorry" }`` plus ``exceptions``."""
        swap = table.text_map("swap")
        if not swap or any(not old for old, _ in swap):
            raise table.error("swap", 'needs at least one "old wording" = "new wording" pair')
        return cls(**common, swap=swap, exceptions=table.texts("exceptions"))

    def describe(self) -> str:
        """E.g. "substitute: “unfortunately” → “I'm sorry”"."""
        pairs = ", ".join(f"“{old}” → “{new}”" for old, new in self.swap[:4])
        more = f" and {len(self.swap) - 4} more" if len(self.swap) > 4 else ""
        return f"{self.kind}: {pairs}{more}"

    def phrase_items(self) -> Iterator[tuple[str, str | None]]:
        """Each old wording, with its replacement as payload."""
        return iter(self.swap)

    def on_hits(self, doc: Doc, ctx: CheckContext, hits: list[Hit]) -> Iterator[Finding]:
        """One finding per hit, its fix the replacement cased like the hit."""
        for hit in hits:
            replacement = adapt_case(hit.text, hit.payload or "")
            yield self.finding(
                hit.start, hit.end, {"match": hit.text, "replacement": replacement}, replacement
            )


@dataclass(frozen=True, kw_only=True)
class Capitalization(PhraseRule):
    """Names written exactly one way ("Fernbrook", "AeroPress"); the fix restores the case."""

    kind: ClassVar[str] = "capitalization"
    default_message: ClassVar[str] = "Write “{term}”, not “{match}”."

    terms: tuple[str, ...]

    @classmethod
    def from_table(cls, table: Table, common: Common, head: Head) -> Self:
        """``terms = ["Fernbrook", "AeroPress"]`` plus ``exceptions``."""
        terms = table.texts("terms")
        if not terms:
            raise table.error("terms", "needs at least one term")
        return cls(**common, terms=terms, exceptions=table.texts("exceptions"))

    def describe(self) -> str:
        """E.g. "capitalization: “Fernbrook”, “AeroPress”"."""
        return f"{self.kind}: {_quoted(self.terms)}"

    def phrase_items(self) -> Iterator[tuple[str, str | None]]:
        """Each term, itself as payload."""
        return ((term, term) for term in self.terms)

    def on_hits(self, doc: Doc, ctx: CheckContext, hits: list[Hit]) -> Iterator[Finding]:
        """A finding for each hit not written exactly like its term."""
        for hit in hits:
            term = hit.payload or hit.text
            if hit.text != term:
                yield self.finding(hit.start, hit.end, {"match": hit.text, "term": term}, term)


@dataclass(frozen=True, kw_only=True)
class Occurrence(PhraseRule):
    """A phrase allowed at most ``max`` times per reply (Vale's ``occurrence``)."""

    kind: ClassVar[str] = "occurrence"
    default_message: ClassVar[str] = "“{match}” appears {count} times; keep it to {max}."

    phrases: tuple[str, ...] = ()
    patterns: tuple[re.Pattern[str], ...] = ()
    max: int = 1

    @classmethod
    def from_table(cls, table: Table, common: Common, head: Head) -> Self:
        """``phrases`` and/or ``patterns``, ``max`` and ``exceptions``."""
        phrases = table.texts("phrases")
        patterns = table.patterns("patterns")
        if not phrases and not patterns:
            raise table.error("phrases", "needs at least one phrase or pattern")
        return cls(
            **common,
            phrases=phrases,
            patterns=patterns,
            max=table.integer("max", 1),
            exceptions=table.texts("exceptions"),
        )

    def describe(self) -> str:
        """E.g. "occurrence: at most 1 × “sorry”"."""
        items = self.phrases + tuple(f"/{p.pattern}/" for p in self.patterns)
        return f"{self.kind}: at most {self.max} × {_quoted(items)}"

    def phrase_items(self) -> Iterator[tuple[str, str | None]]:
        """Every phrase, without payload."""
        return ((phrase, None) for phrase in self.phrases)

    def pattern_items(self) -> Iterator[tuple[re.Pattern[str], str | None]]:
        """Every pattern, without payload."""
        return ((pattern, None) for pattern in self.patterns)

    def on_hits(self, doc: Doc, ctx: CheckContext, hits: list[Hit]) -> Iterator[Finding]:
        """A finding on every hit past the allowed ``max``."""
        if len(hits) <= self.max:
            return
        for hit in hits[self.max :]:
            yield self.finding(
                hit.start, hit.end, {"match": hit.text, "count": len(hits), "max": self.max}
            )
