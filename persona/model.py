"""The persona's data model: findings, the context a draft is checked in, rules and the persona.

Everything here is frozen: a loaded persona is shared by the composer, the CLI and worker
threads, and a finding is a value the UI can keep while the draft changes underneath it.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Self, TypedDict

from adapters.records import Platform
from persona.context import CheckContext
from persona.severity import Severity as Severity  # also named here, as it always was
from persona.templates import render_template

if TYPE_CHECKING:
    # Only named here: the checks build the Doc (with the text-scanning patterns) and the
    # loader the tables, neither of which the app's first paint needs.
    from persona.doc import Doc
    from persona.reader import Head, Table

#: The mention classes triage produces; rules may be scoped to any of them.
KNOWN_CLASSES = frozenset({"complaint", "question", "praise", "other", "spam"})


@dataclass(frozen=True)
class Finding:
    """One problem in a draft.

    ``start``/``end`` index the draft string (Python ``str`` indices). ``fix`` replaces
    ``draft[start:end]`` when accepted (``""`` deletes); for a missing element the span is empty
    and marks where the fix is inserted. ``None`` means there is no automatic fix.
    """

    rule_id: str
    severity: Severity
    message: str
    start: int
    end: int
    fix: str | None = None


@dataclass(frozen=True)
class SavedReply:
    """A reusable reply from the persona's ``[[saved_replies]]`` (a template, see templates.py)."""

    name: str
    text: str


class Common(TypedDict):
    """The keys every rule shares, read by the loader before the rule's own keys."""

    id: str
    severity: Severity
    message: str
    platforms: tuple[Platform, ...]
    classes: tuple[str, ...]
    unsolicited: bool


@dataclass(frozen=True, kw_only=True)
class Rule(ABC):
    """Base of every persona rule: an id, a severity, a message and where it applies.

    ``platforms`` and ``classes`` scope a rule (empty = everywhere); ``unsolicited = true``
    keeps it to replies to people who did not address the brand. Messages may use
    ``{placeholders}`` that each rule fills (``{match}``, ``{count}``, ``{max}``, …).
    """

    kind: ClassVar[str] = ""
    default_severity: ClassVar[Severity] = Severity.WARNING
    default_message: ClassVar[str] = ""

    id: str
    severity: Severity
    message: str
    platforms: tuple[Platform, ...] = ()
    classes: tuple[str, ...] = ()
    unsolicited: bool = False

    @classmethod
    @abstractmethod
    def from_table(cls, table: Table, common: Common, head: Head) -> Self:
        """Build the rule from its ``[[rules]]`` table (``common`` keys already read)."""

    def prepare(self) -> None:  # noqa: B027 - most rules have nothing to load
        """Load what the rule needs (word lists, models) ahead of the first check."""

    def applies(self, ctx: CheckContext) -> bool:
        """Whether this rule runs for a draft in ``ctx``."""
        if self.platforms and ctx.limits.platform not in self.platforms:
            return False
        if self.unsolicited and not ctx.unsolicited:
            return False
        return not self.classes or ctx.mention_class in self.classes

    def describe(self) -> str:
        """One plain line for the persona screen: what the rule looks for."""
        return self.kind

    def finding(
        self,
        start: int,
        end: int,
        variables: Mapping[str, object] | None = None,
        fix: str | None = None,
    ) -> Finding:
        """A finding of this rule, its message filled with ``variables``."""
        values = {key: str(value) for key, value in (variables or {}).items()}
        return Finding(
            self.id, self.severity, render_template(self.message, values), start, end, fix
        )


@dataclass(frozen=True, kw_only=True)
class CheckRule(Rule):
    """A rule that inspects the whole draft on its own."""

    @abstractmethod
    def check(self, doc: Doc, ctx: CheckContext) -> Iterator[Finding]:
        """Yield this rule's findings for ``doc`` (the caller has checked ``applies``)."""


@dataclass(frozen=True)
class Hit:
    """One occurrence of a phrase rule's phrase or pattern in the draft."""

    start: int
    end: int
    text: str
    payload: str | None = None


@dataclass(frozen=True, kw_only=True)
class PhraseRule(Rule):
    """A rule made of words and phrases, matched case-insensitively as whole words.

    The phrases of all phrase rules are compiled into one combined matcher per persona (see
    engine.py), so 200 rules cost one scan of the draft. ``patterns`` are the rule's own regular
    expressions, run separately; ``exceptions`` are phrases inside which a hit is ignored.
    """

    exceptions: tuple[str, ...] = ()

    @abstractmethod
    def phrase_items(self) -> Iterator[tuple[str, str | None]]:
        """``(phrase, payload)`` pairs to match; the payload comes back on each ``Hit``."""

    def pattern_items(self) -> Iterator[tuple[re.Pattern[str], str | None]]:
        """``(compiled regex, payload)`` pairs matched on their own (user regexes)."""
        return iter(())

    @abstractmethod
    def on_hits(self, doc: Doc, ctx: CheckContext, hits: list[Hit]) -> Iterator[Finding]:
        """Turn this rule's hits (sorted by position, exceptions removed) into findings."""


@dataclass(frozen=True)
class Persona:
    """A brand's voice and the rules every reply is checked against.

    ``greeting`` and ``sign_off`` are the house conventions ("Hi {name}", "— Fernbrook team");
    ``problems`` lists non-fatal issues found while loading (a rule with a bad regex is skipped
    and reported here, never fatal).
    """

    name: str
    voice: str
    greeting: str
    sign_off: str
    rules: tuple[Rule, ...] = ()
    source: Path | None = None
    problems: tuple[str, ...] = ()
    saved_replies: tuple[SavedReply, ...] = ()
