"""Typed records the store hands to the rest of the app (never sqlite-utils rows)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from adapters.records import Mention


class MentionState(StrEnum):
    """Where a mention stands in the person's work."""

    NEW = "new"
    OPEN = "open"
    SNOOZED = "snoozed"
    DONE = "done"
    SPAM = "spam"


class OutboxStatus(StrEnum):
    """Life of an approved reply: queued → sending → sent (or failed, kept for a retry)."""

    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class StoredMention:
    """A cached mention with its triage and its state.

    ``id`` is the local key the UI and CLI use; ``cls_source`` is "auto" or "human" (a person's
    correction, never overwritten by a re-sync), and ``cls_auto`` what the classifier said.
    ``priority`` is the time-independent part of the score; ``score`` adds the time term as of
    the last rescore (what the queue is ranked by); ``at_risk_at`` is when it becomes at risk.
    """

    id: int
    mention: Mention
    cls: str
    cls_source: str
    sentiment: float
    reasons: tuple[str, ...]
    sla_rule: str
    due_at: datetime | None
    priority: float
    state: MentionState
    snooze_until: datetime | None
    answered_at: datetime | None
    answered_by: str
    gone: bool
    cls_auto: str = ""
    at_risk_at: datetime | None = None
    score: float = 0.0
    labels: tuple[str, ...] = ()
    assignee: str = ""
    """The teammate it is assigned to ("" nobody)."""

    def is_overdue(self, now: datetime) -> bool:
        """Still waiting for an answer past its due time."""
        return self.is_waiting and self.due_at is not None and self.due_at <= now

    @property
    def is_waiting(self) -> bool:
        """Nobody has answered or closed it yet."""
        return self.state in (MentionState.NEW, MentionState.OPEN) and self.answered_at is None


@dataclass(frozen=True, slots=True)
class OutboxItem:
    """An approved reply on its way to the network."""

    id: int
    mention_id: int
    account_id: str
    text: str
    idempotency_key: str
    status: OutboxStatus
    attempts: int
    last_error: str
    next_attempt_at: datetime | None
    created_at: datetime
    sent_remote_id: str | None
    sent_at: datetime | None
    network_ref: str = ""  # what the network prepared for this reply (a Threads container)
    private: bool = False  # a private reply to a public comment's author (one direct message)


@dataclass(frozen=True, slots=True)
class QueueCounts:
    """What the header shows: how much is waiting (spam apart), how much is at risk (past the
    at-risk share of its SLA, not yet due) and how much is late."""

    open: int
    overdue: int
    at_risk: int = 0
    spam: int = 0


@dataclass(frozen=True, slots=True)
class StateChange:
    """One undoable change of a mention's state, as the audit log recorded it."""

    audit_id: int
    mention_id: int
    before: MentionState
    after: MentionState


@dataclass(frozen=True, slots=True)
class ClassChange:
    """One undoable class correction, as the audit log recorded it."""

    audit_id: int
    mention_id: int
    before: str
    after: str


@dataclass(frozen=True, slots=True)
class ClassLabel:
    """A person's class correction, as the evaluation export writes it."""

    mention_id: int
    text: str
    cls: str
    auto_cls: str
    platform: str
    created_at: datetime
    followers: int
    labelled_at: datetime | None
