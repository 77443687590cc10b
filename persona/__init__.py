"""The brand persona: its file, its rules, and checking a reply draft against them.

Pure logic (no UI, no I/O beyond reading the persona file): the composer and ``replydesk check``
call ``check`` on every keystroke or draft and show the findings.
"""

from __future__ import annotations

from persona.check import apply_fix, check, has_errors
from persona.length import PLATFORM_RULE_ID, LengthCount, count_length, network_refusals
from persona.load import RULE_TYPES, load_persona, parse_persona
from persona.model import (
    CheckContext,
    CheckRule,
    Finding,
    Persona,
    PhraseRule,
    Rule,
    SavedReply,
    Severity,
)
from persona.packaged import demo_persona_path, example_persona_text
from persona.templates import render_template, template_variables

__all__ = [
    "PLATFORM_RULE_ID",
    "RULE_TYPES",
    "CheckContext",
    "CheckRule",
    "Finding",
    "LengthCount",
    "Persona",
    "PhraseRule",
    "Rule",
    "SavedReply",
    "Severity",
    "apply_fix",
    "check",
    "count_length",
    "demo_persona_path",
    "example_persona_text",
    "has_errors",
    "load_persona",
    "network_refusals",
    "parse_persona",
    "render_template",
    "template_variables",
]
