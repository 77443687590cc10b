"""Compiling many phrases into one fast, whole-word, case-insensitive regex (a trie).

A persona may hold hundreds of words and phrases. Matching them one regex at a time costs one
scan per phrase; one alternation costs one scan, and shaping the alternation as a trie (common
prefixes shared, every branch starting with a literal) lets the regex engine reject most
branches on their first character. Patterns run on the lower-cased draft (``Doc.lower``).

Phrases are matched loosely where people type loosely: any run of whitespace between words,
optional spaces around punctuation ("100 %" matches "100%"), and ’ for '. ``phrase_key`` maps a
phrase and every text it matches to the same key, so a hit finds its phrase again.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

_SPACE = "\x00"  # whitespace required (between two word characters)
_OPTIONAL = "\x01"  # whitespace allowed (next to punctuation)
_APOSTROPHES = "'’ʼ"


def is_word_char(ch: str) -> bool:
    """Whether ``ch`` is a regex ``\\w`` character."""
    return ch.isalnum() or ch == "_"


def tokens(phrase: str) -> tuple[str, ...]:
    """The canonical tokens of a phrase: lower-cased characters and whitespace markers."""
    out: list[str] = []
    spaced = False
    for ch in phrase.lower():
        if ch.isspace():
            spaced = True
            continue
        if ch in _APOSTROPHES:
            ch = "'"
        if out:
            if is_word_char(out[-1]) and is_word_char(ch):
                if spaced:
                    out.append(_SPACE)
            else:
                out.append(_OPTIONAL)
        out.append(ch)
        spaced = False
    return tuple(out)


def phrase_key(text: str) -> str:
    """The key shared by a phrase and every text its pattern matches."""
    return "".join(" " if tok == _SPACE else tok for tok in tokens(text) if tok != _OPTIONAL)


def _token_regex(tok: str) -> str:
    if tok == _SPACE:
        return r"\s+"
    if tok == _OPTIONAL:
        return r"\s*"
    if tok == "'":
        return f"[{_APOSTROPHES}]"
    return re.escape(tok)


@dataclass
class _Node:
    children: dict[str, _Node] = field(default_factory=dict)
    end: bool = False


def _emit(node: _Node, last: str) -> str:
    branches = [_token_regex(tok) + _emit(child, tok) for tok, child in node.children.items()]
    if node.end:
        # Last, so a longer phrase wins; a phrase ending in a letter must end a word.
        branches.append(r"(?!\w)" if is_word_char(last) else "")
    if len(branches) == 1:
        return branches[0]
    return "(?:" + "|".join(branches) + ")"


def _trie(sequences: Iterable[tuple[str, ...]]) -> str | None:
    root = _Node()
    for seq in sequences:
        node = root
        for tok in seq:
            node = node.children.setdefault(tok, _Node())
        node.end = True
    if not root.children:
        return None
    return _emit(root, "")


def trie_pattern(phrases: Iterable[str]) -> str | None:
    """A regex source matching any of ``phrases`` as whole words, or ``None`` if empty.

    Apply it to lower-cased text. Phrases that start with a word character must also start a
    word; those that start with punctuation ("#ad", "100 %"…) may follow anything.
    """
    seqs = {tokens(p) for p in phrases}
    seqs.discard(())
    word_start = _trie(s for s in seqs if is_word_char(s[0]))
    other_start = _trie(s for s in seqs if not is_word_char(s[0]))
    parts = []
    if word_start is not None:
        parts.append(rf"(?<!\w)(?:{word_start})")
    if other_start is not None:
        parts.append(f"(?:{other_start})")
    return "|".join(parts) if parts else None


def compile_phrases(phrases: Iterable[str]) -> re.Pattern[str] | None:
    """``trie_pattern`` compiled, or ``None`` when there is nothing to match."""
    source = trie_pattern(phrases)
    return None if source is None else re.compile(source)
