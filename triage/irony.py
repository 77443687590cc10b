"""Irony: praise said about a failure ("great job losing my bag", "love waiting 40 min",
"thanks for the surprise £60 charge", "superb customer care: 6 emails, 0 replies").

People rarely praise a brand for a failure in earnest, so a praise cue and a failure-event cue
in the same sentence read as sarcasm. Four things keep genuine praise genuine: a cue that
settles the failure in that sentence ("fixed", "sorted", "worth the wait"), a backdrop word
just before the failure ("brilliant when I lost my passport", "thanks for rebooking me after
the cancellation"), a contrast word between the two ("delayed 2 hours but the crew were
brilliant"), and the sentence boundary itself ("The bag was lost. You found it in a day,
brilliant" is two). A sentence of a few words that opens a comment ("wow. just wow. the update
deleted my templates", "great. another delay") belongs to the sentence after it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

Span = tuple[int, int]

# A run of ., !, ?, … or a newline that ends a sentence (not "4.50" or "v2.1": a space or the
# end must follow).
_SENTENCE_END = re.compile(r"(?:[.!?…]+|\n)(?=\s|$)")
_SHORT = 3  # a sentence of at most this many words is a comment on the next one
_BACKDROP_WORDS = 3  # a backdrop word shields a failure at most this many words after it


def sentences(text: str) -> list[Span]:
    """The sentences of ``text`` as spans, each short one joined to the next (a short last one
    stands alone: "… got nine. great maths" is as often earnest as not)."""
    spans: list[Span] = []
    start = 0
    pending: int | None = None  # where a short sentence waiting for its neighbour began
    ends = [m.end() for m in _SENTENCE_END.finditer(text)]
    if not ends or ends[-1] < len(text):
        ends.append(len(text))
    for end in ends:
        if not text[start:end].strip():
            start = end
            continue
        begin = start if pending is None else pending
        if len(text[start:end].split()) <= _SHORT:
            pending = begin
        else:
            spans.append((begin, end))
            pending = None
        start = end
    if pending is not None:
        spans.append((pending, len(text)))
    return spans


def _inside(span: Span, sentence: Span) -> bool:
    return sentence[0] <= span[0] and span[1] <= sentence[1]


def _shielded(text: str, event: Span, backdrops: Sequence[Span]) -> bool:
    """A backdrop word ends at most ``_BACKDROP_WORDS`` words before ``event``."""
    return any(
        b[1] <= event[0] and len(text[b[1] : event[0]].split()) < _BACKDROP_WORDS for b in backdrops
    )


def ironic_pair(
    text: str,
    praise: Sequence[Span],
    events: Sequence[Span],
    settles: Sequence[Span],
    contrasts: Sequence[Span],
    backdrops: Sequence[Span] = (),
) -> tuple[Span, Span] | None:
    """The first praise cue and failure event that share a sentence of ``text`` with nothing
    settling the failure there, no backdrop word just before the failure and no contrast word
    between them (spans index ``text``)."""
    if not praise or not events:
        return None
    events = [e for e in events if not _shielded(text, e, backdrops)]
    for sentence in sentences(text):
        if any(_inside(s, sentence) for s in settles):
            continue
        for p in (p for p in praise if _inside(p, sentence)):
            for e in (e for e in events if _inside(e, sentence)):
                lo, hi = min(p[1], e[1]), max(p[0], e[0])
                if not any(lo <= c[0] and c[1] <= hi for c in contrasts):
                    return p, e
    return None
