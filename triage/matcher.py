r"""Turn cue sets into a few precompiled regexes and find every cue in one pass each.

Everything is matched against the lowercased text (``Prepared.folded``), so no regex needs
IGNORECASE, which roughly triples the cost of literal matching in ``re``.
All word terms of all sets go into ONE regex shaped as a trie (``re`` tries alternatives one by
one, so a flat alternation of hundreds of terms would be slow; a trie branches on one character
at a time). The matched text is then mapped back to its set(s) by a dictionary lookup.
Single-character symbol terms (emoji) are found with ``str.find`` for the few that occur (a
character class of astral emoji is slow in ``re``); longer ones (":(") get one regex. Each
pattern is compiled on its own, its leading ``\b`` checked after a match: ``re`` only skips
ahead to possible first characters when a pattern starts with a literal, which makes a
pattern like ``\bnobody\s+\w+ed`` about ten times cheaper.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from triage.lexicon import CueSet
from triage.pattern_hint import required

_END = ""  # trie key marking "a term ends here"
_STAR = "*"  # trie key for "the rest of the word"
_NUMBER = "#"  # trie key for "a number" (3, 12.50, 9:30)
_NUMBER_RE = r"\d+(?:[.,:]\d+)*"
_NUMBERS = re.compile(_NUMBER_RE)
_BRACES = re.compile(r"\{([^{}]*)\}")
MAX_EXPANSIONS = 5000  # per term; a typo in braces must not explode the trie
_STARTS = 3  # wildcards are grouped by this many leading characters
_APOSTROPHE = "'"  # flag on a trie node: an apostrophe may come before its character
_WORD_START = re.compile(r"\w")
_MAX_RESOLVED = 4096
_DIGIT = re.compile(r"\d")
_NON_SPACE = re.compile(r"\S+")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
# Where English contractions put an apostrophe, so "dont" also matches "don't" and "im" "I'm".
# Not before "ll": "ill" must not match "I'll".
_CONTRACTION = re.compile(r"(?<=\w)(?=(?:t|s|d|m|re|ve)\*?$)")

Trie = dict[str, "Trie"]


def term_key(text: str) -> str:
    """The lookup form of a term or of matched text: lowercase, no apostrophes, single spaces."""
    return " ".join(text.lower().replace("'", "").replace("\u2019", "").split())


def expand(term: str) -> list[str]:
    """``term`` with each ``{a|b|}`` group expanded: "{for|since} # day{s|}" → 4 terms."""
    groups = _BRACES.findall(term)
    if not groups:
        return [term]
    out = [""]
    for i, piece in enumerate(_BRACES.split(term)):
        options = piece.split("|") if i % 2 else [piece]
        out = [head + option for head in out for option in options]
    return [" ".join(t.split()) for t in out if t.strip()]


def expansion_count(term: str) -> int:
    """How many terms ``expand`` would make (checked before expanding user input)."""
    count = 1
    for group in _BRACES.findall(term):
        count *= group.count("|") + 1
    return count


def _insert(root: Trie, term: str) -> None:
    """Add ``term`` to the trie, flagging where an apostrophe may appear."""
    node = root
    for w, word in enumerate(term.lower().replace("\u2019", "'").split()):
        if w:
            node = node.setdefault(" ", {})
        if "'" in word:
            allowed = {i - n for n, i in enumerate(i for i, c in enumerate(word) if c == "'")}
            word = word.replace("'", "")
        else:
            m = _CONTRACTION.search(word)
            allowed = {m.start()} if m else set()
        for i, ch in enumerate(word):
            node = node.setdefault(ch, {})
            if i in allowed:
                node[_APOSTROPHE] = {}
    node[_END] = {}


def _literal_start(pattern: str) -> str:
    """Up to ``_STARTS`` plain characters a wildcard key regex begins with."""
    out = ""
    for ch in pattern[:_STARTS]:
        if not (ch.isalnum() or ch == " "):
            break
        out += ch
    return out


def _inner_terms(
    key: str,
    indices: set[int],
    word_terms: dict[str, set[int]],
    wildcards: dict[str, list[tuple[re.Pattern[str], int]]],
) -> tuple[tuple[int, int, tuple[int, ...]], ...]:
    """Word spans [first, last) inside the phrase ``key`` that are terms of other sets,
    longest first; each set is reported once (at its longest span)."""
    words = key.split(" ")
    seen = set(indices)
    found = []
    for length in range(len(words) - 1, 0, -1):
        for first in range(len(words) - length + 1):
            sub = " ".join(words[first : first + length])
            sets = set(word_terms.get(sub, ()))
            for start in {sub[:n] for n in range(_STARTS + 1)}:
                sets.update(i for rx, i in wildcards.get(start, ()) if rx.fullmatch(sub))
            extra = sets - seen
            if extra:
                seen |= extra
                found.append((first, first + length, tuple(sorted(extra))))
    return tuple(found)


def _key_regex(key: str) -> re.Pattern[str]:
    """A regex matching the keys of texts a wildcard term matches ("refund*" → "refunded")."""
    out = ""
    for ch in key:
        out += r"\w*" if ch == _STAR else _NUMBER_RE if ch == _NUMBER else re.escape(ch)
    return re.compile(out)


def _trie_regex(terms: Sequence[str]) -> str:
    """A regex matching exactly ``terms``, longest alternative first, as a character trie."""
    root: Trie = {}
    for term in terms:
        _insert(root, term)
    return _emit(root)


def _emit(node: Trie) -> str:
    # One child per character, so alternatives never overlap and the greedy optional END
    # group makes the longest term win ("refunded the" over "refund*").
    alts: list[str] = []
    for ch in sorted(node):
        if ch in (_END, _STAR, _APOSTROPHE):
            continue
        child = node[ch]
        head = r"\s+" if ch == " " else _NUMBER_RE if ch == _NUMBER else re.escape(ch)
        if _APOSTROPHE in child:
            head = "['\u2019]?" + head
        alts.append(head + _emit(child))
    if _STAR in node:
        alts.append(r"\w*" + _emit(node[_STAR]))
    if not alts:
        return ""
    body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
    if _END in node:
        body = f"(?:{body})?"
    return body


PatternParts = tuple[str, int, bool, bool, tuple[str, ...] | None]
Compile = Callable[[str], re.Pattern[str]]


def _pattern_parts(pattern: str, set_index: int) -> PatternParts:
    """What ``_Pattern`` is made of, as plain data: the body (a leading ``\\b`` moved into a
    check), its set, the boundary and digit flags and the hint substrings."""
    simple = "|" not in _top_level(pattern)
    boundary = simple and pattern.startswith(r"\b")
    body = pattern[2:] if boundary else pattern
    needs = required(pattern)
    return body, set_index, boundary, simple and body.startswith(r"\d"), needs


@dataclass(frozen=True, slots=True)
class _Pattern:
    """One compiled pattern; ``boundary``: its stripped leading ``\\b`` is checked after a
    match; ``needs_digit``: it starts with ``\\d``, so text without digits is skipped;
    ``needs``: text containing none of these substrings is skipped (``None``: no hint)."""

    regex: re.Pattern[str]
    set_index: int
    boundary: bool
    needs_digit: bool
    needs: frozenset[str] | None

    @classmethod
    def build(cls, pattern: str, set_index: int) -> _Pattern:
        """Compile ``pattern`` for ``set_index``, moving a leading ``\\b`` into a check."""
        return cls.load(_pattern_parts(pattern, set_index), re.compile)

    @classmethod
    def load(cls, parts: PatternParts, compile_: Compile) -> _Pattern:
        """The pattern made of ``parts``, its body compiled by ``compile_``."""
        body, set_index, boundary, needs_digit, needs = parts
        hint = frozenset(needs) if needs is not None else None
        return cls(compile_(body), set_index, boundary, needs_digit, hint)

    def hits(self, folded: str) -> Iterator[Hit]:
        """Non-overlapping matches, exactly as the pattern with its ``\\b`` would find them."""
        pos = 0
        while pos <= len(folded):
            m = self.regex.search(folded, pos)
            if m is None:
                return
            start, end = m.span()
            if self.boundary and not _at_boundary(folded, start):
                pos = start + 1  # the \b regex would have moved on from here
                continue
            if end > start:
                yield Hit(self.set_index, start, end, False)
            pos = max(end, start + 1)


class WordFinder:
    """Whole words and phrases of a list in lowercased text (apostrophes optional, spaces any
    whitespace), compiled as one character trie whose leading ``\\b`` is checked after a match:
    about three times cheaper than a ``\\b(?:a|b|…)`` alternation, which ``re`` tries at every
    position."""

    def __init__(self, words: Sequence[str]) -> None:
        self._pattern = _Pattern.build(rf"\b(?:{_trie_regex(words)})(?!\w)", -1)

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Every non-overlapping match, left to right."""
        return [(h.start, h.end) for h in self._pattern.hits(text)]

    def first(self, text: str) -> tuple[int, int] | None:
        """The leftmost match, if any."""
        return next(((h.start, h.end) for h in self._pattern.hits(text)), None)


