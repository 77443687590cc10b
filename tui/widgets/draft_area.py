"""The draft editor: a TextArea that underlays each persona finding's span in the draft.

Findings index the draft string; the editor shows lines, so each span is cut into per-line
column ranges once per check (not once per rendered line).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.widgets import TextArea

from persona.severity import SEVERITY_RANK, Severity
from tui.safe import one_line

if TYPE_CHECKING:
    from persona import Finding  # the persona's model loads with the first check, not here

#: One highlighted piece of a line: start column, end column, severity.
LineSpan = tuple[int, int, Severity]

#: How each severity is written in finding lists (theme variables only).
SEVERITY_STYLE = {
    Severity.ERROR: "bold $error",
    Severity.WARNING: "$warning",
    Severity.INFO: "$text-muted",
}

#: The component class whose CSS (app.tcss) styles a finding's span in the draft.
COMPONENT = {
    Severity.ERROR: "draft-area--error",
    Severity.WARNING: "draft-area--warning",
    Severity.INFO: "draft-area--info",
}


def line_spans(
    lines: Sequence[str], newline_length: int, findings: Iterable[Finding]
) -> dict[int, list[LineSpan]]:
    """Each finding's span as column ranges per line, least severe first.

    The editor applies them in order, so where spans overlap the most severe style wins. Empty
    spans (where a missing element would be inserted) have nothing to underlay.
    """
    starts: list[int] = []
    offset = 0
    for line in lines:
        starts.append(offset)
        offset += len(line) + newline_length
    by_row: dict[int, list[LineSpan]] = {}
    for finding in sorted(findings, key=lambda f: -SEVERITY_RANK[f.severity]):
        if finding.end <= finding.start:
            continue
        row = max(bisect_right(starts, finding.start) - 1, 0)
        while row < len(lines) and starts[row] < finding.end:
            first = max(finding.start - starts[row], 0)
            last = min(finding.end - starts[row], len(lines[row]))
            if last > first:
                by_row.setdefault(row, []).append((first, last, finding.severity))
            row += 1
    return by_row


def fix_target(findings: Sequence[Finding], cursor: int) -> Finding | None:
    """The finding ``ctrl+f`` fixes: one with a fix under the cursor, else the next one after it.

    Under the cursor, a real span beats an insertion point, an error beats a warning and a
    narrow span beats a wide one (the word under the cursor rather than the whole sentence).
    With nothing after the cursor it wraps round to the first fixable finding.
    """
    fixable = [f for f in findings if f.fix is not None]
    under = [f for f in fixable if f.start <= cursor <= f.end]
    if under:
        return min(
            under, key=lambda f: (f.start == f.end, SEVERITY_RANK[f.severity], f.end - f.start)
        )
    after = [f for f in fixable if f.start >= cursor] or fixable
    return min(after, key=lambda f: (f.start, SEVERITY_RANK[f.severity])) if after else None


def describe_fix(draft: str, finding: Finding) -> str:
    """What accepting ``finding``'s fix does, in a few words (draft text cleaned, one line)."""
    old = one_line(draft[finding.start : finding.end], 40)
    if finding.fix is None:
        return f"no automatic fix · at “{old}”" if old else "no automatic fix"
    new = one_line(finding.fix, 40)
    if not old:
        return f"insert “{new}”"
    if not new:
        return f"delete “{old}”"
    return f"“{old}” → “{new}”"


class DraftArea(TextArea):
    """A soft-wrapped plain-text editor whose finding spans are styled by severity."""

    COMPONENT_CLASSES: ClassVar[set[str]] = TextArea.COMPONENT_CLASSES | set(COMPONENT.values())

    def __init__(self, *, id: str | None = None) -> None:
        # No cursor-line highlight: a draft is usually one long line, and that background would
        # cover the finding highlights.
        super().__init__(
            id=id,
            soft_wrap=True,
            tab_behavior="focus",
            show_line_numbers=False,
            highlight_cursor_line=False,
        )
        self._spans: dict[int, list[LineSpan]] = {}

    def show_findings(self, findings: Iterable[Finding]) -> None:
        """Highlight ``findings`` (computed on the current text) from the next frame on."""
        spans = line_spans(self.document.lines, len(self.document.newline), findings)
        if spans == self._spans:
            return
        self._spans = spans
        # Rendered lines are cached on text, cursor and theme only: drop them so the new
        # highlights are drawn.
        self.notify_style_update()
        self.refresh()

    def get_line(self, line_index: int) -> Text:
        """The line as TextArea renders it, with finding spans styled."""
        line = super().get_line(line_index)
        for start, end, severity in self._spans.get(line_index, ()):
            line.stylize(self.get_component_rich_style(COMPONENT[severity]), start, end)
        return line

    @property
    def cursor_index(self) -> int:
        """The cursor as an index into ``text`` (what findings are measured in)."""
        row, column = self.cursor_location
        newline = len(self.document.newline)
        return sum(len(line) + newline for line in self.document.lines[:row]) + column

    def location_of(self, index: int) -> tuple[int, int]:
        """The (row, column) of an index into ``text``, clamped to the document."""
        newline = len(self.document.newline)
        lines = self.document.lines
        for row, line in enumerate(lines):
            if index <= len(line) or row == len(lines) - 1:
                return row, max(0, min(index, len(line)))
            index -= len(line) + newline
        return 0, 0
