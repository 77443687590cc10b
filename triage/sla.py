"""SLAs: how long each class of mention may wait, when it is due, and how urgent it is now.

Pure: every function takes the instants it needs (``created_at``, ``now``); none reads a clock.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from types import MappingProxyType

from adapters.records import Platform
from triage.business_hours import BusinessHours
from triage.classes import MentionClass
from triage.humanize import sla_text

Targets = Mapping[MentionClass, timedelta | None]

DEFAULT_TARGETS: Targets = MappingProxyType(
    {
        MentionClass.COMPLAINT: timedelta(hours=1),
        MentionClass.QUESTION: timedelta(hours=4),
        MentionClass.PRAISE: timedelta(hours=24),
        MentionClass.OTHER: timedelta(hours=48),
        MentionClass.SPAM: None,
    }
)
DEFAULT_AT_RISK = 0.75


@dataclass(frozen=True)
class SlaPolicy:
    """Per-class targets (``None``: never due), per-platform overrides, optional business hours.

    ``at_risk`` is the fraction of the SLA (in business time when hours are set) after which
    an item is "at risk".
    """

    targets: Targets = field(default_factory=lambda: DEFAULT_TARGETS, hash=False)
    platform_targets: Mapping[Platform, Targets] = field(
        default_factory=lambda: MappingProxyType({}), hash=False
    )
    hours: BusinessHours | None = None
    at_risk: float = DEFAULT_AT_RISK

    def target(self, cls: MentionClass, platform: Platform) -> tuple[timedelta | None, bool]:
        """The SLA of ``cls`` on ``platform``, and whether a platform override set it."""
        override = self.platform_targets.get(platform, {})
        if cls in override:
            return override[cls], True
        return self.targets.get(cls), False

    def add(self, start: datetime, duration: timedelta) -> datetime:
        """``start`` plus ``duration`` of SLA time (business time when hours are set)."""
        if self.hours is not None:
            return self.hours.add(start, duration)
        return start.astimezone(UTC) + duration


def default_sla_policy() -> SlaPolicy:
    """Complaint 1 h, question 4 h, praise 24 h, other 48 h, spam never due; round the clock."""
    return SlaPolicy()


@dataclass(frozen=True, slots=True)
class Due:
    """When a mention is due (UTC), under which SLA, and the rule in words.

    ``rule`` reads like "complaint: 1 h (Mon–Fri 09:00–17:00 Europe/Berlin)".
    ``at_risk_at`` is when it crosses the at-risk fraction of its SLA (``None`` when never due),
    stored so the queue can count at-risk items without the policy.
    """

    due_at: datetime | None
    sla: timedelta | None
    rule: str
    at_risk_at: datetime | None = None


class Urgency(StrEnum):
    """How close a mention is to its due time."""

    OK = "ok"
    AT_RISK = "at_risk"
    OVERDUE = "overdue"
    NONE = "none"


def _aware(moment: datetime) -> datetime:
    # Records are UTC-aware; a naive time from a script or test is taken to be UTC.
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def due(created_at: datetime, cls: MentionClass, platform: Platform, policy: SlaPolicy) -> Due:
    """The due time of a ``cls`` mention created at ``created_at`` on ``platform``.

    With business hours the clock only runs while open: Friday 16:30 + 1 h with Mon–Fri
    09:00–17:00 is due Monday 09:30.
    """
    sla, overridden = policy.target(cls, platform)
    name = f"{cls} on {platform}" if overridden else str(cls)
    if sla is None:
        return Due(None, None, f"{name}: no SLA")
    start = _aware(created_at)
    rule = f"{name}: {sla_text(sla)}"
    if policy.hours is not None:
        rule += f" ({policy.hours.describe()})"
    return Due(
        due_at=policy.add(start, sla),
        sla=sla,
        rule=rule,
        at_risk_at=policy.add(start, sla * policy.at_risk),
    )


def urgency(d: Due, created_at: datetime, now: datetime, policy: SlaPolicy) -> Urgency:
    """OVERDUE past ``due_at``; AT_RISK past ``policy.at_risk`` of the SLA (business time);
    NONE when never due. ``created_at``/``policy`` are used when ``d.at_risk_at`` is unknown
    (a ``Due`` rebuilt from storage without it)."""
    if d.due_at is None or d.sla is None:
        return Urgency.NONE
    now = _aware(now)
    if now >= d.due_at:
        return Urgency.OVERDUE
    at_risk_at = d.at_risk_at
    if at_risk_at is None:
        at_risk_at = policy.add(_aware(created_at), d.sla * policy.at_risk)
    return Urgency.AT_RISK if now >= at_risk_at else Urgency.OK
