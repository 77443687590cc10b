"""Priority: one score per mention, and the terms it is made of, so a person can see why.

The score is time-independent (class, negativity, repeat contact, reach) plus one time term
that is a STEP function of ``now``: nothing until the item is at risk, a fixed bonus while at
risk, then a bonus that grows by whole hours past due (capped). Because it only changes at
known instants, the store can keep the score in an indexed column and, on a timer, rescore only
the rows whose ``rescore_at`` has passed: re-ranking costs O(changed rows), not O(queue).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from triage.classes import MentionClass
from triage.humanize import count_text, humanize_delta, signed, sla_text
from triage.sla import Due

C = MentionClass

CLASS_POINTS = {C.COMPLAINT: 40.0, C.QUESTION: 25.0, C.PRAISE: 10.0, C.OTHER: 5.0, C.SPAM: -100.0}
# How much being late matters, per class: an overdue complaint hurts; overdue praise less so.
URGENCY_FACTOR = {C.COMPLAINT: 1.0, C.QUESTION: 0.8, C.PRAISE: 0.3, C.OTHER: 0.3, C.SPAM: 0.0}
NEGATIVITY_POINTS = 15.0  # times -sentiment, for negative mentions
COMPLAINT_SCORE_POINTS = 10.0  # times the complaint score, for complaints: surer ones first
REPEAT_POINTS = 5.0  # per other open item by the same author …
REPEAT_CAP = 20.0  # … up to this
REACH_POINTS = 1.5  # per tenfold followers (log10) …
REACH_CAP = 12.0  # … up to this (100 M followers)
AT_RISK_POINTS = 15.0
OVERDUE_POINTS = 30.0
OVERDUE_PER_HOUR = 2.5  # per whole hour past due …
OVERDUE_MAX_HOURS = 12  # … counted up to this many hours
_HOUR = timedelta(hours=1)


@dataclass(frozen=True, slots=True)
class PriorityTerm:
    """One reason for the score: "complaint +40", "12 k followers +6"."""

    label: str
    points: float

    def __str__(self) -> str:
        return f"{self.label} {self.points:+g}"


@dataclass(frozen=True, slots=True)
class Priority:
    """The score (higher first) and the terms that add up to it."""

    score: float
    terms: tuple[PriorityTerm, ...]


def _total(terms: list[PriorityTerm]) -> Priority:
    return Priority(round(sum(t.points for t in terms), 1), tuple(terms))


def base_priority(
    cls: MentionClass,
    sentiment: float,
    followers: int,
    other_open: int,
    complaint_score: float = 0.0,
) -> Priority:
    """The time-independent part: class weight, complaint score (complaints only), negativity,
    repeat contact, reach (log-scaled).

    Spam gets only its strongly negative class weight, so it sinks below everything else.
    """
    terms = [PriorityTerm(str(cls), CLASS_POINTS[cls])]
    if cls is C.SPAM:
        return _total(terms)
    if cls is C.COMPLAINT and complaint_score > 0:
        points = round(COMPLAINT_SCORE_POINTS * min(1.0, complaint_score), 1)
        if points >= 0.5:
            terms.append(PriorityTerm(f"complaint score {complaint_score:.2f}", points))
    if sentiment < 0:
        points = round(NEGATIVITY_POINTS * min(1.0, -sentiment), 1)
        if points >= 0.5:
            terms.append(PriorityTerm(f"negative tone ({signed(sentiment)})", points))
    if other_open > 0:
        noun = "item" if other_open == 1 else "items"
        points = min(REPEAT_POINTS * other_open, REPEAT_CAP)
        terms.append(PriorityTerm(f"author has {other_open} other open {noun}", points))
    if followers >= 10:
        points = round(min(REACH_POINTS * math.log10(followers), REACH_CAP), 1)
        terms.append(PriorityTerm(f"{count_text(followers)} followers", points))
    return _total(terms)


def _time_points(cls: MentionClass, d: Due, now: datetime) -> float:
    factor = URGENCY_FACTOR[cls]
    if d.due_at is None or factor == 0:
        return 0.0
    if now >= d.due_at:
        hours = min(int((now - d.due_at) // _HOUR), OVERDUE_MAX_HOURS)
        return round(factor * (OVERDUE_POINTS + OVERDUE_PER_HOUR * hours), 1)
    if d.at_risk_at is not None and now >= d.at_risk_at:
        return round(factor * AT_RISK_POINTS, 1)
    return 0.0


def time_term(cls: MentionClass, d: Due, now: datetime) -> PriorityTerm | None:
    """The term for how far past, or how close to, the due time ``d`` is at ``now``."""
    points = _time_points(cls, d, now)
    if not points or d.due_at is None or d.sla is None:
        return None
    if now >= d.due_at:
        label = f"{humanize_delta(now - d.due_at)} past the {sla_text(d.sla)} SLA"
    else:
        label = f"due in {humanize_delta(d.due_at - now)} ({sla_text(d.sla)} SLA)"
    return PriorityTerm(label, points)


def score_at(base_score: float, cls: MentionClass, d: Due, now: datetime) -> float:
    """``priority(...).score`` from a stored base score, without building any labels: what
    the queue uses to rescore rows on its timer."""
    return round(base_score + _time_points(cls, d, now), 1)


def priority(
    cls: MentionClass,
    sentiment: float,
    followers: int,
    other_open: int,
    d: Due,
    now: datetime,
    complaint_score: float = 0.0,
) -> Priority:
    """``base_priority`` plus the time term at ``now``."""
    base = base_priority(cls, sentiment, followers, other_open, complaint_score)
    term = time_term(cls, d, now)
    return base if term is None else _total([*base.terms, term])


def rescore_at(cls: MentionClass, d: Due, now: datetime) -> datetime | None:
    """The next instant after ``now`` at which ``priority`` changes (``None``: never again).

    The store indexes this and rescores only rows whose instant has passed.
    """
    if d.due_at is None or URGENCY_FACTOR[cls] == 0:
        return None
    if d.at_risk_at is not None and now < d.at_risk_at:
        return d.at_risk_at
    if now < d.due_at:
        return d.due_at
    hours = int((now - d.due_at) // _HOUR)
    if hours >= OVERDUE_MAX_HOURS:
        return None
    return d.due_at + (hours + 1) * _HOUR
