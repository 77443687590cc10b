"""Reply windows: how long a network lets the brand answer a mention (Meta's 24 h rule).

Network-neutral on purpose: an adapter writes the closing time into ``Mention.meta`` under
``WINDOW_KEY`` (ISO 8601, UTC), and the queue, the ranking and the send check read it from
there without knowing which network set it. A mention without the key has no window.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from adapters.records import Mention

WINDOW_KEY = "reply_window_closes"
# Why the window exists, shown when it has closed (the network's own rule, in a few words).
WINDOW_RULE_KEY = "reply_window_rule"


def window_closes(mention: Mention) -> datetime | None:
    """When the brand can no longer answer ``mention``; ``None`` if it always can."""
    raw = mention.meta.get(WINDOW_KEY, "")
    try:
        when = datetime.fromisoformat(raw) if raw else None
    except ValueError:
        return None
    if when is None:
        return None
    return (when if when.tzinfo else when.replace(tzinfo=UTC)).astimezone(UTC)


def span(delta: timedelta) -> str:
    """ "3 h", "12 min", "4 d": a span as the queue and composer show it."""
    minutes = int(delta.total_seconds() // 60)
    if minutes < 60:
        return f"{max(1, minutes)} min"
    hours = minutes // 60
    return f"{hours} h" if hours < 48 else f"{hours // 24} d"


def describe_window(mention: Mention, now: datetime) -> str:
    """ "window closes in 3 h" / "window closed 2 h ago"; empty without a window."""
    closes = window_closes(mention)
    if closes is None:
        return ""
    if closes > now:
        return f"window closes in {span(closes - now)}"
    return f"window closed {span(now - closes)} ago"


def window_open(mention: Mention, now: datetime) -> bool:
    """Whether the brand may still answer ``mention`` (always, without a window)."""
    closes = window_closes(mention)
    return closes is None or now < closes


def closed_reason(mention: Mention, now: datetime) -> str:
    """Why ``mention`` can no longer be answered ("The window closed 6 h ago: …"); empty
    while it can."""
    if window_open(mention, now):
        return ""
    rule = mention.meta.get(WINDOW_RULE_KEY) or "the network allows replies only for a while"
    return f"The reply {describe_window(mention, now)}: {rule}."