def _at_boundary(text: str, i: int) -> bool:
    """``\\b`` at ``i``: exactly one of the characters around it is a word character."""
    before = i > 0 and _WORD_START.match(text, i - 1) is not None
    after = i < len(text) and _WORD_START.match(text, i) is not None
    return before != after


def _top_level(pattern: str) -> str:
    """``pattern`` without its bracketed parts: what an alternation at the top would show."""
    depth, out, escaped = 0, [], False
    for ch in pattern:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch in "([":
            depth += 1
        elif ch in ")]" and depth:
            depth -= 1
        elif depth == 0:
            out.append(ch)
    return "".join(out)


class Hit(NamedTuple):
    """A cue set matched ``folded[start:end]``; ``term`` says whether it was a word term.

    A tuple, not a frozen dataclass: thousands are made per second and tuples are cheaper.
    """

    set_index: int
    start: int
    end: int
    term: bool


class MatcherState(NamedTuple):
    """What a ``Matcher`` is made of, as plain data (strings, numbers, tuples and dicts, regexes
    as their source), so ``triage.matcher_cache`` can store it and load it again."""

    words: str | None  # the trie regex of every word term
    singles: tuple[str, ...]  # single-character symbol terms
    multi: str | None  # the regex of longer symbol terms
    patterns: tuple[PatternParts, ...]
    word_sets: dict[str, tuple[int, ...]]
    inner: dict[str, tuple[tuple[int, int, tuple[int, ...]], ...]]
    symbol_sets: dict[str, tuple[int, ...]]
    wildcards: tuple[tuple[str, int], ...]  # each wildcard term's key regex and its set

    def regexes(self) -> list[str]:
        """Every regex source the state holds (what a loader must compile)."""
        found = [self.words, self.multi, *(p[0] for p in self.patterns)]
        return [r for r in found if r is not None] + [rx for rx, _ in self.wildcards]


