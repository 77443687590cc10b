"""Rules for what a reply must contain: elements by mention class, greeting, sign-off, address.

A missing element is reported at the place it belongs (an empty span), and the fix inserts it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import ClassVar, Self

from persona.context import CheckContext
from persona.doc import Doc
from persona.edits import (
    after_greeting,
    after_mentions,
    before_sign_off,
    greeting_prefix,
    sign_off_core,
)
from persona.model import CheckRule, Common, Finding, Severity
from persona.phrases import compile_phrases
from persona.reader import Head, Table
from persona.templates import PLACEHOLDER_RE, first_name, render_template, template_variables

#: Built-in phrase lists per element, and the class each element is required for by default.
ELEMENTS: dict[str, tuple[tuple[str, ...], str, str]] = {
    "apology": (
        (
            "sorry", "apologies", "apologise", "apologize", "we apologise", "we apologize",
            "that sounds frustrating", "that's frustrating", "so frustrating", "we understand",
            "I understand", "we hear you", "not the experience", "not okay", "not good enough",
        ),
        "complaint",
        "A complaint reply needs an apology or empathy (“I'm sorry”, “that sounds frustrating”).",
    ),
    "next_step": (
        (
            "DM", "direct message", "message us", "send us", "we'll", "we will", "I'll", "I will",
            "please", "email", "e-mail", "contact", "reach out", "let us know", "get back to you",
            "look into", "replace", "replacement", "call us", "here's how", "you can",
        ),
        "complaint",
        "Say what happens next (a DM, a replacement, when we'll get back to them).",
    ),
    "thanks": (
        ("thank", "thanks", "thank you", "thankful", "appreciate", "grateful", "cheers"),
        "praise",
        "Thank them: a praise reply starts from “thank you”.",
    ),
    "answer": (
        (
            "yes", "no", "you can", "it's", "it is", "we do", "we don't", "here's", "here is",
            "see", "check", "find", "available", "our FAQ", "the answer", "DM us", "we'll",
        ),
        "question",
        "Answer the question or point somewhere that does (a link, the FAQ, a DM).",
    ),
}  # fmt: skip


@dataclass(frozen=True, kw_only=True)
class Required(CheckRule):
    """An element a reply to some class of mention must contain (apology, thanks, answer…)."""

    kind: ClassVar[str] = "required"
    default_severity: ClassVar[Severity] = Severity.WARNING
    default_message: ClassVar[str] = "This reply is missing its {element}."

    element: str
    any_of: tuple[str, ...]
    patterns: tuple[re.Pattern[str], ...] = ()
    links_count: bool = False
    suggestion: str = ""
    position: str = "start"
    greeting: str = ""
    sign_off: str = ""
    _matcher: re.Pattern[str] | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_matcher", compile_phrases(self.any_of))

    @classmethod
    def from_table(cls, table: Table, common: Common, head: Head) -> Self:
        """``element``, ``any_of``, ``patterns``, ``links_count``, ``suggestion``, ``position``."""
        element = table.choice("element", [*ELEMENTS, "custom"], "custom")
        phrases, default_class, message = ELEMENTS.get(element, ((), "", ""))
        any_of = table.texts("any_of", phrases)
        patterns = table.patterns("patterns")
        if not any_of and not patterns:
            raise table.error("any_of", "needs at least one phrase or pattern")
        if not table.has("message") and message:
            common["message"] = message
        if not common["classes"] and default_class:
            common["classes"] = (default_class,)
        return cls(
            **common,
            element=element,
            any_of=any_of,
            patterns=patterns,
            links_count=table.flag("links_count", element in {"next_step", "answer"}),
            suggestion=table.text("suggestion", ""),
            position=table.choice("position", ["start", "end"], "start"),
            greeting=head.greeting,
            sign_off=head.sign_off,
        )

    def describe(self) -> str:
        """E.g. "required (apology) for complaint: “sorry”, “apologies” …"."""
        scope = f" for {', '.join(self.classes)}" if self.classes else ""
        sample = ", ".join(f"“{p}”" for p in self.any_of[:4])
        return f"{self.kind} ({self.element}){scope}: {sample}…"

    def check(self, doc: Doc, ctx: CheckContext) -> Iterator[Finding]:
        """A finding at the element's place when none of its phrases, patterns (or links) occur."""
        if self._matcher is not None and self._matcher.search(doc.lower):
            return
        if any(p.search(doc.text) for p in self.patterns):
            return
        if self.links_count and doc.urls:
            return
        if self.position == "start":
            at = after_greeting(doc.text, self.greeting)
            fix = f"{self.suggestion} " if self.suggestion else None
        else:
            at = before_sign_off(doc.text, self.sign_off)
            pad = " " if at > 0 and not doc.text[at - 1].isspace() else ""
            fix = f"{pad}{self.suggestion}" if self.suggestion else None
        yield self.finding(at, at, {"element": self.element}, fix)


