"""Triage a whole mention in one call, and explain the result in plain lines."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from adapters.records import Mention
from triage.classes import Classification
from triage.classifier import classify
from triage.humanize import humanize_delta
from triage.model import TextModel
from triage.priority import Priority, priority
from triage.rules import Rules
from triage.sla import Due, SlaPolicy, default_sla_policy, due


@dataclass(frozen=True, slots=True)
class Triage:
    """Everything triage says about one mention."""

    classification: Classification
    due: Due
    priority: Priority


def triage_mention(
    m: Mention,
    now: datetime,
    *,
    rules: Rules | None = None,
    policy: SlaPolicy | None = None,
    other_open: int = 0,
    model: TextModel | None = None,
) -> Triage:
    """Classify ``m``, set its due time under ``policy`` and score it at ``now``.

    ``other_open`` is how many other open mentions its author has (repeat contact).
    """
    policy = policy if policy is not None else default_sla_policy()
    c = classify(m.text, rules, model)
    d = due(m.created_at, c.cls, m.platform, policy)
    p = priority(c.cls, c.sentiment, m.author.followers, other_open, d, now, c.complaint_score)
    return Triage(c, d, p)


def due_text(d: Due, now: datetime) -> str:
    """ "overdue by 2 h 10 min (due Mon 30 Mar 07:30 UTC)", "due in 45 min (…)", "no due time"."""
    if d.due_at is None:
        return "no due time"
    when = d.due_at.astimezone(UTC).strftime("%a %d %b %H:%M UTC")
    if now >= d.due_at:
        return f"overdue by {humanize_delta(now - d.due_at)} (due {when})"
    risk = "at risk: " if d.at_risk_at is not None and now >= d.at_risk_at else ""
    return f"{risk}due in {humanize_delta(d.due_at - now)} ({when})"


def explain(t: Triage, now: datetime) -> list[str]:
    """Readable lines: the class and its reasons (cues quoted, tone), the SLA rule and due
    state, and each priority term."""
    c = t.classification
    lines = [f"class: {c.cls}"]
    lines += [f"  {reason}" for reason in c.reasons]
    lines.append(f"SLA: {t.due.rule}")
    lines.append(f"  {due_text(t.due, now)}")
    lines.append(f"priority: {t.priority.score:g}")
    lines += [f"  {term}" for term in t.priority.terms]
    return lines
