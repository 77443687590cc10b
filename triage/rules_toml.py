"""Read a rules TOML document into validated values, with errors that name file, line and key.

``tomllib`` reports syntax errors with a line but no key, and knows nothing about our schema,
so ``locate`` finds the line of a key path by scanning the source text for table headers and
``key =`` lines. It is best effort (multi-line strings can fool it) and always returns a line.
"""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from adapters.errors import ConfigError
from triage.classes import MentionClass
from triage.matcher import MAX_EXPANSIONS, expand, expansion_count

KeyPath = tuple[str | int, ...]

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\[\]]+?)\s*\]\]?\s*(?:#.*)?$")
_KEY_PART = r"""(?:"(?:[^"\\]|\\.)*"|'[^']*'|[A-Za-z0-9_-]+)"""
_KEY_LINE = re.compile(rf"^\s*({_KEY_PART}(?:\s*\.\s*{_KEY_PART})*)\s*=")
_DECODE_LINE = re.compile(r"at line (\d+)")
_BACKREF = re.compile(r"\\[1-9]|\(\?P=|\(\?P<")
_ESCAPE = re.compile(r"\\.")


def _split_key(text: str) -> tuple[str, ...]:
    parts = re.findall(_KEY_PART, text)
    return tuple(p[1:-1] if p[:1] in "\"'" else p for p in parts)


def _entries(source: str) -> Iterator[tuple[int, KeyPath]]:
    """(line, key path) of every table header and ``key =`` line, in order."""
    table: KeyPath = ()
    counters: dict[KeyPath, int] = {}
    for lineno, line in enumerate(source.splitlines(), 1):
        header = _HEADER.match(line)
        if header:
            parts = _split_key(header.group(2))
            if header.group(1) == "[[":
                counters[parts] = counters.get(parts, -1) + 1
                table = (*parts, counters[parts])
            else:
                table = parts
            yield lineno, table
            continue
        key = _KEY_LINE.match(line)
        if key is not None:
            yield lineno, (*table, *_split_key(key.group(1)))


def locate(source: str, path: KeyPath) -> int:
    """The 1-based line defining ``path`` (or its deepest defined ancestor) in ``source``."""
    best_line, best_depth = 1, 0
    for lineno, full in _entries(source):
        depth = 0
        for a, b in zip(full, path, strict=False):
            if a != b:
                break
            depth += 1
        if depth == len(full) and depth > best_depth:
            best_line, best_depth = lineno, depth
            if depth == len(path):
                break
    return best_line


def _path_at(source: str, line: int) -> KeyPath:
    """The key defined on ``line``, or the nearest one above it."""
    found: KeyPath = ()
    for lineno, full in _entries(source):
        if lineno > line:
            break
        found = full
    return found


def describe(path: KeyPath) -> str:
    """``("cues", 2, "weight")`` → ``cues[3].weight`` (array items counted from 1)."""
    out = ""
    for part in path:
        out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


@dataclass(frozen=True)
class Source:
    """Where a document came from, to word its errors."""

    path: Path | None
    text: str

    @property
    def name(self) -> str:
        """The file name shown to the person ("default rules" for the shipped file)."""
        return str(self.path) if self.path is not None else "triage/default_rules.toml"

    def error(self, path: KeyPath, problem: str) -> ConfigError:
        """A ConfigError naming the file, the line and the key."""
        line = locate(self.text, path)
        return ConfigError(
            f"{self.name}, line {line}, key {describe(path)}: {problem}",
            title="Triage rules problem",
        )


def parse(source: Source) -> Mapping[str, object]:
    """Parse the TOML text; a syntax error names the line and the nearest key above it."""
    try:
        return tomllib.loads(source.text)
    except tomllib.TOMLDecodeError as exc:
        m = _DECODE_LINE.search(str(exc))
        line = int(m.group(1)) if m else 1
        key = describe(_path_at(source.text, line)) or "(top level)"
        reason = str(exc).split(" (at line")[0]
        raise ConfigError(
            f"{source.name}, line {line}, key {key}: invalid TOML: {reason}",
            title="Triage rules problem",
        ) from exc


Check = Callable[[Source, KeyPath, object], object]


def as_float(src: Source, path: KeyPath, value: object) -> object:
    """A finite number between -100 and 100."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise src.error(path, f"must be a number, got {value!r}")
    if not math.isfinite(value) or abs(value) > 100:
        raise src.error(path, f"must be a finite number between -100 and 100, got {value!r}")
    return float(value)


def as_tone(src: Source, path: KeyPath, value: object) -> object:
    """A VADER compound threshold, -1..1."""
    number = as_float(src, path, value)
    assert isinstance(number, float)
    if not -1.0 <= number <= 1.0:
        raise src.error(path, f"must be between -1 and 1, got {value!r}")
    return number


def as_count(src: Source, path: KeyPath, value: object) -> object:
    """A whole number 0..1000."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 1000:
        raise src.error(path, f"must be a whole number from 0 to 1000, got {value!r}")
    return value


def as_bool(src: Source, path: KeyPath, value: object) -> object:
    """true or false."""
    if not isinstance(value, bool):
        raise src.error(path, f"must be true or false, got {value!r}")
    return value


def as_text(src: Source, path: KeyPath, value: object) -> object:
    """A non-empty string."""
    if not isinstance(value, str) or not value.strip():
        raise src.error(path, f"must be a non-empty string, got {value!r}")
    return value


def as_class(src: Source, path: KeyPath, value: object) -> object:
    """One of the five class names."""
    try:
        return MentionClass(str(value))
    except ValueError:
        names = ", ".join(c.value for c in MentionClass)
        raise src.error(path, f"unknown class {value!r} (expected one of {names})") from None


def as_words(src: Source, path: KeyPath, value: object, longest: int = 100) -> object:
    """A list of non-empty strings of at most ``longest`` characters."""
    if not isinstance(value, list):
        raise src.error(path, f"must be a list of strings, got {value!r}")
    for i, item in enumerate(value):
        if not isinstance(item, str) or not item.strip() or len(item) > longest:
            raise src.error((*path, i), f"must be a string of 1-{longest} characters")
    return tuple(value)


def as_terms(src: Source, path: KeyPath, value: object) -> object:
    """Words and phrases: ``*`` only ends a word, ``{a|b}`` groups are flat and few."""
    terms = as_words(src, path, value, longest=500)
    assert isinstance(terms, tuple)
    for i, term in enumerate(terms):
        if "{" not in term and "}" not in term and "*" not in term:
            continue  # most terms: nothing below can fail (checked cheaply; there are 1000s)
        depth = 0
        for ch in term:
            depth += {"{": 1, "}": -1}.get(ch, 0)
            if depth not in (0, 1):
                raise src.error((*path, i), f"term {term!r}: braces must pair up, not nest")
        if depth:
            raise src.error((*path, i), f"term {term!r}: braces must pair up, not nest")
        if expansion_count(term) > MAX_EXPANSIONS:
            problem = f"term {term!r} expands to more than {MAX_EXPANSIONS} terms"
            raise src.error((*path, i), problem)
        for t in expand(term):
            if any(w == "*" or "*" in w[:-1] for w in t.split()):
                problem = f"term {term!r}: '*' may only end a word, as in 'refund*'"
                raise src.error((*path, i), problem)
    return terms


def as_patterns(src: Source, path: KeyPath, value: object) -> object:
    """Lowercase regexes that compile, with no named groups or backreferences.

    They run on the lowercased text (a set's patterns are combined into one regex), so an
    uppercase letter outside an escape like ``\\W`` could never match.
    """
    patterns = as_words(src, path, value, longest=1000)
    assert isinstance(patterns, tuple)
    for i, pattern in enumerate(patterns):
        if _BACKREF.search(pattern):
            raise src.error((*path, i), f"pattern {pattern!r}: no named groups or backreferences")
        if _ESCAPE.sub("", pattern) != _ESCAPE.sub("", pattern).lower():
            problem = f"pattern {pattern!r}: write patterns in lowercase (text is lowercased)"
            raise src.error((*path, i), problem)
        try:
            re.compile(pattern)
        except re.error as exc:
            problem = f"pattern {pattern!r} is not a valid regex: {exc}"
            raise src.error((*path, i), problem) from None
    return patterns


def as_emoji_map(src: Source, path: KeyPath, value: object) -> object:
    """Single emoji characters mapped to words VADER scores ("😡" = "angry")."""
    if not isinstance(value, dict):
        raise src.error(path, 'must be a table of emoji = "words"')
    out: dict[str, str] = {}
    for emoji, words in value.items():
        bare = emoji.replace("\ufe0f", "")
        if len(bare) != 1 or bare.isascii():
            raise src.error((*path, emoji), f"{emoji!r} must be a single emoji character")
        out[bare] = str(as_text(src, (*path, emoji), words))
    return out


@dataclass(frozen=True)
class Table:
    """A table's allowed keys, each with its check and the dataclass field it sets."""

    checks: Mapping[str, Check]
    fields: Mapping[str, str] = field(default_factory=dict)

    def read(self, src: Source, path: KeyPath, value: object) -> dict[str, object]:
        """Validated ``{field: value}`` for the keys present; unknown keys are errors."""
        if not isinstance(value, dict):
            raise src.error(path, f"must be a table, got {value!r}")
        out: dict[str, object] = {}
        for key, item in value.items():
            check = self.checks.get(key)
            if check is None:
                known = ", ".join(sorted(self.checks))
                raise src.error((*path, key), f"unknown key (expected one of: {known})")
            out[self.fields.get(key, key)] = check(src, (*path, key), item)
        return out


def read_array(src: Source, path: KeyPath, value: object, table: Table) -> list[dict[str, object]]:
    """An array of tables (``[[cues]]``), each validated by ``table``."""
    if not isinstance(value, list):
        raise src.error(path, "must be an array of tables ([[cues]] entries)")
    return [table.read(src, (*path, i), item) for i, item in enumerate(value)]


def required(src: Source, path: KeyPath, values: Mapping[str, object], keys: Sequence[str]) -> None:
    """Raise naming the first of ``keys`` missing from ``values``."""
    for key in keys:
        if key not in values:
            raise src.error(path, f"missing required key '{key}'")
