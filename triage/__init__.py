"""Triage: what a mention is (complaint, question, praise, other, spam) and why; its SLA, due
time, urgency and priority score, with a human-readable explanation. Pure logic, no I/O
beyond reading the shipped rules file and a user's rules file when asked."""

from __future__ import annotations

from triage.batch import classify_lines
from triage.business_hours import BusinessHours
from triage.classes import Classification, Cue, MentionClass
from triage.classifier import classify
from triage.explain import Triage, due_text, explain, triage_mention
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
from triage.rules import Rules, default_rules, load_rules
from triage.sla import Due, SlaPolicy, Urgency, default_sla_policy, due, urgency
from triage.sla_config import sla_policy_from_config

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
