"""Where the main screen reflows, as the classes Textual's breakpoints set on it.

Textual has no media queries: a screen's ``HORIZONTAL_BREAKPOINTS`` / ``VERTICAL_BREAKPOINTS``
put one class per range of its width / height on it, and app.tcss styles those classes.
"""

from __future__ import annotations

NARROW = "-narrow"
"""Under 100 columns: the queue on top, then the thread, then the composer."""
WIDE = "-wide"
"""100 columns or more: the queue on the left, thread and composer on the right."""
SHORT = "-short"
"""Under 30 rows: the triage summary and the finding list are kept short."""
TALL = "-tall"
"""30 rows or more."""

NARROW_BELOW = 100
"""Columns under which screens stack or drop what they can spare."""

HORIZONTAL = [(0, NARROW), (NARROW_BELOW, WIDE)]
VERTICAL = [(0, SHORT), (30, TALL)]


def classes_at(width: int, height: int) -> list[str]:
    """The classes ``HORIZONTAL`` and ``VERTICAL`` give a screen of ``width`` × ``height``
    (what Textual sets when the screen gets its size)."""
    return [_range_class(width, HORIZONTAL), _range_class(height, VERTICAL)]


def _range_class(size: int, ranges: list[tuple[int, str]]) -> str:
    return max((start, name) for start, name in ranges if size >= start)[1]
