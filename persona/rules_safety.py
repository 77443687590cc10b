"""Safety rules: unfilled placeholders, private data in public, unlisted links, profanity."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import ClassVar, Self

from persona import profanity
from persona.context import CheckContext
from persona.doc import Doc
from persona.model import CheckRule, Common, Finding, Severity
from persona.phrases import compile_phrases, phrase_key
from persona.reader import Head, Table
from persona.templates import template_variables
from persona.textscan import URL_RE, host_of

_PLACEHOLDER = re.compile(
    r"\{\{\s*(?P<double>[A-Za-z_]\w*)\s*\}\}|\{\s*(?P<single>[A-Za-z_]\w*)\s*\}"
    r"|\[(?P<bracket>[A-Z][A-Z0-9]*(?:[ _][A-Z0-9]+)*)\]"
)
_EMAIL = re.compile(r"(?<![\w.+@-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}")
_PHONE = re.compile(
    r"(?<![\w+/#.-])(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,4}\)[ .-]?)?\d{2,5}(?:[ .-]\d{2,5}){1,4}(?![\w-])"
    r"|(?<![\w+/#.-])\+?\d{8,15}(?![\w-])"
)
_DATE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}")
DEFAULT_ORDER_PATTERNS = (
    r"\b(?:order|account|acct|invoice|customer|member|ticket|case|tracking)"
    r"(?:\s+(?:no\.?|number|num|id))?\s*:?\s*(?P<id>#?[A-Z]{0,4}-?\d[\w-]{3,})",
    r"(?<![\w&/])#\d{4,}(?!\w)",
)
_KINDS = {
    "email": "an e-mail address",
    "phone": "a phone number",
    "order": "an order or account number",
}


@dataclass(frozen=True, kw_only=True)
class Placeholder(CheckRule):
    """Template placeholders left in the text: ``{name}``, ``{{agent}}``, ``[ORDER NUMBER]``."""

    kind: ClassVar[str] = "placeholder"
    default_severity: ClassVar[Severity] = Severity.ERROR
    default_message: ClassVar[str] = "Unfilled placeholder “{match}”."

    @classmethod
    def from_table(cls, table: Table, common: Common, head: Head) -> Self:
        """No keys of its own."""
        return cls(**common)

    def describe(self) -> str:
        """E.g. "placeholder: {name}, {{name}}, [NAME]"."""
        return f"{self.kind}: {{name}}, {{{{name}}}}, [NAME]"

    def check(self, doc: Doc, ctx: CheckContext) -> Iterator[Finding]:
        """A finding on each placeholder, fixed with its value when the context knows it."""
        if "{" not in doc.text and "[" not in doc.text:
            return
        values = template_variables(ctx)
        for match in _PLACEHOLDER.finditer(doc.text):
            if doc.in_entity(*match.span()):
                continue
            name = match["double"] or match["single"] or ""
            yield self.finding(match.start(), match.end(), {"match": match[0]}, values.get(name))


@dataclass(frozen=True, kw_only=True)
class PrivateData(CheckRule):
    """E-mail addresses, phone numbers, order or account numbers in a public reply."""

    kind: ClassVar[str] = "private_data"
    default_severity: ClassVar[Severity] = Severity.ERROR
    default_message: ClassVar[str] = (
        "This looks like {what} in a public reply: send it by direct message instead."
    )

    kinds: tuple[str, ...] = tuple(_KINDS)
    order_patterns: tuple[re.Pattern[str], ...] = tuple(
        re.compile(p, re.IGNORECASE) for p in DEFAULT_ORDER_PATTERNS
    )
    replacement: str | None = None

    @classmethod
    def from_table(cls, table: Table, common: Common, head: Head) -> Self:
        """``kinds`` (email, phone, order), ``order_patterns``, ``replacement`` (the fix)."""
        kinds = table.texts("kinds", tuple(_KINDS))
        unknown = [k for k in kinds if k not in _KINDS]
        if unknown:
            raise table.error("kinds", f"unknown kind {unknown[0]!r}; use {', '.join(_KINDS)}")
        patterns = table.patterns("order_patterns") if table.has("order_patterns") else None
        replacement = table.text("replacement", "") if table.has("replacement") else None
        if patterns is None:
            return cls(**common, kinds=kinds, replacement=replacement)
        return cls(**common, kinds=kinds, order_patterns=patterns, replacement=replacement)

    def describe(self) -> str:
        """E.g. "private_data: email, phone, order"."""
        return f"{self.kind}: {', '.join(self.kinds)}"

    def _spans(self, doc: Doc) -> Iterator[tuple[str, int, int]]:
        if "order" in self.kinds:
            for pattern in self.order_patterns:
                for match in pattern.finditer(doc.text):
                    group = "id" if "id" in pattern.groupindex else 0
                    yield "order", match.start(group), match.end(group)
        if "email" in self.kinds and "@" in doc.text:
            for match in _EMAIL.finditer(doc.text):
                yield "email", match.start(), match.end()
        if "phone" in self.kinds:
            for match in _PHONE.finditer(doc.text):
                digits = sum(ch.isdigit() for ch in match[0])
                if 8 <= digits <= 15 and not _DATE.fullmatch(match[0]):
                    yield "phone", match.start(), match.end()

    def check(self, doc: Doc, ctx: CheckContext) -> Iterator[Finding]:
        """A finding on each item, unless the reply is a direct message."""
        if not ctx.public:
            return
        taken: list[tuple[int, int]] = []
        for kind, start, end in self._spans(doc):
            if doc.in_entity(start, end) or any(s < end and start < e for s, e in taken):
                continue
            taken.append((start, end))
            yield self.finding(start, end, {"what": _KINDS[kind]}, self.replacement)


@dataclass(frozen=True, kw_only=True)
class Links(CheckRule):
    """Links only to allow-listed domains (``*.example.com`` allows its subdomains)."""

    kind: ClassVar[str] = "links"
    default_severity: ClassVar[Severity] = Severity.ERROR
    default_message: ClassVar[str] = "We only link to {allowed}; “{host}” is not on the list."

    allow: tuple[str, ...]

    @classmethod
    def from_table(cls, table: Table, common: Common, head: Head) -> Self:
        """``allow = ["fernbrook.example", "*.fernbrook.example"]``."""
        allow = tuple(d.lower().rstrip(".") for d in table.texts("allow"))
        if not allow:
            raise table.error("allow", "needs at least one domain")
        return cls(**common, allow=allow)

    def describe(self) -> str:
        """E.g. "links: only fernbrook.example, help.fernbrook.example"."""
        return f"{self.kind}: only {', '.join(self.allow)}"

    def _allowed(self, host: str) -> bool:
        return any(host == d or (d.startswith("*.") and host.endswith(d[1:])) for d in self.allow)

    def check(self, doc: Doc, ctx: CheckContext) -> Iterator[Finding]:
        """A finding on each link to a host that is not allowed."""
        for match in URL_RE.finditer(doc.text):
            host = host_of(match[0])
            if not self._allowed(host):
                variables = {"host": host, "allowed": ", ".join(self.allow)}
                yield self.finding(match.start(), match.end(), variables)


@dataclass(frozen=True, kw_only=True)
class Profanity(CheckRule):
    """Words on better_profanity's maintained list (minus ``allow``, plus ``extra``)."""

    kind: ClassVar[str] = "profanity"
    default_severity: ClassVar[Severity] = Severity.ERROR
    default_message: ClassVar[str] = "“{match}” is on the profanity list."

    allow: tuple[str, ...] = ()
    extra: tuple[str, ...] = ()
    _extra: re.Pattern[str] | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_extra", compile_phrases(self.extra))

    @classmethod
    def from_table(cls, table: Table, common: Common, head: Head) -> Self:
        """``allow`` (listed words that are fine for this brand) and ``extra`` words."""
        return cls(**common, allow=table.texts("allow"), extra=table.texts("extra"))

    def prepare(self) -> None:
        """Read and compile the word list."""
        profanity.word_list()

    def describe(self) -> str:
        """E.g. "profanity: better_profanity's list, allowing “fat”"."""
        allowed = f", allowing {', '.join(self.allow)}" if self.allow else ""
        return f"{self.kind}: better_profanity's word list{allowed}"

    def check(self, doc: Doc, ctx: CheckContext) -> Iterator[Finding]:
        """A finding on each listed word outside links and mentions."""
        allowed = {phrase_key(word) for word in self.allow}
        spans = set(profanity.find(doc.lower))
        if self._extra is not None:
            spans.update(match.span() for match in self._extra.finditer(doc.lower))
        for start, end in sorted(spans):
            word = doc.text[start:end]
            if phrase_key(word) in allowed or doc.in_entity(start, end):
                continue
            yield self.finding(start, end, {"match": word})
