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
    anyone else, and charges for the attempt, so ReplyDesk refuses before sending."""
    if mention.kind is MentionKind.DIRECT:
        return True
    return mention.meta.get("summoned", "1") == "1"


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


# X's pay-per-use prices for what ReplyDesk sends, in thousandths of a dollar, as of the
# pricing page the fixtures README cites (docs.x.com, getting-started/pricing @ c2317112, 2026).
PRICES_AS_OF = "2026-11"
REPLY_MILLS = 10  # a summoned reply
URL_POST_MILLS = 200  # any post with a link
DM_MILLS = 15


def send_price(mention: Mention, text: str) -> str:
    """What sending ``text`` in answer to ``mention`` costs on X, e.g. ``"$0.010"``."""
    if mention.kind is MentionKind.DIRECT:
        mills = DM_MILLS
    elif extract_urls_with_indices(text):
        mills = URL_POST_MILLS
    else:
        mills = REPLY_MILLS
    return f"${mills // 1000}.{mills % 1000:03d}"


def _no_prefix(mention: Mention) -> str:
    """Nothing: X threads a reply under the post; the draft starts empty."""
    return ""


def _cost_note(mention: Mention, text: str) -> str:
    return f"{send_price(mention, text)} on X"  # X bills each post: say what this one costs


RULES = TextRules(reply_prefix=_no_prefix, cost_note=_cost_note)
