"""Short human wording for durations, SLAs and follower counts ("2 h 10 min", "12 k")."""

from __future__ import annotations

from datetime import timedelta

_HOUR = timedelta(hours=1)


def humanize_delta(delta: timedelta) -> str:
    """``delta`` (sign ignored) in at most two units: "45 min", "2 h 10 min", "3 d 4 h"."""
    minutes = int(abs(delta).total_seconds()) // 60
    if minutes < 1:
        return "<1 min"
    if minutes < 60:
        return f"{minutes} min"
    hours, mins = divmod(minutes, 60)
    if hours < 24:
        return f"{hours} h {mins} min" if mins else f"{hours} h"
    days, hours = divmod(hours, 24)
    return f"{days} d {hours} h" if hours else f"{days} d"


def sla_text(sla: timedelta) -> str:
    """An SLA as people state it: whole hours stay hours ("24 h", "48 h"), else humanized."""
    if sla >= _HOUR and sla % _HOUR == timedelta(0):
        return f"{sla // _HOUR} h"
    return humanize_delta(sla)


def count_text(n: int) -> str:
    """A follower count: 950, 1.2 k, 12 k, 3.4 M."""
    if n < 1000:
        return str(n)
    unit, size = ("M", 1_000_000) if n >= 1_000_000 else ("k", 1000)
    value = n / size
    text = f"{value:.1f}" if value < 10 else f"{value:.0f}"
    return f"{text.removesuffix('.0')} {unit}"


def signed(value: float, digits: int = 2) -> str:
    """``+0.62`` / ``−0.62`` with a real minus sign, as shown to people."""
    return f"{value:+.{digits}f}".replace("-", "\u2212")
