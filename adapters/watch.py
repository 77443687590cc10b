"""Watch terms: how people name the brand without tagging it, and what to leave out.

A term is written as a person would type it into a search box: a word (``fernbrook``), a phrase
(``"fernbrook beans"``, or unquoted words), a hashtag (``#fernbrook``), or an exclusion
(``-"fernbrook road"``, ``-road``) that keeps a post out whatever else it says. Parsing is
shared by every network; what a network's own query syntax refuses is checked by that
network's ``search`` module (``check_term``), so the person gets a message naming the term and
the network before any request is made.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

MAX_TERM_CHARS = 100
# ``from:``, ``lang:``, ``is:``: a search operator changes what a query means, so a watch term
# that looks like one would silently search for something else.
_OPERATOR = re.compile(r"(?:^|\s)[A-Za-z_]+:\S")
_TAG = re.compile(r"^[^\s#\"]+$")


class TermError(ValueError):
    """A term that cannot be watched; the message says why, in words."""


class TermKind(StrEnum):
    """What a term matches."""

    WORD = "word"
    PHRASE = "phrase"
    HASHTAG = "hashtag"


@dataclass(frozen=True, slots=True)
class WatchTerm:
    """One parsed term. ``text`` is as written (what the UI and ``x`` show); ``value`` is the
    word, the phrase or the tag without ``#`` and quotes."""

    text: str
    kind: TermKind
    value: str
    exclude: bool = False

    @property
    def query(self) -> str:
        """The term in the search syntax both networks share (quotes, ``#``, ``-``)."""
        core = {
            TermKind.WORD: self.value,
            TermKind.PHRASE: f'"{self.value}"',
            TermKind.HASHTAG: f"#{self.value}",
        }[self.kind]
        return f"-{core}" if self.exclude else core

    def found_in(self, text: str) -> bool:
        """Whether ``text`` contains this term (case-insensitive, whole words only)."""
        if self.kind is TermKind.HASHTAG:
            pattern = rf"(?<![\w#])#{re.escape(self.value)}(?!\w)"
        else:
            words = r"\s+".join(re.escape(word) for word in self.value.split())
            pattern = rf"(?<!\w){words}(?!\w)"
        return re.search(pattern, text, re.IGNORECASE) is not None


def parse_term(raw: str) -> WatchTerm:
    """``raw`` as a ``WatchTerm``; ``TermError`` saying what is wrong with it."""
    text = raw.strip()
    if not text:
        raise TermError("a watch term cannot be empty")
    if len(text) > MAX_TERM_CHARS:
        raise TermError(f"a watch term is at most {MAX_TERM_CHARS} characters")
    if any(unicodedata.category(char).startswith("C") for char in text):
        raise TermError("a watch term cannot hold control or invisible characters")
    exclude = text.startswith("-")
    body = text[1:].strip() if exclude else text
    if not body:
        raise TermError("'-' must be followed by what to leave out")
    if _OPERATOR.search(body):
        raise TermError("search operators such as 'from:' are not watch terms")
    if body.startswith('"'):
        if len(body) < 3 or not body.endswith('"') or '"' in body[1:-1]:
            raise TermError('a phrase needs one opening and one closing quote: "like this"')
        value = " ".join(body[1:-1].split())
        return WatchTerm(text, TermKind.PHRASE, value, exclude)
    if '"' in body:
        raise TermError('quotes go around the whole phrase: "like this"')
    if body.startswith("#"):
        tag = body[1:]
        if not _TAG.match(tag):
            raise TermError("a hashtag is one '#' and then a word, with no spaces")
        if tag.isdigit():
            raise TermError("a hashtag cannot be digits only")
        return WatchTerm(text, TermKind.HASHTAG, tag, exclude)
    value = " ".join(body.split())
    kind = TermKind.PHRASE if " " in value else TermKind.WORD
    return WatchTerm(text, kind, value, exclude)


@dataclass(frozen=True, slots=True)
class WatchList:
    """An account's terms: ``terms`` bring posts in, ``exclusions`` keep them out."""

    terms: tuple[WatchTerm, ...] = ()
    exclusions: tuple[WatchTerm, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.terms)

    def excluded(self, text: str) -> bool:
        """Whether an exclusion keeps ``text`` out."""
        return any(term.found_in(text) for term in self.exclusions)


def watch_list(raw: Iterable[str]) -> WatchList:
    """Parse every term (``TermError`` naming the first bad one); duplicates count once."""
    terms: dict[tuple[TermKind, str, bool], WatchTerm] = {}
    for item in raw:
        try:
            term = parse_term(item)
        except TermError as exc:
            raise TermError(f"watch term {item!r}: {exc}") from exc
        # The same word written twice (or in another case) is one term: the first spelling.
        terms.setdefault((term.kind, term.value.casefold(), term.exclude), term)
    parsed = list(terms.values())
    return WatchList(
        tuple(t for t in parsed if not t.exclude), tuple(t for t in parsed if t.exclude)
    )
