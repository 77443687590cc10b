"""Turning a pulled mention into the fields the store keeps (triage's decision)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import timedelta
from types import MappingProxyType

from adapters.records import Mention
from adapters.reply_window import window_closes
from store.mentions import TriageFields
from store.routing import Route
from triage import (
    MentionClass,
    Rules,
    SlaPolicy,
    base_priority,
    classify,
    default_rules,
    default_sla_policy,
    due,
)
from triage.model import TextModel
from triage.sla import Targets
from triage.window import window_term

# Indirect mentions (found by a watch term, not addressed to the brand) wait longer, so they
# never bury tagged ones: complaints 4 h, the rest 24 h (``[watch.sla]`` in the config).
INDIRECT_TARGETS: Targets = MappingProxyType(
    {
        MentionClass.COMPLAINT: timedelta(hours=4),
        MentionClass.QUESTION: timedelta(hours=24),
        MentionClass.PRAISE: timedelta(hours=24),
        MentionClass.OTHER: timedelta(hours=24),
        MentionClass.SPAM: None,
    }
)


def indirect_sla_policy(configured: SlaPolicy | None = None, keys: Iterable[str] = ()) -> SlaPolicy:
    """The SLA of indirect mentions: complaints 4 h, the rest 24 h, unless ``configured``
    (read from ``[watch.sla]``) sets a class's target (``keys``: the classes it names)."""
    if configured is None:
        return SlaPolicy(targets=INDIRECT_TARGETS)
    named = {cls: configured.targets.get(cls) for cls in MentionClass if cls.value in set(keys)}
    return replace(configured, targets=MappingProxyType({**INDIRECT_TARGETS, **named}))


@dataclass(frozen=True, slots=True)
class TriageSettings:
    """The rules, SLA policies (tagged and indirect mentions) and learned model (if one has
    been trained) in force."""

    rules: Rules = field(default_factory=default_rules)
    policy: SlaPolicy = field(default_factory=default_sla_policy)
    model: TextModel | None = None
    indirect_policy: SlaPolicy = field(default_factory=indirect_sla_policy)
    routes: tuple[Route, ...] = ()
    """The config's routing rules, applied to mentions as they arrive (``store.routing``)."""

    def policy_for(self, mention: Mention) -> SlaPolicy:
        """The SLA policy ``mention`` is due under (indirect ones have their own)."""
        return self.indirect_policy if mention.is_indirect else self.policy


def triage_fields(
    mention: Mention,
    settings: TriageSettings,
    other_open: int,
    *,
    human: MentionClass | None = None,
) -> TriageFields:
    """Classify ``mention`` and compute its due time and time-independent priority.

    ``human`` is a person's class for it: due time and priority follow that class, the
    sentiment and reasons stay the classifier's, led by a note of the correction.
    """
    result = classify(mention.text, settings.rules, settings.model)
    cls = result.cls if human is None else human
    reasons = result.reasons
    if human is not None:
        reasons = (f"class set by hand (the classifier said {result.cls})", *reasons)
    deadline = due(mention.created_at, cls, mention.platform, settings.policy_for(mention))
    if mention.is_indirect:
        reasons = (f"indirect: found by the watch term {mention.found_by}", *reasons)
    # A person's class wins; the complaint score then counts only if they called it one.
    confidence = result.complaint_score if human in (None, MentionClass.COMPLAINT) else 0.0
    score = base_priority(cls, result.sentiment, mention.author.followers, other_open, confidence)
    window = window_term(window_closes(mention), deadline.due_at)  # Meta's 24 h rule
    if window is not None:
        reasons = (window.label, *reasons)
    return TriageFields(
        cls=cls.value,
        sentiment=result.sentiment,
        reasons=reasons,
        sla_rule=f"indirect {deadline.rule}" if mention.is_indirect else deadline.rule,
        due_at=deadline.due_at,
        priority=score.score + (window.points if window else 0.0),
        at_risk_at=deadline.at_risk_at,
        complaint_score=result.complaint_score,
    )
