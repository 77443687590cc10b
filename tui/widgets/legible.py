"""An ``OptionList`` whose highlighted row stays readable whatever colours its rows carry."""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip
from textual.widgets import OptionList


class LegibleOptionList(OptionList):
    """Draws the text on the cursor's background in the cursor's own foreground colour.

    Rows colour their words for the pane's background (overdue red, at-risk amber, a finding's
    severity); on the cursor's background those colours fall far below WCAG AA contrast
    (red on blue is about 1.2:1). The words and glyphs ("⚠ overdue", "error") still say what
    the colours said, so colour is never the only signal.
    """

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        cursor = self.get_visual_style(
            "option-list--option", "option-list--option-highlighted"
        ).rich_style
        if cursor.bgcolor is None or cursor.color is None:
            return strip
        # Every cell of the highlighted row, padding included, has the cursor's background.
        recolour = Style(color=cursor.color)
        return Strip(
            [
                Segment(text, style + recolour, control)
                if style is not None and style.bgcolor == cursor.bgcolor
                else Segment(text, style, control)
                for text, style, control in strip
            ],
            strip.cell_length,
        )
