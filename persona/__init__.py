"""The brand persona: its file, its rules, and checking a reply draft against them.

Pure logic (no UI, no I/O beyond reading the persona file): the composer and ``replydesk check``
call ``check`` on every keystroke or draft and show the findings.

Reading a persona file needs every rule type's module (their patterns compile on import) and
checking needs the rule engine, so those names load their modules on first use (PEP 562): the
queue and most commands never read a persona. So do the model, length counting (the ``regex``
library's grapheme clusters) and the packaged files: the app's first paint needs none of them
(its composer names only severities, from ``persona.severity``).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from persona.check import apply_fix, check, has_errors, warm
    from persona.context import CheckContext
    from persona.length import PLATFORM_RULE_ID, LengthCount, count_length, network_refusals
    from persona.load import RULE_TYPES, load_persona, parse_persona
    from persona.model import CheckRule, Finding, Persona, PhraseRule, Rule, SavedReply
    from persona.packaged import demo_persona_path, example_persona_text
    from persona.severity import Severity
    from persona.templates import render_template, template_variables

# Loaded on first use: name → its module.
_LAZY = {
    "apply_fix": "check",
    "check": "check",
    "has_errors": "check",
    "warm": "check",
    "RULE_TYPES": "load",
    "load_persona": "load",
    "parse_persona": "load",
    "PLATFORM_RULE_ID": "length",
    "LengthCount": "length",
    "count_length": "length",
    "network_refusals": "length",
    "demo_persona_path": "packaged",
    "example_persona_text": "packaged",
    "CheckContext": "context",
    "CheckRule": "model",
    "Finding": "model",
    "Persona": "model",
    "PhraseRule": "model",
    "Rule": "model",
    "SavedReply": "model",
    "Severity": "severity",
    "render_template": "templates",
    "template_variables": "templates",
}


def __getattr__(name: str) -> object:
    home = _LAZY.get(name)
    if home is None:
        raise AttributeError(f"module 'persona' has no attribute {name!r}")
    module = importlib.import_module(f"persona.{home}")
    # Bind all of the module's names now. This also puts the function ``check`` back over the
    # submodule ``persona.check`` that the import just set as an attribute here.
    for public, where in _LAZY.items():
        if where == home:
            globals()[public] = getattr(module, public)
    return globals()[name]


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
    "warm",
]
