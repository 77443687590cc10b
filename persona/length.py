"""A post's length as its network counts it, and the platform length rule.

Mastodon (StatusLengthValidator): every http(s) URL counts ``url_chars`` (23) whatever its
length, a remote mention ``@user@domain`` counts only ``@user``, and the result is counted in
grapheme clusters (Mastodon's ``each_grapheme_cluster.size``), so an emoji is one character.
Bluesky (app.bsky.feed.post lexicon): the text as written, at most 300 graphemes and 3 000 UTF-8
bytes. Threads: 500 characters where an emoji counts as many as its UTF-8 bytes, and at most 5
links. X: twitter-text's weighted count (``adapters.x.text``: CJK and emoji 2, every URL 23).
Over a limit the network refuses the post, so the platform rule is an error.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from adapters.records import Limits, Platform
from persona import textscan
from persona.model import Finding, Severity

PLATFORM_RULE_ID = "platform-length"


@dataclass(frozen=True)
class LengthCount:
    """One measure of a draft against one limit: ``unit`` is "chars", "graphemes" or "bytes"."""

    used: int
    limit: int
    unit: str
    over: bool


def _mastodon_units(text: str, url_chars: int | None) -> Iterator[tuple[int, int, int]]:
    """``(start, end, cost)`` pieces of a Mastodon post: plain text, URLs, mentions."""
    last = 0
    for match in textscan.ENTITY_RE.finditer(text):
        if match.start() > last:
            yield last, match.start(), -1  # plain text: cost counted in graphemes
        if match.lastgroup == "url":
            cost = url_chars if url_chars is not None else textscan.grapheme_count(match[0])
        else:
            cost = 1 + textscan.grapheme_count(match["local"])
        yield match.start(), match.end(), cost
        last = match.end()
    if last < len(text):
        yield last, len(text), -1


def countable_text(text: str, url_chars: int | None) -> str:
    """The text Mastodon measures: each URL as ``url_chars`` x's, each mention as ``@user``."""
    parts: list[str] = []
    last = 0
    for match in textscan.ENTITY_RE.finditer(text):
        parts.append(text[last : match.start()])
        if match.lastgroup == "mention":
            parts.append("@" + match["local"])
        else:
            parts.append(match[0] if url_chars is None else "x" * url_chars)
        last = match.end()
    parts.append(text[last:])
    return "".join(parts)


def mastodon_length(text: str, url_chars: int | None) -> int:
    """Characters Mastodon counts for ``text`` (URLs as ``url_chars``, mentions as @user)."""
    return textscan.grapheme_count(countable_text(text, url_chars))


def _threads_costs(text: str) -> Iterator[tuple[int, int]]:
    """``(start, cost)`` of each grapheme as Threads counts it: an emoji costs its UTF-8 bytes."""
    for start, end in textscan.grapheme_spans(text):
        piece = text[start:end]
        yield start, textscan.utf8_length(piece) if textscan.is_emoji(piece) else 1


def chars_length(text: str, limits: Limits) -> int:
    """The characters ``limits``' network counts for ``text``."""
    if limits.platform is Platform.X:
        from adapters.x.text import weighted_length  # twitter-text costs ~0.25 s to import

        return weighted_length(text)
    if limits.platform is Platform.THREADS:
        return sum(cost for _, cost in _threads_costs(text))
    return mastodon_length(text, limits.url_chars)


def count_length(draft: str, limits: Limits) -> tuple[LengthCount, ...]:
    """Every limit of ``limits`` measured on ``draft`` (chars, then graphemes, then bytes)."""
    counts: list[LengthCount] = []
    if limits.max_chars is not None:
        used = chars_length(draft, limits)
        counts.append(LengthCount(used, limits.max_chars, "chars", used > limits.max_chars))
    if limits.max_graphemes is not None:
        used = textscan.grapheme_count(draft)
        counts.append(
            LengthCount(used, limits.max_graphemes, "graphemes", used > limits.max_graphemes)
        )
    if limits.max_bytes is not None:
        used = textscan.utf8_length(draft)
        counts.append(LengthCount(used, limits.max_bytes, "bytes", used > limits.max_bytes))
    return tuple(counts)


def primary_length(draft: str, limits: Limits) -> tuple[int, str]:
    """The measure a person reads as "characters" on this network, with its unit."""
    if limits.max_chars is not None or limits.platform is Platform.MASTODON:
        return chars_length(draft, limits), "chars"
    return textscan.grapheme_count(draft), "graphemes"


def overflow_start(draft: str, limits: Limits, unit: str, limit: int) -> int:
    """The index of the first piece of ``draft`` that no longer fits in ``limit`` ``unit``s."""
    used = 0
    if unit == "chars" and limits.platform is Platform.X:
        from adapters.x.text import overflow_start as x_overflow_start

        return x_overflow_start(draft)
    if unit == "chars" and limits.platform is Platform.THREADS:
        for start, cost in _threads_costs(draft):
            used += cost
            if used > limit:
                return start
        return len(draft)
    if unit == "chars":
        for start, end, cost in _mastodon_units(draft, limits.url_chars):
            if cost >= 0:
                used += cost
                if used > limit:
                    return start
                continue
            for g_start, _ in textscan.grapheme_spans(draft[start:end]):
                used += 1
                if used > limit:
                    return start + g_start
        return len(draft)
    for g_start, g_end in textscan.grapheme_spans(draft):
        piece = draft[g_start:g_end]
        used += textscan.utf8_length(piece) if unit == "bytes" else 1
        if used > limit:
            return g_start
    return len(draft)


_UNIT_WORDS = {"chars": "characters", "graphemes": "characters", "bytes": "bytes"}


def platform_findings(draft: str, limits: Limits) -> Iterator[Finding]:
    """The built-in platform length rule: an error for each limit the draft exceeds."""
    network = limits.platform.value.capitalize()
    for count in count_length(draft, limits):
        if not count.over:
            continue
        note = ""
        if count.unit == "chars" and limits.url_chars is not None:
            note = f" (every link counts {limits.url_chars})"
        message = (
            f"Too long for {network}: {count.used}/{count.limit} "
            f"{_UNIT_WORDS[count.unit]}{note}. Cut {count.used - count.limit}."
        )
        start = overflow_start(draft, limits, count.unit, count.limit)
        yield Finding(PLATFORM_RULE_ID, Severity.ERROR, message, start, len(draft))
    links = textscan.url_spans(draft)
    if limits.max_links is not None and len(links) > limits.max_links:
        message = (
            f"Too many links for {network}: {len(links)}, at most {limits.max_links}. "
            f"Remove {len(links) - limits.max_links}."
        )
        start = links[limits.max_links][0]
        yield Finding(PLATFORM_RULE_ID, Severity.ERROR, message, start, len(draft))


def network_refusals(findings: Iterable[Finding]) -> list[Finding]:
    """The findings no override may pass: a post over the network's own length limit is
    refused by the network, whatever the person says (persona findings can be overridden)."""
    return [f for f in findings if f.rule_id == PLATFORM_RULE_ID]
