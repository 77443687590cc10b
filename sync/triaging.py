"""Turning a pulled mention into the fields the store keeps (triage's decision)."""

from __future__ import annotations

from dataclasses import dataclass, field

from adapters.records import Mention
from store.mentions import TriageFields
from triage import Rules, SlaPolicy, base_priority, classify, default_rules, default_sla_policy, due


@dataclass(frozen=True, slots=True)
class TriageSettings:
    """The rules and SLA policy in force (the user's, or the defaults)."""

    rules: Rules = field(default_factory=default_rules)
    policy: SlaPolicy = field(default_factory=default_sla_policy)


def triage_fields(mention: Mention, settings: TriageSettings, other_open: int) -> TriageFields:
    """Classify ``mention`` and compute its due time and time-independent priority."""
    result = classify(mention.text, settings.rules)
    deadline = due(mention.created_at, result.cls, mention.platform, settings.policy)
    score = base_priority(result.cls, result.sentiment, mention.author.followers, other_open)
    return TriageFields(
        cls=result.cls.value,
        sentiment=result.sentiment,
        reasons=result.reasons,
        sla_rule=deadline.rule,
        due_at=deadline.due_at,
        priority=score.score,
    )
