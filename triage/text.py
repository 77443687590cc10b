"""The text as the matcher sees it, with a way back to the original string.

Mentions arrive with look-alike letters (fullwidth, "𝐟𝐫𝐞𝐞"), invisible characters (zero-width
spaces, bidi controls, variation selectors) and links whose words must not count as cues. We
normalize and mask them, but every span we report must index the ORIGINAL text, so we keep an
offset map whenever the cleaned text differs from it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import regex

# Format characters (zero-width, bidi, soft hyphen, tags), variation selectors, fillers and
# control characters other than tab/newline/CR: none of them carry meaning for triage.
_INVISIBLE = regex.compile(
    r"[\p{Cf}\uFE00-\uFE0F\U000E0100-\U000E01EF\u034F\u115F\u1160\u3164\uFFA0"
    r"\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]"
)

_TLDS = (
    "com|net|org|io|co|uk|de|fr|es|it|nl|eu|xyz|shop|click|biz|live|bet|to|app|art|ly|me|gg"
    "|info|link|site|online|store|top|club|vip|win|cc|tv|ai"
)
# Links: schemed or www., and bare domains that spam likes ("t.me/x", "deals.shop"). Every
# regex here starts with a literal so ``re`` can skip ahead; what precedes a match (a domain's
# first labels, the character before an @handle) is checked by hand.
_URL = re.compile(r"(?:[hH][tT][tT][pP][sS]?://|[wW][wW][wW]\.)[^\s<>\"']+")
_DOMAIN_END = re.compile(rf"\.(?:{_TLDS})\b(?:/[^\s<>\"']*)?", re.IGNORECASE)
_DOMAIN_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-")
# @handles: Mastodon @user@server, Bluesky @name.bsky.social.
_MENTION = re.compile(r"@[A-Za-z0-9_](?:[\w.-]*\w)?(?:@[\w-]+(?:\.[\w-]+)+)?")
_WORDISH = re.compile(r"[\w@.]")
_HASHTAG = re.compile(r"(?<![\w#])#\w+")


@dataclass(frozen=True, slots=True)
class Prepared:
    """A mention's text ready for matching.

    ``clean`` is NFKC-normalized with invisible characters removed (what sentiment reads);
    ``masked`` is ``clean`` with links and @handles blanked to spaces, so it has the same length
    and the same indices. ``offsets[i]`` is the original index of ``clean[i]`` (``None`` when
    ``clean`` is the original). ``folded`` is ``masked`` lowercased, still index for index.
    ``links``, ``mentions`` and ``hashtags`` are spans in ``clean``.
    """

    original: str
    clean: str
    masked: str
    folded: str
    offsets: tuple[int, ...] | None
    links: tuple[tuple[int, int], ...]
    mentions: tuple[tuple[int, int], ...]
    hashtags: tuple[tuple[int, int], ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a ``clean``/``masked`` span to the original text's indices."""
        if self.offsets is None:
            return start, end
        if end <= start:
            at = self.offsets[start] if start < len(self.offsets) else len(self.original)
            return at, at
        return self.offsets[start], self.offsets[end - 1] + 1


def _normalize(text: str) -> tuple[str, tuple[int, ...] | None]:
    """NFKC without invisible characters, plus the offset map (``None`` if unchanged)."""
    if text.isascii() and _INVISIBLE.search(text) is None:
        return text, None
    if unicodedata.is_normalized("NFKC", text):
        if _INVISIBLE.search(text) is None:
            return text, None
        # Only removals: keep every character outside the invisible runs, remembering where.
        pieces: list[str] = []
        offsets: list[int] = []
        pos = 0
        for m in _INVISIBLE.finditer(text):
            pieces.append(text[pos : m.start()])
            offsets.extend(range(pos, m.start()))
            pos = m.end()
        pieces.append(text[pos:])
        offsets.extend(range(pos, len(text)))
        return "".join(pieces), tuple(offsets)
    # Rare path (fullwidth or mathematical letters, ligatures): normalize char by char so
    # every output character still knows which input character it came from.
    chars: list[str] = []
    offsets = []
    for i, ch in enumerate(text):
        if _INVISIBLE.match(ch):
            continue
        norm = unicodedata.normalize("NFKC", ch) if not ch.isascii() else ch
        chars.append(norm)
        offsets.extend([i] * len(norm))
    return "".join(chars), tuple(offsets)


def _links(clean: str) -> list[tuple[int, int]]:
    links = [m.span() for m in _URL.finditer(clean)] if "://" in clean or "ww." in clean else []
    for m in _DOMAIN_END.finditer(clean):
        start = m.start()
        while start > 0 and clean[start - 1] in _DOMAIN_CHARS:
            start -= 1
        before_ok = start == 0 or _WORDISH.match(clean, start - 1) is None
        inside_url = any(a <= m.start() < b for a, b in links)
        if start < m.start() and clean[start] != "." and before_ok and not inside_url:
            links.append((start, m.end()))
    return sorted(links)


def _mentions(clean: str, links: list[tuple[int, int]]) -> list[tuple[int, int]]:
    found = []
    for m in _MENTION.finditer(clean):
        start = m.start()
        if start > 0 and _WORDISH.match(clean, start - 1):
            continue  # an e-mail address, or part of a link
        if not any(a <= start < b for a, b in links):
            found.append(m.span())
    return found


# The most of one post's text triage reads (real posts are far shorter).
READ_CHARS = 20_000


def prepare(text: str) -> Prepared:
    """Normalize ``text`` and mask its links and @handles (never raises on any ``str``).

    Only the first ``READ_CHARS`` are read: what a post says first decides its class, and a
    hostile megabyte must not hold up a sync (cue spans still index the whole text).
    """
    clean, offsets = _normalize(text[:READ_CHARS])
    links = _links(clean) if "." in clean or "://" in clean else []
    mentions = _mentions(clean, links) if "@" in clean else []
    masked = clean
    if links or mentions:
        chars = list(clean)
        for start, end in (*links, *mentions):
            chars[start:end] = " " * (end - start)
        masked = "".join(chars)
    hashtags = tuple(m.span() for m in _HASHTAG.finditer(masked)) if "#" in masked else ()
    folded = masked.lower()
    if len(folded) != len(masked):
        # A few letters lowercase to two characters ("İ"); keep those as they are.
        folded = "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in masked)
    return Prepared(text, clean, masked, folded, offsets, tuple(links), tuple(mentions), hashtags)
