"""The queue's summary row for what listening held back today: posts past a term's daily cap,
posts by muted authors and posts an exclusion kept out, in one line that leads to ``w``."""

from __future__ import annotations

from collections.abc import Iterable

from store.watch import HeldBack
from tui.format import INDIRECT_MARK


def held_summary(held: Iterable[HeldBack], cap: int) -> str:
    """ "~ 37 indirect mentions held back today (daily cap 50: 30; …) · w to review", or ""
    when nothing was held back."""
    rows = list(held)
    capped = sum(h.count for h in rows)
    muted = sum(h.muted for h in rows)
    excluded = sum(h.excluded for h in rows)
    total = capped + muted + excluded
    if not total:
        return ""
    parts = [
        f"daily cap {cap}: {capped}" if capped else "",
        f"muted authors: {muted}" if muted else "",
        f"exclusions: {excluded}" if excluded else "",
    ]
    noun = "mention" if total == 1 else "mentions"
    why = "; ".join(part for part in parts if part)
    return f"{INDIRECT_MARK} {total} indirect {noun} held back today ({why}) · w to review"