def matcher_state(sets: Sequence[CueSet]) -> MatcherState:
    """Everything ``Matcher`` needs from ``sets``, worked out (the costly part of building)."""
    word_terms: dict[str, set[int]] = {}
    symbol_terms: dict[str, set[int]] = {}
    wildcards: list[tuple[re.Pattern[str], int]] = []
    word_list: list[str] = []
    patterns: list[PatternParts] = []
    for index, cue_set in enumerate(sets):
        for term in (t for raw in cue_set.terms for t in expand(raw)):
            # "#" at the start is the number placeholder ("# days late"), not a symbol.
            if not _WORD_START.match(term) and not term.startswith(_NUMBER):
                symbol_terms.setdefault(term.lower(), set()).add(index)
                continue
            word_list.append(term)
            key = term_key(term)
            if "*" in key:
                wildcards.append((_key_regex(key), index))
            else:
                word_terms.setdefault(key, set()).add(index)
        # One regex per pattern: sets must not steal each other's text ("great, another
        # week" is both a sarcasm pattern and a waiting pattern).
        patterns.extend(_pattern_parts(p, index) for p in cue_set.patterns)
    # An exact term may also be covered by another set's wildcard ("refund" and "refund*");
    # only wildcards whose literal start the key shares can cover it.
    by_start: dict[str, list[tuple[re.Pattern[str], int]]] = {}
    for rx, i in wildcards:
        by_start.setdefault(_literal_start(rx.pattern), []).append((rx, i))
    for key, indices in word_terms.items():
        for start in {key[:n] for n in range(_STARTS + 1)}:
            indices.update(i for rx, i in by_start.get(start, ()) if rx.fullmatch(key))
    multi = sorted((s for s in symbol_terms if len(s) > 1), key=len, reverse=True)
    # The trie returns only the longest term at a position; terms of OTHER sets inside it
    # ("refund*" in "want a refund", "why" in "why does") are listed here ahead of time.
    inner: dict[str, tuple[tuple[int, int, tuple[int, ...]], ...]] = {}
    for key, indices in word_terms.items():
        if " " in key:
            found = _inner_terms(key, indices, word_terms, by_start)
            if found:
                inner[key] = found
    return MatcherState(
        words=rf"\b(?:{_trie_regex(word_list)})(?!\w)" if word_list else None,
        singles=tuple(sorted(s for s in symbol_terms if len(s) == 1)),
        multi="|".join(re.escape(s) for s in multi) if multi else None,
        patterns=tuple(patterns),
        word_sets={k: tuple(sorted(v)) for k, v in word_terms.items()},
        inner=inner,
        symbol_sets={k: tuple(sorted(v)) for k, v in symbol_terms.items()},
        wildcards=tuple((rx.pattern, i) for rx, i in wildcards),
    )


