"""Checking a draft: the platform length rule, then the persona's rules; applying a fix."""

from __future__ import annotations

from collections.abc import Iterable

from persona.context import CheckContext
from persona.doc import Doc
from persona.engine import engine_for
from persona.length import platform_findings
from persona.model import Finding, Persona
from persona.severity import SEVERITY_RANK, Severity


def _order(finding: Finding) -> tuple[int, int, int, str]:
    return finding.start, finding.end, SEVERITY_RANK[finding.severity], finding.rule_id


def check(draft: str, persona: Persona | None, ctx: CheckContext) -> tuple[Finding, ...]:
    """Every finding for ``draft`` answered in ``ctx``, sorted by position.

    The network's length limit is always checked, with or without a persona: a post over it
    would be refused.
    """
    findings = list(platform_findings(draft, ctx.limits))
    if persona is not None:
        findings.extend(engine_for(persona).run(Doc(draft), ctx))
    return tuple(sorted(findings, key=_order))


def apply_fix(draft: str, finding: Finding) -> str:
    """``draft`` with ``finding``'s fix applied.

    Findings index the draft they were computed on: re-check after every edit. Raises
    ``ValueError`` for a finding without a fix or whose span does not fit ``draft``.
    """
    if finding.fix is None:
        raise ValueError(f"finding {finding.rule_id!r} has no fix")
    if not 0 <= finding.start <= finding.end <= len(draft):
        raise ValueError(
            f"finding {finding.rule_id!r} spans {finding.start}:{finding.end}, "
            f"outside a draft of {len(draft)} characters"
        )
    return draft[: finding.start] + finding.fix + draft[finding.end :]


def warm(persona: Persona) -> None:
    """Compile every context's matcher and load every rule's data (word lists, dictionaries)
    now, so the first keystroke is as fast as any; the app runs it in a background thread."""
    engine_for(persona).warm()


def has_errors(findings: Iterable[Finding]) -> bool:
    """Whether any finding is an error (sending is then blocked unless overridden)."""
    return any(finding.severity == Severity.ERROR for finding in findings)
