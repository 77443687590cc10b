"""How queue rows, times and classes look: ``Content`` with theme-variable styles only.

Untrusted text passes through ``tui.safe`` and is added as plain text, never as markup.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from rich.cells import cell_len, set_cell_size
from textual.content import Content

from adapters.records import Platform
from adapters.reply_window import describe_window, window_open
from store import StoredMention
from store.models import MentionState
from triage import Due, Urgency, default_sla_policy, humanize_delta, urgency
from tui.safe import one_line, without_leading_mentions

CLASS_STYLE = {
    "complaint": "bold $error",
    "question": "bold $accent",
    "praise": "$success",
    "other": "$text-muted",
    "spam": "$text-muted",
}
OVERDUE_GLYPH = "⚠"
AT_RISK_GLYPH = "!"
DUE_WIDTH = 15
# Before the text of an indirect mention (found by a watch term, not addressed to the brand).
INDIRECT_MARK = "~"
"""Cells of the queue's due column: "⚠ overdue 23 h", "! due in 45 min"."""
NETWORK_WIDTH = 4
"""Cells of the queue's network column ("mast", "fb")."""
NETWORK_LABEL = {
    Platform.MASTODON: "mast",
    Platform.BLUESKY: "bsky",
    Platform.THREADS: "thrd",
    Platform.X: "x",
    Platform.FACEBOOK: "fb",
    Platform.INSTAGRAM: "ig",
}


def short_delta(delta: timedelta) -> str:
    """The largest unit only, for the narrow queue column: "45 min", "21 h", "3 d"."""
    minutes = int(abs(delta).total_seconds()) // 60
    if minutes < 60:
        return f"{max(minutes, 1)} min"
    if minutes < 24 * 60:
        return f"{minutes // 60} h"
    return f"{minutes // (24 * 60)} d"


def short_handle(handle: str) -> str:
    """A handle without its server ("@ana@cafe.zone" → "@ana", "ana.bsky.social" → "ana")."""
    if handle.startswith("@") and "@" in handle[1:]:
        return handle[: handle.index("@", 1)]
    return handle.removesuffix(".bsky.social")


def fit(text: str, width: int) -> str:
    """``text`` cut or padded to exactly ``width`` terminal cells (wide emoji aware)."""
    if cell_len(text) > width:
        return set_cell_size(text, width - 1) + "…"
    return set_cell_size(text, width)


def class_badge(cls: str, width: int = 9) -> Content:
    """The class as a coloured word."""
    return Content.styled(fit(cls, width), CLASS_STYLE.get(cls, ""))


def urgency_of(item: StoredMention, now: datetime) -> Urgency:
    """OK, at risk, overdue, or none, from the stored due and at-risk times (which triage set
    under the SLA policy, business hours included)."""
    created = item.mention.created_at
    sla = None if item.due_at is None else item.due_at - created
    # The policy is only consulted for rows stored without an at-risk time.
    deadline = Due(item.due_at, sla, item.sla_rule, item.at_risk_at)
    return urgency(deadline, created, now, default_sla_policy())


def back_from_snooze(item: StoredMention, now: datetime) -> bool:
    """A snoozed mention whose time came: waiting again, and flagged so."""
    return (
        item.state is MentionState.SNOOZED
        and item.snooze_until is not None
        and item.snooze_until <= now
        and item.answered_at is None
    )


def due_text(item: StoredMention, now: datetime, status: str = "") -> Content:
    """ "⚠ overdue 2 h", "! due in 35 min" (at risk), "due in 3 h", or what happened to it
    ("✓ answered", "↑ sending…")."""
    if status == "sending":
        return Content.styled("↑ sending…", "$accent")
    if status == "failed":
        return Content.styled("✗ send failed", "bold $error")
    if status == "follow-up":
        return Content.styled("↻ follow up", "bold $accent")
    if item.answered_at is not None:
        return Content.styled("✓ answered", "$success")
    if item.gone:
        return Content.styled("gone", "$text-muted")
    if item.state is MentionState.DONE:
        return Content.styled("✓ done", "$text-muted")
    if item.state is MentionState.SNOOZED and item.snooze_until and item.snooze_until > now:
        return Content.styled(f"snoozed {short_delta(item.snooze_until - now)}", "$text-muted")
    if item.state is MentionState.SPAM:
        return Content.styled("⊘ spam", "$text-muted")
    state = urgency_of(item, now)
    if back_from_snooze(item, now) and state is not Urgency.OVERDUE:
        return Content.styled("↩ back (snooze)", "$accent")
    if item.due_at is None or state is Urgency.NONE:
        return Content.styled("no SLA", "$text-muted")
    # Colour is never the only signal: the glyph says it too (and survives the row highlight,
    # which draws the row in the cursor's own colour).
    if state is Urgency.OVERDUE:
        return Content.styled(
            f"{OVERDUE_GLYPH} overdue {short_delta(now - item.due_at)}", "bold $error"
        )
    if state is Urgency.AT_RISK:
        return Content.styled(
            f"{AT_RISK_GLYPH} due in {short_delta(item.due_at - now)}", "$warning"
        )
    return Content.styled(f"due in {short_delta(item.due_at - now)}", "$text-muted")


def window_text(item: StoredMention, now: datetime) -> Content:
    """ "window closes in 3 h" (a warning) or "window closed 2 h ago" (an error) for a mention
    the network lets the brand answer only for a while; empty for the rest and for rows done."""
    words = describe_window(item.mention, now)
    if not words or not item.is_waiting:
        return Content("")
    return Content.styled(words, "$warning" if window_open(item.mention, now) else "bold $error")


def queue_row(item: StoredMention, now: datetime, status: str) -> Content:
    """One line of the queue: class, due, network, author, the reply window where the network
    has one, first line of text (after ``INDIRECT_MARK`` for an indirect mention).

    The line may be longer than the pane: the queue's CSS cuts it with an ellipsis.
    """
    mention = item.mention
    due = due_text(item, now, status)
    waiting = status == "follow-up" or (
        (item.is_waiting or back_from_snooze(item, now)) and status not in ("sending", "failed")
    )
    window = window_text(item, now) if waiting else Content("")
    row = Content.assemble(
        class_badge(item.cls),
        " ",
        Content.styled(fit(due.plain, DUE_WIDTH), due.spans[0].style if due.spans else ""),
        " ",
        Content.styled(fit(NETWORK_LABEL.get(mention.platform, "?"), NETWORK_WIDTH), "$text-muted"),
        " ",
        Content(fit(short_handle(one_line(mention.author.handle, 60)), 16)),
        " ",
        # After the author, so the network and author columns stay aligned on every row.
        *((window, " · ") if window.plain else ()),
        *((Content.styled(INDIRECT_MARK, "bold $text-accent"), " ") if mention.is_indirect else ()),
        Content(one_line(without_leading_mentions(mention.text), 300)),
    )
    # A row acted on is muted as a whole (not "dim": that would fall below AA contrast); its
    # due column says what happened ("✓ done", "↑ sending…").
    return row if waiting else Content.styled(row.plain, "$text-muted")


def clock_time(when: datetime, now: datetime) -> str:
    """``when`` in the local time zone: "14:32", with the weekday when it is not today."""
    local, today = when.astimezone(), now.astimezone()
    return f"{local:%H:%M}" if local.date() == today.date() else f"{local:%a %H:%M}"


def age(when: datetime, now: datetime) -> str:
    """ "3 h ago" (or "just now")."""
    delta = now - when
    if delta < timedelta(minutes=1):
        return "just now"
    return f"{humanize_delta(delta)} ago"
