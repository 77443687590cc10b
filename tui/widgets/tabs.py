"""The tab bar drawn on the queue's border: each view's number key, name and count.

It must fit the border at any width: full names when they fit, then short names, then a
window of tabs around the one in view with ‹ › saying more lie beyond (``[`` and ``]`` reach
them). Names of saved searches come from the config: they are added as plain text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from textual.content import Content

ACTIVE = "bold reverse $accent"
IDLE = "$text-muted"
NUMBER_KEYS = ("1", "2", "3", "4", "5", "6", "7", "8", "9", "0")
"""The number keys of the first ten tabs, in order."""


@dataclass(frozen=True, slots=True)
class Tab:
    """One tab: ``key`` names its view ("inbox", or "search:billing" for a saved search),
    ``number`` is its number key ("" for none), ``query`` what a search tab searches for
    (None: a built-in view)."""

    key: str
    title: str
    short: str
    number: str = ""
    query: str | None = None


def _label(tab: Tab, count: int | None, short: bool) -> str:
    name = tab.short if short else tab.title
    number = f"{tab.number} " if tab.number else ""
    shown = "" if count is None else f" {count}"
    return f" {number}{name}{shown} "


def _width(labels: Sequence[str]) -> int:
    return sum(len(label) for label in labels) + len(labels) - 1


def tab_bar(tabs: Sequence[Tab], active: str, counts: Mapping[str, int], width: int) -> Content:
    """The tabs with their counts in at most ``width`` cells, the active one highlighted.

    A tab without a count yet (not read) shows none.
    """
    for short in (False, True):
        labels = [_label(tab, counts.get(tab.key), short) for tab in tabs]
        if _width(labels) <= width:
            return _assemble(tabs, labels, active, more_left=False, more_right=False)
    keys = [tab.key for tab in tabs]
    index = keys.index(active) if active in keys else 0
    # Grow a window around the active tab, right first, while it fits with its markers.
    first = last = index
    while True:
        grown = False
        for lo, hi in ((first, last + 1), (first - 1, last)):
            if lo < 0 or hi >= len(tabs):
                continue
            if _width(labels[lo : hi + 1]) + 4 <= width:
                first, last, grown = lo, hi, True
        if not grown:
            break
    return _assemble(
        tabs[first : last + 1],
        labels[first : last + 1],
        active,
        more_left=first > 0,
        more_right=last < len(tabs) - 1,
    )


def _assemble(
    tabs: Sequence[Tab], labels: Sequence[str], active: str, *, more_left: bool, more_right: bool
) -> Content:
    parts: list[Content | str] = [Content.styled("‹ ", IDLE)] if more_left else []
    for number, (tab, label) in enumerate(zip(tabs, labels, strict=True)):
        if number:
            parts.append(" ")
        parts.append(Content.styled(label, ACTIVE if tab.key == active else IDLE))
    if more_right:
        parts.append(Content.styled(" ›", IDLE))
    return Content.assemble(*parts)
