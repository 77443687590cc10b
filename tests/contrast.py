"""WCAG 2.1 contrast of theme colours, and of what a screen actually draws.

``resolve`` turns a Textual colour expression (``$error``, ``$accent 30%``, ``auto 60%``) into
the opaque colour it becomes over a given background, the way Textual composes it.
``low_contrast`` lists every text cell of rendered strips whose colours fall below a ratio.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from rich.style import Style
from textual.color import Color
from textual.filter import dim_color
from textual.geometry import Region
from textual.strip import Strip
from textual.theme import Theme

AA_TEXT = 4.5
"""WCAG 2.1 AA minimum contrast for normal text."""

_VARIABLE = re.compile(r"\$([a-z0-9-]+)")


def luminance(color: Color) -> float:
    """Relative luminance (WCAG 2.1) of an opaque colour."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.r) + 0.7152 * channel(color.g) + 0.0722 * channel(color.b)


def ratio(foreground: Color, background: Color) -> float:
    """Contrast ratio, 1 to 21."""
    high, low = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def theme_variables(theme: Theme) -> dict[str, str]:
    """Every CSS variable the theme defines (``primary``, ``text-muted``, …)."""
    return theme.to_color_system().generate()


def resolve(expression: str, over: Color, variables: Mapping[str, str]) -> Color:
    """The opaque colour ``expression`` becomes when drawn over ``over``.

    ``auto N%`` is Textual's contrasting text colour (white or black at N% over ``over``);
    a percentage after a colour is its opacity.
    """
    text = expression.strip()
    for _ in range(5):  # variables may name other variables; a theme nests only a level or two
        text = _VARIABLE.sub(lambda m: variables[m.group(1)], text)
    words = text.split()
    alpha = 1.0
    if words and words[-1].endswith("%"):
        alpha = float(words.pop()[:-1]) / 100
    name = " ".join(words)
    if name == "auto":
        return over + over.get_contrast_text(alpha)
    return over + Color.parse(name).multiply_alpha(alpha)


def _is_text(text: str) -> bool:
    """Has a character a person reads (not blanks, box drawing or block elements)."""
    return any(not ch.isspace() and not 0x2500 <= ord(ch) <= 0x259F for ch in text)


def _colours(style: Style) -> tuple[Color, Color] | None:
    if style.color is None or style.bgcolor is None:
        return None
    fore, back = (style.bgcolor, style.color) if style.reverse else (style.color, style.bgcolor)
    if style.dim:
        fore = dim_color(back, fore)
    return Color.from_rich_color(fore), Color.from_rich_color(back)


def low_contrast(
    strips: Sequence[Strip], box: Region | None = None, minimum: float = AA_TEXT
) -> list[str]:
    """``"row: 'text' fg on bg = ratio"`` for each text run below ``minimum`` (or uncoloured).

    ``box`` limits the check to one region (a modal or a toast over the dimmed screen).
    """
    found: list[str] = []
    for y, strip in enumerate(strips):
        if box is not None and y not in range(box.y, box.bottom):
            continue
        x = 0
        for segment in strip:
            text, style = segment.text, segment.style
            start, x = x, x + segment.cell_length
            if box is not None and start not in range(box.x, box.right):
                continue
            if not _is_text(text) or style is None:
                continue
            colours = _colours(style)
            if colours is None:
                found.append(f"{y}: {text.strip()!r} has no explicit colour")
                continue
            foreground, background = colours
            value = ratio(foreground, background)
            if value < minimum:
                found.append(
                    f"{y}: {text.strip()[:30]!r} {foreground.hex} on {background.hex} = {value:.2f}"
                )
    return found
