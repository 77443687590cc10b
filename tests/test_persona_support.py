"""Builders shared by the persona tests (no tests of its own)."""

from __future__ import annotations

from pathlib import Path

from adapters.records import Platform, default_limits
from persona import PLATFORM_RULE_ID, CheckContext, Finding, Persona, check, parse_persona

HEAD = """[persona]
name = "Test Roasters"
voice = "Plain."
greeting = "Hi {name}"
sign_off = "— Test team"
"""


def persona_with(*rules: str) -> Persona:
    """A persona holding the given ``[[rules]]`` bodies (TOML key lines)."""
    text = HEAD + "".join(f"\n[[rules]]\n{rule.strip()}\n" for rule in rules)
    return parse_persona(text, Path("test-persona.toml"))


def ctx(
    mention_class: str | None = None,
    platform: Platform = Platform.MASTODON,
    *,
    author_handle: str = "",
    author_name: str = "",
    agent: str = "",
    public: bool = True,
) -> CheckContext:
    """A context on ``platform`` answering a mention of ``mention_class``."""
    return CheckContext(
        default_limits(platform), mention_class, author_handle, author_name, agent, public
    )


def found(draft: str, persona: Persona, context: CheckContext | None = None) -> list[Finding]:
    """The persona's findings for ``draft`` (without the platform length rule)."""
    results = check(draft, persona, context or ctx())
    return [f for f in results if f.rule_id != PLATFORM_RULE_ID]


def spans(draft: str, findings: list[Finding]) -> list[str]:
    """The text each finding points at."""
    return [draft[f.start : f.end] for f in findings]
