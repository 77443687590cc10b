"""Form rules: shouting (ALL-CAPS words), exclamation marks, emoji and hashtag counts."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import ClassVar, Self

import regex

from persona.context import CheckContext
from persona.doc import Doc
from persona.edits import at_sentence_start, deletion_span
from persona.model import CheckRule, Common, Finding
from persona.reader import Head, Table

# A word of letters, not glued to digits, hyphens, hashtags or mentions ("FB-20931" is no word).
_WORD = re.compile(r"(?<![\w#@-])[^\W\d_]+(?:['’][^\W\d_]+)*(?![\w-])")
_BANG_RUN = re.compile(r"!+")
# An emoji as people see it: a flag, a keycap, or a pictograph shown as emoji (by default or
# with VS16) with its skin tone and any ZWJ-joined parts. "©" or "™" alone are not emoji.
_EMOJI = regex.compile(
    r"\p{RI}\p{RI}|[#*0-9]\uFE0F?\u20E3"
    r"|(?:\p{Emoji_Presentation}|\p{Extended_Pictographic}\uFE0F)\p{EMod}?\uFE0F?"
    r"(?:\u200D\p{Extended_Pictographic}\uFE0F?\p{EMod}?)*"
)
# Mastodon's hashtag rule: "#" not glued to a word or URL, at least one letter.
_HASHTAG = re.compile(r"(?<![\w/)#&])#(\w*[^\W\d]\w*)")

#: Acronyms customer care writes in capitals without shouting.
COMMON_ACRONYMS = (
    "DM", "DMs", "OK", "FAQ", "FAQs", "ETA", "ID", "PS", "PM", "AM", "UK", "US", "USA", "EU",
    "UPS", "USPS", "DHL", "QR", "TV", "PIN", "ASAP", "API", "URL", "PDF", "CEO", "VAT", "EST",
    "PST", "GMT", "UTC", "BST", "CET",
)  # fmt: skip


@dataclass(frozen=True, kw_only=True)
class Caps(CheckRule):
    """ALL-CAPS words read as shouting; acronyms in ``allow`` are fine."""

    kind: ClassVar[str] = "caps"
    default_message: ClassVar[str] = "“{match}” in capitals reads as shouting."

    max: int = 0
    min_letters: int = 2
    allow: tuple[str, ...] = COMMON_ACRONYMS

    @classmethod
    def from_table(cls, table: Table, common: Common, head: Head) -> Self:
        """``max`` shouted words allowed, ``min_letters``, ``allow`` (acronyms)."""
        return cls(
            **common,
            max=table.integer("max", 0),
            min_letters=table.integer("min_letters", 2, minimum=2),
            allow=COMMON_ACRONYMS + table.texts("allow"),
        )

    def describe(self) -> str:
        """E.g. "caps: at most 0 ALL-CAPS words"."""
        return f"{self.kind}: at most {self.max} ALL-CAPS words"

    def check(self, doc: Doc, ctx: CheckContext) -> Iterator[Finding]:
        """A finding, fixed to normal case, on every shouted word past ``max``."""
        allowed = {word.upper() for word in self.allow}
        seen = 0
        for match in _WORD.finditer(doc.text):
            word = match[0]
            if not word.isupper() or word in allowed:  # most words fail the cheap test first
                continue
            if sum(ch.isalpha() for ch in word) < self.min_letters:
                continue
            if doc.in_entity(*match.span()):
                continue
            seen += 1
            if seen <= self.max:
                continue
            fixed = word.lower()
            if at_sentence_start(doc.text, match.start()):
                fixed = fixed[:1].upper() + fixed[1:]
            yield self.finding(match.start(), match.end(), {"match": word}, fixed)


@dataclass(frozen=True, kw_only=True)
class Exclamation(CheckRule):
    """At most ``max`` exclamation marks per reply; "!!!" is never needed."""

    kind: ClassVar[str] = "exclamation"
    default_message: ClassVar[str] = "Too many exclamation marks ({count}; at most {max})."

    max: int = 1

    @classmethod
    def from_table(cls, table: Table, common: Common, head: Head) -> Self:
        """``max`` marks per reply."""
        return cls(**common, max=table.integer("max", 1))

    def describe(self) -> str:
        """E.g. "exclamation: at most 1 “!”"."""
        return f"{self.kind}: at most {self.max} “!”"

    def check(self, doc: Doc, ctx: CheckContext) -> Iterator[Finding]:
        """A finding on each run of marks that goes past the budget, fixed to fewer marks."""
        runs = [m.span() for m in _BANG_RUN.finditer(doc.text) if not doc.in_entity(*m.span())]
        count = sum(end - start for start, end in runs)
        if count <= self.max:
            return
        budget = self.max
        for start, end in runs:
            keep = min(end - start, budget)
            budget -= keep
            if keep == end - start:
                continue
            after_question = start > 0 and doc.text[start - 1] in "?.…"
            fix = "!" * keep if keep else ("" if after_question else ".")
            yield self.finding(start, end, {"count": count, "max": self.max}, fix)


@dataclass(frozen=True, kw_only=True)
class Emoji(CheckRule):
    """At most ``max`` emoji per reply (a ZWJ family or a flag counts once)."""

    kind: ClassVar[str] = "emoji"
    default_message: ClassVar[str] = "Too many emoji ({count}; at most {max})."

    max: int = 1

    @classmethod
    def from_table(cls, table: Table, common: Common, head: Head) -> Self:
        """``max`` emoji per reply."""
        return cls(**common, max=table.integer("max", 1))

    def describe(self) -> str:
        """E.g. "emoji: at most 1"."""
        return f"{self.kind}: at most {self.max}"

    def check(self, doc: Doc, ctx: CheckContext) -> Iterator[Finding]:
        """A finding, fixed by deleting it, on every emoji past ``max``."""
        if doc.text.isascii():
            return
        spans = [(int(m.start()), int(m.end())) for m in _EMOJI.finditer(doc.text)]
        for start, end in spans[self.max :]:
            wide_start, wide_end = deletion_span(doc.text, start, end)
            variables = {"count": len(spans), "max": self.max, "match": doc.text[start:end]}
            yield self.finding(wide_start, wide_end, variables, "")


@dataclass(frozen=True, kw_only=True)
class Hashtag(CheckRule):
    """At most ``max`` hashtags per reply; the fix keeps the word without its "#"."""

    kind: ClassVar[str] = "hashtag"
    default_message: ClassVar[str] = "Too many hashtags ({count}; at most {max}): drop “{match}”."

    max: int = 0

    @classmethod
    def from_table(cls, table: Table, common: Common, head: Head) -> Self:
        """``max`` hashtags per reply."""
        return cls(**common, max=table.integer("max", 0))

    def describe(self) -> str:
        """E.g. "hashtag: at most 1"."""
        return f"{self.kind}: at most {self.max}"

    def check(self, doc: Doc, ctx: CheckContext) -> Iterator[Finding]:
        """A finding on every hashtag past ``max``."""
        tags = [m for m in _HASHTAG.finditer(doc.text) if not doc.in_entity(*m.span())]
        for match in tags[self.max :]:
            variables = {"count": len(tags), "max": self.max, "match": match[0]}
            yield self.finding(match.start(), match.end(), variables, match[1])
