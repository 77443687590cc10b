"""Profanity from better_profanity's maintained word list, matched fast and as whole words.

better_profanity's own ``contains_profanity`` walks the text in Python and takes milliseconds;
we read its word list (package data, via importlib.resources) once and compile it into one
phrase trie. Disguised spellings ("sh1t", "$hit", "f*ck") are undone per word with the same
character table better_profanity uses.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources

from persona.phrases import compile_phrases

# better_profanity's CHARS_MAPPING, reversed: the disguise → the letter it stands for.
_UNDISGUISE = {"@": "a", "4": "a", "1": "i", "0": "o", "3": "e", "$": "s", "5": "s", "7": "t"}
_DISGUISED = re.compile(r"(?<![\w@$*])(?=[\w@$*]*[@$*\d])[\w@$*]{3,}(?![\w@$*])")
_LOCK = threading.Lock()


@dataclass(frozen=True)
class WordList:
    """The compiled list: a whole-word matcher plus lookups for disguised single words."""

    matcher: re.Pattern[str] | None
    words: frozenset[str]
    by_length: dict[int, tuple[str, ...]]


@cache
def _load() -> WordList:
    source = resources.files("better_profanity").joinpath("profanity_wordlist.txt")
    entries = [line.strip() for line in source.read_text(encoding="utf-8").splitlines()]
    entries = [entry for entry in entries if entry]
    words = frozenset(entry.lower() for entry in entries if entry.isalpha())
    by_length: dict[int, list[str]] = {}
    for word in words:
        by_length.setdefault(len(word), []).append(word)
    return WordList(compile_phrases(entries), words, {n: tuple(ws) for n, ws in by_length.items()})


def word_list() -> WordList:
    """The compiled word list (read on first use, then shared)."""
    with _LOCK:
        return _load()


def _undisguised(token: str) -> Iterator[str]:
    plain = "".join(_UNDISGUISE.get(ch, ch) for ch in token)
    yield plain
    if "1" in token:
        yield plain.replace("i", "l")


def _masked_match(token: str, lists: WordList) -> bool:
    pattern = re.compile("".join("[a-z]" if ch == "*" else re.escape(ch) for ch in token))
    return any(pattern.fullmatch(word) for word in lists.by_length.get(len(token), ()))


def find(lower: str) -> Iterator[tuple[int, int]]:
    """Spans of listed words in ``lower`` (lower-cased text), disguised spellings included."""
    lists = word_list()
    if lists.matcher is not None:
        for match in lists.matcher.finditer(lower):
            yield match.span()
    for match in _DISGUISED.finditer(lower):
        token = match[0]
        if sum(ch.isalpha() for ch in token) < 2:
            continue  # "2024", "$50", "4x4": numbers, not words
        candidates = list(_undisguised(token))
        if any(c in lists.words for c in candidates) or (
            "*" in token and _masked_match(candidates[0], lists)
        ):
            yield match.span()
