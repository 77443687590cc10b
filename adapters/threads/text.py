"""Threads' text rules for replies: a reply reaches its author through the thread.

The length rules (500 characters, an emoji counting its UTF-8 bytes, at most 5 links) come with
the adapter's ``Limits`` and are measured by the persona checker.
"""

from __future__ import annotations

from adapters.entry import TextRules
from adapters.records import Mention


def _no_prefix(mention: Mention) -> str:
    """Nothing: Threads notifies the author of the post a reply answers."""
    return ""


RULES = TextRules(reply_prefix=_no_prefix)


def normalize_for_match(text: str) -> str:
    """``text`` as compared when looking for our own reply: whitespace and case folded."""
    return " ".join(text.split()).casefold()