@dataclass(frozen=True, kw_only=True)
class Greeting(CheckRule):
    """The reply opens with the house greeting ("Hi {name}")."""

    kind: ClassVar[str] = "greeting"
    default_severity: ClassVar[Severity] = Severity.INFO
    default_message: ClassVar[str] = "Open with our greeting: “{greeting}”."

    text: str

    @classmethod
    def from_table(cls, table: Table, common: Common, head: Head) -> Self:
        """``text`` (default: the persona's ``greeting``)."""
        text = table.text("text", head.greeting)
        if not greeting_prefix(text):
            raise table.error("text", "needs a greeting that starts with words, e.g. 'Hi {name}'")
        return cls(**common, text=text)

    def describe(self) -> str:
        """E.g. "greeting: “Hi {name}”"."""
        return f"{self.kind}: “{self.text}”"

    def check(self, doc: Doc, ctx: CheckContext) -> Iterator[Finding]:
        """A finding after the leading mentions when the greeting's words are not there."""
        at = after_mentions(doc.text)
        prefix = greeting_prefix(self.text)
        rest = doc.lower[at:]
        if rest.startswith(prefix) and not rest[len(prefix) : len(prefix) + 1].isalnum():
            return
        filled = render_template(self.text, template_variables(ctx))
        # An unknown name is dropped from the fix rather than left as "{name}".
        filled = PLACEHOLDER_RE.sub("", filled).strip().rstrip(",")
        yield self.finding(at, at, {"greeting": self.text}, f"{filled}, ")


@dataclass(frozen=True, kw_only=True)
class SignOff(CheckRule):
    """The reply ends with the house sign-off ("— Fernbrook team")."""

    kind: ClassVar[str] = "sign_off"
    default_severity: ClassVar[Severity] = Severity.WARNING
    default_message: ClassVar[str] = "End with our sign-off: “{sign_off}”."

    text: str

    @classmethod
    def from_table(cls, table: Table, common: Common, head: Head) -> Self:
        """``text`` (default: the persona's ``sign_off``)."""
        text = table.text("text", head.sign_off)
        if not sign_off_core(text):
            raise table.error("text", "needs a sign-off, here or as sign_off in [persona]")
        return cls(**common, text=text)

    def describe(self) -> str:
        """E.g. "sign_off: “— Fernbrook team”"."""
        return f"{self.kind}: “{self.text}”"

    def check(self, doc: Doc, ctx: CheckContext) -> Iterator[Finding]:
        """A finding at the end of the text when it does not end with the sign-off's words."""
        body = doc.text.rstrip()
        if body.lower().endswith(sign_off_core(self.text)):
            return
        fix = f"\n{self.text}" if body else self.text
        yield self.finding(len(body), len(body), {"sign_off": self.text}, fix)


@dataclass(frozen=True, kw_only=True)
class Address(CheckRule):
    """The reply names the person it answers: their @handle or their name."""

    kind: ClassVar[str] = "address"
    default_message: ClassVar[str] = "Address {author} by @handle or by name."

    @classmethod
    def from_table(cls, table: Table, common: Common, head: Head) -> Self:
        """No keys of its own (scope it with ``platforms``)."""
        return cls(**common)

    def describe(self) -> str:
        """E.g. "address: @handle or name (mastodon)"."""
        scope = f" ({', '.join(self.platforms)})" if self.platforms else ""
        return f"{self.kind}: @handle or name{scope}"

    def check(self, doc: Doc, ctx: CheckContext) -> Iterator[Finding]:
        """A finding at the start when neither the handle nor the first name appears."""
        handle = ctx.author_handle.strip().lstrip("@").lower()
        if not handle:
            return
        wanted = {f"@{handle}", f"@{handle.split('@')[0]}"}
        if any(doc.lower[start:end] in wanted for start, end in doc.mentions):
            return
        name = first_name(ctx.author_name).lower()
        if name and re.search(rf"(?<!\w){re.escape(name)}(?!\w)", doc.lower):
            return
        yield self.finding(0, 0, {"author": f"@{handle}"}, f"@{handle} ")
