"""X's text rules: the weighted length X counts, and whom a reply may reach.

Length is twitter-text's v3 weighting (the ``twitter-text-parser`` package, checked against
every vector of twitter-text's ``validate-weighted-v3`` conformance file in the tests): 280
weighted characters, text NFC-normalised, code points in U+0000–U+10FF and three punctuation
ranges weigh 1, everything else (CJK included) 2, each emoji (ZWJ sequences too) 2, every URL
23 whatever its length. Kept apart from the adapter (and so from httpx): the composer counts
on every keystroke.
"""

from __future__ import annotations

import unicodedata

from twitter_text import parse_tweet
from twitter_text.extract_urls import extract_urls_with_indices

from adapters.entry import TextRules
from adapters.records import Mention, MentionKind

MAX_WEIGHTED = 280  # twitter-text config v3 ``maxWeightedTweetLength``
URL_WEIGHT = 23


def weighted_length(text: str) -> int:
    """The length X counts for ``text`` (280 is the most a post may have)."""
    if not text:
        return 0
    return int(parse_tweet(text).weightedLength)


def overflow_start(text: str) -> int:
    """The index in ``text`` of the first character past X's 280 (``len(text)`` if it fits).

    twitter-text gives the end of the valid range in UTF-16 units of ``text`` as written; this
    maps it back to a Python index (an emoji outside the BMP is two units).
    """
    parsed = parse_tweet(text) if text else None
    if parsed is None or int(parsed.weightedLength) <= MAX_WEIGHTED:
        return len(text)
    units = int(parsed.validRangeEnd) + 1  # UTF-16 units that still fit
    seen = 0
    for index, char in enumerate(text):
        seen += 2 if ord(char) > 0xFFFF else 1
        if seen > units:
            return index
    return len(text)


def summoned(mention: Mention) -> bool:
    """Whether X lets the brand answer ``mention``: its author @mentioned or quoted the brand
    (everything the mentions timeline lists), or wrote to it directly. X rejects a reply to
    anyone else (a post a watch-term search found, say), and charges for the attempt, so
    ReplyDesk says so in the composer and refuses before sending."""
    if mention.kind is MentionKind.DIRECT:
        return True
    flag = mention.meta.get("summoned")
    if flag is not None:
        return flag == "1"
    return not mention.is_indirect  # heard, not addressed: nobody summoned the brand


def refusal(mention: Mention) -> str:
    """Why X would refuse any reply to ``mention`` ("" when it accepts one)."""
    if summoned(mention):
        return ""
    who = mention.author.handle or "this author"
    return (
        f"X refuses this reply: {who} did not @mention or quote the brand, and X takes only "
        "replies the author summoned. Quote the post, or DM them if their DMs are open."
    )


def normalize_for_match(text: str) -> str:
    """``text`` as X will echo it, for comparing a post with what was sent: NFC, every link as
    one token (X rewrites links to t.co), whitespace collapsed."""
    normalized = unicodedata.normalize("NFC", text)
    parts: list[str] = []
    last = 0
    for entity in extract_urls_with_indices(normalized):
        start, end = entity["indices"]
        parts += [normalized[last:start], "\x00url\x00"]
        last = end
    parts.append(normalized[last:])
    return " ".join("".join(parts).split())


def _no_prefix(mention: Mention) -> str:
    """Nothing: X threads a reply under the post; the draft starts empty."""
    return ""


# The price of each send is the composer's (tui/widgets/x_cost.py): it comes from the config.
RULES = TextRules(reply_prefix=_no_prefix, refusal=refusal)
