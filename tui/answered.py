"""A second reply to a mention that already has an answer is asked about once, never silent.

Pure logic (no Textual), shared by the composer's note, its ``ctrl+s`` and ``replydesk reply``.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from store import StoredMention
from triage import humanize_delta
from tui.safe import one_line


def answered_text(item: StoredMention, now: datetime) -> str | None:
    """ "already answered by @brand 12 min ago", or ``None`` when nobody answered it yet."""
    if item.answered_at is None:
        return None
    by = one_line(item.answered_by, 60)
    who = f" by {by}" if by else ""
    delta = now - item.answered_at
    when = "just now" if delta < timedelta(minutes=1) else f"{humanize_delta(delta)} ago"
    return f"already answered{who} {when}"


class SecondReplyGuard:
    """Lets a reply to an answered mention through only when asked for twice in a row.

    The first ``ctrl+s`` on an answered mention arms the guard and is refused with a word; the
    next one for the same mention goes through. Anything else (another mention) disarms it.
    """

    def __init__(self) -> None:
        self._armed: int | None = None

    def allows(self, item: StoredMention) -> bool:
        """May a reply to ``item`` be queued now? (``False`` asks the person to confirm.)"""
        if item.answered_at is None or self._armed == item.id:
            self._armed = None
            return True
        self._armed = item.id
        return False

    def arm(self, mention_id: int) -> None:
        """Let the next reply to ``mention_id`` through without asking (the person has just
        been shown the answer that made it "answered")."""
        self._armed = mention_id