class Matcher:
    """Compiled cue sets; ``find`` lists every hit in a masked text, left to right per regex."""

    def __init__(self, state: MatcherState, compile_: Compile = re.compile) -> None:
        """The matcher of ``state`` (``matcher_state(sets)``), its regexes compiled by
        ``compile_`` (``triage.matcher_cache`` passes one that reuses stored compiled code)."""
        self._words = compile_(state.words) if state.words is not None else None
        self._single = frozenset(state.singles)
        self._multi = compile_(state.multi) if state.multi is not None else None
        # Single symbols are usually emoji: then only a text's non-ASCII characters can match.
        self._ascii_singles = any(s.isascii() for s in self._single)
        patterns = tuple(_Pattern.load(parts, compile_) for parts in state.patterns)
        self._patterns = patterns
        # Every pattern's hint substrings, each looked up once per text.
        self._needs = tuple(sorted({n for p in patterns if p.needs for n in p.needs}))
        self._word_sets = state.word_sets
        self._inner = state.inner
        self._symbol_sets = state.symbol_sets
        self._wildcards = tuple((compile_(rx), i) for rx, i in state.wildcards)
        # Wildcard resolutions seen so far; bounded so arbitrary input cannot grow it forever.
        self._resolved: dict[str, tuple[int, ...]] = {}

    def find(self, folded: str) -> list[Hit]:
        """Every cue hit in the lowercased text ``folded`` (words, symbols, then patterns)."""
        hits: list[Hit] = []
        add = hits.append
        word_sets, inner = self._word_sets, self._inner
        if self._words is not None:
            for m in self._words.finditer(folded):
                text = m.group()
                start, end = m.span()
                # Single plain words (most hits) are their own key; phrases are normalized.
                key = text if text.isalnum() else term_key(text)
                indices = word_sets.get(key)
                if indices is None:
                    if _DIGIT.search(key):
                        key = _NUMBERS.sub(_NUMBER, key)  # "for 3 weeks" matched "for # weeks"
                    indices = self._word_set_indices(key)
                for index in indices:
                    add(Hit(index, start, end, True))
                swallowed = inner.get(key)
                if swallowed:
                    words = [w.span() for w in _NON_SPACE.finditer(text)]
                    for first, last, indices in swallowed:
                        a, b = start + words[first][0], start + words[last - 1][1]
                        hits.extend(Hit(i, a, b, True) for i in indices)
        if self._multi is not None or self._single:
            self._symbol_hits(folded, hits)
        has_digit: bool | None = None
        present = set(filter(folded.__contains__, self._needs))  # in C: no loop per need
        for p in self._patterns:
            if p.needs is not None and present.isdisjoint(p.needs):
                continue
            if p.needs_digit:
                if has_digit is None:
                    has_digit = _DIGIT.search(folded) is not None
                if not has_digit:
                    continue
            hits.extend(p.hits(folded))
        return hits

    def _symbol_hits(self, folded: str, hits: list[Hit]) -> None:
        # Longer symbols first so a single character inside one is not counted twice.
        taken: set[int] = set()
        if self._multi is not None:
            for m in self._multi.finditer(folded):
                taken.update(range(m.start(), m.end()))
                hits.extend(Hit(i, m.start(), m.end(), False) for i in self._symbol_sets[m.group()])
        if self._ascii_singles:
            chars = folded
        elif folded.isascii():
            return
        else:
            chars = "".join(_NON_ASCII.findall(folded))
        # In order of first appearance: a set's cap then credits the same emoji in every run
        # (a set's iteration order changes with the process's string hashing).
        for ch in sorted(self._single.intersection(chars), key=folded.find):
            at = folded.find(ch)
            while at >= 0:
                if at not in taken:
                    hits.extend(Hit(i, at, at + 1, False) for i in self._symbol_sets[ch])
                at = folded.find(ch, at + 1)

    def _word_set_indices(self, key: str) -> tuple[int, ...]:
        exact = self._word_sets.get(key)
        if exact is not None:
            return exact
        # Only a wildcard term can have matched ("refunded" via "refund*"): find its set(s).
        found = self._resolved.get(key)
        if found is None:
            found = tuple(sorted({i for rx, i in self._wildcards if rx.fullmatch(key)}))
            if len(self._resolved) < _MAX_RESOLVED:
                self._resolved[key] = found
        return found
