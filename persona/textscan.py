"""Finding URLs, mentions, graphemes and sentences in a draft the way the networks do.

The URL and mention patterns follow what Mastodon's length validator extracts (twitter-text's
URL extractor with a protocol, and Mastodon's ``Account::MENTION_RE``): a URL must start with
``http(s)://``, is not glued to a word, and does not take trailing punctuation ("see
https://x.example/faq." ends before the dot). They are approximations of twitter-text (no TLD
list), exact for ordinary links.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import regex

_PATH_LETTER = r"A-Za-z0-9\u00C0-\u024F\u0400-\u04FF_"
_PATH_CHAR = rf"[{_PATH_LETTER}!*';:=+,.$/%#\[\]\-~|&@?]"
# A path ends on a letter, digit or one of these, never on "." "," ")" "!" "?" ":" etc.
_PATH_END = rf"[{_PATH_LETTER}=/#+\-&%@~]"
_PARENS = r"\([^\s()]*\)"
_URL = (
    r"(?<![A-Za-z0-9@＠$#＃/.])https?://"
    r"(?:(?:[^\W_](?:[\w-]*[^\W_])?\.)+(?:[^\W\d_]{2,}|xn--[\w-]+)"
    r"|\d{1,3}(?:\.\d{1,3}){3}|localhost)"
    r"(?::\d{1,5})?"
    rf"(?:[/?#](?:(?:{_PATH_CHAR}|{_PARENS})*(?:{_PATH_END}|{_PARENS}))?)?"
)
# Mastodon's Account::MENTION_RE: @user or @user@domain; only "@user" counts towards length.
_MENTION = r"(?<![=/\w])@(?P<local>[a-z0-9_]+(?:[a-z0-9_.-]+[a-z0-9_]+)?)(?:@[\w.-]+\w)?"

URL_RE = re.compile(_URL, re.IGNORECASE)
MENTION_RE = re.compile(_MENTION, re.IGNORECASE)
# One pass over both, leftmost first, so a mention inside a URL is part of the URL.
ENTITY_RE = re.compile(rf"(?P<url>{_URL})|(?P<mention>{_MENTION})", re.IGNORECASE)

# A sentence runs to ".", "!", "?" or "…" followed by a space, to a line break, or to the end.
SENTENCE_RE = re.compile(r"\S.*?(?:[.!?…]+(?=\s|\Z)|(?=\n)|\Z)")

_GRAPHEME = regex.compile(r"\X")
# A pictograph, a regional-indicator flag, or a keycap ("1️⃣"): what networks count as an emoji.
_EMOJI = regex.compile(r"\p{Extended_Pictographic}|\p{Regional_Indicator}|\u20e3")


def grapheme_count(text: str) -> int:
    """The number of extended grapheme clusters (what a person sees as characters)."""
    if text.isascii():
        # In ASCII only CR LF joins two code points into one cluster.
        return len(text) - text.count("\r\n")
    return len(_GRAPHEME.findall(text))


def grapheme_spans(text: str) -> Iterator[tuple[int, int]]:
    """The ``(start, end)`` string indices of each grapheme cluster of ``text``."""
    if text.isascii() and "\r\n" not in text:
        yield from ((i, i + 1) for i in range(len(text)))
        return
    for match in _GRAPHEME.finditer(text):
        yield int(match.start()), int(match.end())


def is_emoji(grapheme: str) -> bool:
    """Whether ``grapheme`` is an emoji (a pictograph, a flag, or a keycap sequence)."""
    return _EMOJI.search(grapheme) is not None


def utf8_length(text: str) -> int:
    """UTF-8 bytes of ``text`` (lone surrogates, which no network accepts, count 3 bytes)."""
    return len(text.encode("utf-8", "surrogatepass"))


def utf8_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Convert a ``str`` span into the UTF-8 byte span Bluesky facets use."""
    head = utf8_length(text[:start])
    return head, head + utf8_length(text[start:end])


def url_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Spans of every http(s) URL in ``text``."""
    return tuple(match.span() for match in URL_RE.finditer(text))


def mention_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Spans of every @user / @user@domain mention outside URLs."""
    return tuple(match.span() for match in ENTITY_RE.finditer(text) if match.lastgroup == "mention")


def sentence_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Spans of the sentences of ``text`` (a URL's dots do not end a sentence)."""
    return tuple(match.span() for match in SENTENCE_RE.finditer(text))


def host_of(url: str) -> str:
    """The lower-cased host of a URL found by ``URL_RE`` (no port, no user info)."""
    rest = url.split("://", 1)[1]
    host = re.split(r"[/?#]", rest, maxsplit=1)[0]
    return host.rsplit("@", 1)[-1].split(":", 1)[0].lower().rstrip(".")
