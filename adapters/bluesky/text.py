"""Bluesky rich text: facets read into plain text, and facets built for a draft.

Facets index the post text by **UTF-8 byte** offsets (start inclusive, end exclusive), never by
code points or UTF-16 units. Reading: a link facet's span is shown as the full URL the facet
points to (the visible text may be shortened, or say something else entirely), so a person
always sees the real target; a facet that is out of range, splits a character, overlaps
another or names no usable target is ignored and its text shown as written. Writing: every
``@handle`` (resolved to a DID by the caller) and every ``http(s)://`` link gets a facet.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from adapters.entry import TextRules
from adapters.records import Mention

MENTION_TYPE = "app.bsky.richtext.facet#mention"
LINK_TYPE = "app.bsky.richtext.facet#link"

# An "@" that starts the text or follows whitespace or "(", as the reference client detects.
_MENTION_RE = re.compile(r"(?<![^\s(])@([a-zA-Z0-9.-]+)")
_HANDLE_RE = re.compile(
    r"^([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$"
)
_LINK_RE = re.compile(r"(?<![^\s(])https?://\S+", re.IGNORECASE)
_TRAILING_PUNCTUATION = ".,;:!?'\""
_ELLIPSES = ("...", "…")


@dataclass(frozen=True, slots=True)
class RichText:
    """A post's text as ReplyDesk shows it: links spelled out, plus what was ignored."""

    text: str
    links: tuple[str, ...] = ()
    dropped: int = 0


@dataclass(frozen=True, slots=True)
class Span:
    """A mention or link found in a draft: UTF-8 byte range and its value (handle or URL)."""

    byte_start: int
    byte_end: int
    value: str


def render(text: str, facets: object) -> RichText:
    """``text`` with each valid link facet's span replaced by its full URL."""
    items = facets if isinstance(facets, list) else []
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:
        # Lone surrogates: byte offsets cannot be trusted, so no facet is applied.
        return RichText(text.encode("utf-8", "replace").decode("utf-8"), (), len(items))
    links: list[tuple[int, int, str]] = []
    dropped = 0
    for facet in items:
        span = _valid_span(facet, data)
        if span is None:
            dropped += 1
            continue
        is_link, uri = _link_target(facet)
        if not is_link:
            continue  # mentions and tags are shown as written
        if uri is None:
            dropped += 1
        else:
            links.append((span[0], span[1], uri))
    links.sort()
    pieces: list[str] = []
    kept: list[str] = []
    position = 0
    for start, end, uri in links:
        if start < position:
            dropped += 1  # overlapping facets are invalid; keep the first
            continue
        pieces.append(data[position:start].decode("utf-8"))
        pieces.append(_spell_out(data[start:end].decode("utf-8"), uri))
        kept.append(uri)
        position = end
    pieces.append(data[position:].decode("utf-8"))
    return RichText("".join(pieces), tuple(kept), dropped)


def find_links(text: str) -> list[Span]:
    """Every ``http(s)://`` link of ``text`` (trailing punctuation left out), in order."""
    spans = []
    for match in _LINK_RE.finditer(text):
        url = _trim_link(match.group(0))
        if is_web_url(url):
            spans.append(_span(text, match.start(), url, url))
    return spans


def find_mentions(text: str) -> list[Span]:
    """Every ``@handle`` of ``text`` (value: the handle without "@"), in order."""
    spans = []
    for match in _MENTION_RE.finditer(text):
        handle = match.group(1).rstrip(".-")
        if _HANDLE_RE.match(handle):
            spans.append(_span(text, match.start(), "@" + handle, handle))
    return spans


async def build_facets(
    text: str, resolve: Callable[[str], Awaitable[str | None]]
) -> list[dict[str, Any]]:
    """The facets of a draft: links, and mentions whose handle ``resolve`` maps to a DID.

    A handle that does not resolve stays plain text; a mention inside a link is not one.
    """
    links = find_links(text)
    facets = [_facet(span, {"$type": LINK_TYPE, "uri": span.value}) for span in links]
    dids: dict[str, str | None] = {}
    for span in find_mentions(text):
        if any(span.byte_start < ln.byte_end and ln.byte_start < span.byte_end for ln in links):
            continue
        handle = span.value.lower()
        if handle not in dids:
            dids[handle] = await resolve(handle)
        did = dids[handle]
        if did is not None:
            facets.append(_facet(span, {"$type": MENTION_TYPE, "did": did}))
    facets.sort(key=lambda facet: int(facet["index"]["byteStart"]))
    return facets


def _valid_span(facet: object, data: bytes) -> tuple[int, int] | None:
    if not isinstance(facet, dict) or not isinstance(facet.get("index"), dict):
        return None
    start, end = facet["index"].get("byteStart"), facet["index"].get("byteEnd")
    if type(start) is not int or type(end) is not int or not 0 <= start < end <= len(data):
        return None
    # A UTF-8 continuation byte (0b10xxxxxx) at either edge means the span splits a character.
    if (data[start] & 0xC0) == 0x80 or (end < len(data) and (data[end] & 0xC0) == 0x80):
        return None
    return start, end


def _link_target(facet: dict[str, Any]) -> tuple[bool, str | None]:
    """``(is a link facet, its URL or None when unusable)``; unreadable features count as a
    broken link so the facet is reported as dropped."""
    features = facet.get("features")
    if not isinstance(features, list):
        return True, None
    uris = [f.get("uri") for f in features if isinstance(f, dict) and f.get("$type") == LINK_TYPE]
    if not uris:
        return False, None
    uri = uris[0]
    return True, uri if isinstance(uri, str) and is_web_url(uri) else None


def is_web_url(url: str) -> bool:
    """Whether ``url`` is an http(s) URL with a host and no whitespace or control characters."""
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in url):
        return False
    try:
        parts = urlsplit(url)
        return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
    except ValueError:  # e.g. an unclosed IPv6 host
        return False


def _spell_out(shown: str, uri: str) -> str:
    core = _without_scheme(shown.strip())
    for ellipsis in _ELLIPSES:
        core = core.removesuffix(ellipsis)
    if core and _without_scheme(uri).lower().startswith(core.lower()):
        return uri
    return f"{shown} ({uri})"


def _without_scheme(value: str) -> str:
    lowered = value.lower()
    for scheme in ("https://", "http://"):
        if lowered.startswith(scheme):
            return value[len(scheme) :]
    return value


def _trim_link(url: str) -> str:
    while url and (
        url[-1] in _TRAILING_PUNCTUATION or (url[-1] == ")" and url.count("(") < url.count(")"))
    ):
        url = url[:-1]
    return url


def _span(text: str, char_start: int, covered: str, value: str) -> Span:
    byte_start = len(text[:char_start].encode("utf-8"))
    return Span(byte_start, byte_start + len(covered.encode("utf-8")), value)


def _facet(span: Span, feature: dict[str, str]) -> dict[str, Any]:
    return {
        "index": {"byteStart": span.byte_start, "byteEnd": span.byte_end},
        "features": [feature],
    }


def _no_prefix(mention: Mention) -> str:
    """Nothing: a Bluesky reply reaches the author through the thread, not a handle."""
    return ""


RULES = TextRules(reply_prefix=_no_prefix)
