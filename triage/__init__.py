"""Triage: what a mention is (complaint, question, praise, other, spam) and why; its SLA, due
time, urgency and priority score, with a human-readable explanation. Pure logic, no I/O
beyond reading the shipped rules file and a user's rules file when asked.

The classifier's names load their modules on first use (PEP 562): the store and the queue need
only the SLA and priority parts, and must not pay for the classifier's libraries at start-up
(nor for reading the SLA settings, which the rules' worker does after the first paint).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from triage.business_hours import BusinessHours
from triage.classes import Classification, Cue, MentionClass
from triage.humanize import humanize_delta
from triage.priority import (
    Priority,
    PriorityTerm,
    base_priority,
    priority,
    rescore_at,
    score_at,
    time_term,
)
from triage.sla import Due, SlaPolicy, Urgency, default_sla_policy, due, urgency

if TYPE_CHECKING:
    from triage.batch import classify_lines
    from triage.classifier import classify
    from triage.explain import Triage, due_text, explain, triage_mention
    from triage.rules import Rules, default_rules, load_rules
    from triage.sla_config import sla_policy_from_config

# Loaded on first use: name → its module.
_LAZY = {
    "classify_lines": "batch",
    "classify": "classifier",
    "Triage": "explain",
    "due_text": "explain",
    "explain": "explain",
    "triage_mention": "explain",
    "Rules": "rules",
    "default_rules": "rules",
    "load_rules": "rules",
    "sla_policy_from_config": "sla_config",
}


def __getattr__(name: str) -> object:
    home = _LAZY.get(name)
    if home is None:
        raise AttributeError(f"module 'triage' has no attribute {name!r}")
    module = importlib.import_module(f"triage.{home}")
    # Bind all of the module's names now. This also puts the function ``explain`` back over
    # the submodule ``triage.explain`` that the import just set as an attribute here.
    for public, where in _LAZY.items():
        if where == home:
            globals()[public] = getattr(module, public)
    return globals()[name]


__all__ = [
    "BusinessHours",
    "Classification",
    "Cue",
    "Due",
    "MentionClass",
    "Priority",
    "PriorityTerm",
    "Rules",
    "SlaPolicy",
    "Triage",
    "Urgency",
    "base_priority",
    "classify",
    "classify_lines",
    "default_rules",
    "default_sla_policy",
    "due",
    "due_text",
    "explain",
    "humanize_delta",
    "load_rules",
    "priority",
    "rescore_at",
    "score_at",
    "sla_policy_from_config",
    "time_term",
    "triage_mention",
    "urgency",
]
