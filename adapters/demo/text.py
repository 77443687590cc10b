"""The demo network's text rules: it refuses what Mastodon, Bluesky or X would refuse as too
long."""

from __future__ import annotations

import re

import grapheme

from adapters.records import (
    Platform,
    default_limits,
)

_URL = re.compile(r"https?://\S+")


def too_long(platform: Platform, text: str) -> str | None:
    """Why the network would refuse ``text`` as too long, or ``None``."""
    limits = default_limits(platform)
    if platform is Platform.X:
        from twitter_text import parse_tweet  # X's own weighting (URLs 23, CJK and emoji 2)

        weighted = int(parse_tweet(text).weightedLength) if text else 0
        if limits.max_chars is not None and weighted > limits.max_chars:
            return f"{weighted} weighted characters, the limit is {limits.max_chars}"
        return None
    if platform is Platform.MASTODON:
        # Mastodon counts every link as 23 characters, whatever its length.
        length = len(_URL.sub("x" * (limits.url_chars or 23), text))
        if limits.max_chars is not None and length > limits.max_chars:
            return f"{length} characters, the limit is {limits.max_chars}"
        return None
    graphemes = int(grapheme.length(text))
    if limits.max_graphemes is not None and graphemes > limits.max_graphemes:
        return f"{graphemes} graphemes, the limit is {limits.max_graphemes}"
    size = len(text.encode("utf-8"))
    if limits.max_bytes is not None and size > limits.max_bytes:
        return f"{size} bytes, the limit is {limits.max_bytes}"
    return None
