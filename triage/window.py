"""A reply window that closes before the SLA: the mention must be answered sooner than its
class alone says (Meta's 24 h messaging rule), so it ranks higher, with the reason shown.

Pure: the window's closing time comes from the mention (``adapters.reply_window``), the due
time from the SLA policy; this module only weighs one against the other.
"""

from __future__ import annotations

from datetime import datetime

from triage.humanize import humanize_delta
from triage.priority import PriorityTerm

WINDOW_POINTS = 20.0  # between "at risk" (15) and "overdue" (30): it cannot wait its turn


def window_term(closes: datetime | None, due_at: datetime | None) -> PriorityTerm | None:
    """The bonus for a reply window closing before the due time (or with no SLA at all)."""
    if closes is None or (due_at is not None and closes >= due_at):
        return None
    if due_at is None:
        return PriorityTerm("reply window closes (no SLA)", WINDOW_POINTS)
    early = humanize_delta(due_at - closes)
    return PriorityTerm(f"reply window closes {early} before the SLA", WINDOW_POINTS)
