"""One draft and the facts several rules share, each computed once, on first use."""

from __future__ import annotations

import bisect
from functools import cached_property

from persona import textscan


class Doc:
    """A draft being checked.

    ``lower`` has exactly the draft's length, so a span found in it is a span of the draft
    (``str.lower`` can lengthen a few characters, such as "İ"; those are kept as they are).
    """

    def __init__(self, text: str) -> None:
        self.text = text

    @cached_property
    def lower(self) -> str:
        """The draft in lower case, index-aligned with ``text``."""
        low = self.text.lower()
        if len(low) == len(self.text):
            return low
        return "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in self.text)

    @cached_property
    def urls(self) -> tuple[tuple[int, int], ...]:
        """Spans of the http(s) URLs."""
        return textscan.url_spans(self.text)

    @cached_property
    def mentions(self) -> tuple[tuple[int, int], ...]:
        """Spans of the @mentions (outside URLs)."""
        return textscan.mention_spans(self.text)

    @cached_property
    def sentences(self) -> tuple[tuple[int, int], ...]:
        """Spans of the sentences."""
        return textscan.sentence_spans(self.text)

    @cached_property
    def _entity_starts(self) -> tuple[tuple[int, int], ...]:
        return tuple(sorted(self.urls + self.mentions))

    def in_entity(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` overlaps a URL or a mention (their text is not prose)."""
        spans = self._entity_starts
        index = bisect.bisect_right(spans, (start, len(self.text) + 1)) - 1
        if index >= 0 and spans[index][1] > start:
            return True
        return index + 1 < len(spans) and spans[index + 1][0] < end

    def prose(self) -> str:
        """The draft with URLs and mentions blanked out (same length), for tone and grade."""
        if not self._entity_starts:
            return self.text
        parts: list[str] = []
        last = 0
        for start, end in self._entity_starts:
            if start < last:
                continue
            parts.append(self.text[last:start])
            parts.append(" " * (end - start))
            last = end
        parts.append(self.text[last:])
        return "".join(parts)
