"""Reading one TOML table with typed getters whose errors name the file, the line and the key.

``tomllib`` reports syntax errors with a line but gives no positions for values, so a bad value
is located by scanning the table's own lines for ``key =``: good enough to send a person to the
right line of a hand-written persona file.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from adapters.errors import ConfigError


class BadPattern(Exception):
    """A rule's regular expression does not compile; the rule is skipped, not fatal."""


_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def clean_text(value: str) -> str:
    """Strip control and bidi-override characters (not line breaks, tabs or emoji joiners)."""
    return "".join(
        ch
        for ch in value
        if ch in "\n\t" or (unicodedata.category(ch) != "Cc" and ch not in _BIDI_CONTROLS)
    )


def _key_line(lines: Sequence[str], header: int | None, key: str) -> int | None:
    """The 1-based line of ``key = …`` in the table that starts at line ``header``."""
    if header is None:
        return None
    pattern = re.compile(rf"""^\s*(?:{re.escape(key)}|"{re.escape(key)}"|'{re.escape(key)}')\s*=""")
    for number in range(header, len(lines)):
        line = lines[number]
        if line.lstrip().startswith("["):
            break
        if pattern.match(line):
            return number + 1
    return header


class Table:
    """One TOML table of a persona file (``[persona]``, a ``[[rules]]`` or saved reply)."""

    def __init__(
        self,
        data: Mapping[str, object],
        *,
        source: Path,
        label: str,
        lines: Sequence[str],
        header: int | None,
    ) -> None:
        self.data = data
        self.source = source
        self.label = label
        self.lines = lines
        self.header = header
        self._used: set[str] = set()

    def has(self, key: str) -> bool:
        """Whether the table sets ``key``."""
        return key in self.data

    def error(self, key: str, text: str) -> ConfigError:
        """A ConfigError naming the file, the line of ``key`` and the key."""
        line = _key_line(self.lines, self.header, key)
        where = f"{self.source}, line {line}" if line is not None else str(self.source)
        return ConfigError(f"{where}: {self.label}, key '{key}': {text}", title="Persona file")

    def _get(self, key: str) -> object:
        self._used.add(key)
        return self.data.get(key)

    def text(self, key: str, default: str | None = None) -> str:
        """A string value; required when ``default`` is ``None``."""
        value = self._get(key)
        if value is None:
            if default is None:
                raise self.error(key, "is required")
            return default
        if not isinstance(value, str):
            raise self.error(key, f"must be a string, not {type(value).__name__}")
        return clean_text(value)

    def texts(self, key: str, default: Sequence[str] = ()) -> tuple[str, ...]:
        """A list of non-empty strings (a single string is accepted as a list of one)."""
        value = self._get(key)
        if value is None:
            return tuple(default)
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.error(key, "must be a list of strings")
        cleaned = tuple(clean_text(v).strip() for v in value)
        if any(not v for v in cleaned):
            raise self.error(key, "must not contain empty strings")
        return cleaned

    def text_map(self, key: str) -> tuple[tuple[str, str], ...]:
        """A table of string → string (e.g. ``swap = { "unfortunately" = "I'm sorry" }``)."""
        value = self._get(key)
        if value is None:
            return ()
        if not isinstance(value, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in value.items()
        ):
            raise self.error(key, 'must be a table of strings, e.g. { "old" = "new" }')
        return tuple((clean_text(k).strip(), clean_text(v)) for k, v in value.items())

    def integer(self, key: str, default: int, minimum: int = 0) -> int:
        """A whole number ≥ ``minimum``."""
        value = self._get(key)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.error(key, f"must be a whole number, not {type(value).__name__}")
        if value < minimum:
            raise self.error(key, f"must be at least {minimum}, not {value}")
        return value

    def number(self, key: str, default: float, low: float, high: float) -> float:
        """A number between ``low`` and ``high``."""
        value = self._get(key)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.error(key, f"must be a number, not {type(value).__name__}")
        if not low <= value <= high:
            raise self.error(key, f"must be between {low} and {high}, not {value}")
        return float(value)

    def flag(self, key: str, default: bool) -> bool:
        """A true/false value."""
        value = self._get(key)
        if value is None:
            return default
        if not isinstance(value, bool):
            raise self.error(key, f"must be true or false, not {type(value).__name__}")
        return value

    def choice(self, key: str, options: Sequence[str], default: str) -> str:
        """One of ``options``."""
        value = self.text(key, default)
        if value not in options:
            raise self.error(key, f"must be one of {', '.join(options)}, not {value!r}")
        return value

    def patterns(self, key: str) -> tuple[re.Pattern[str], ...]:
        """Regular expressions, compiled case-insensitively; raises ``BadPattern`` if one fails."""
        compiled = []
        for source in self.texts(key):
            try:
                compiled.append(re.compile(source, re.IGNORECASE))
            except re.error as exc:
                raise BadPattern(
                    f"{key} {source!r} is not a valid regular expression: {exc}"
                ) from exc
        return tuple(compiled)

    def unknown_keys(self) -> list[str]:
        """Keys the table sets that nothing read (typos, or keys of a newer version)."""
        return sorted(set(self.data) - self._used)


@dataclass(frozen=True)
class Head:
    """The ``[persona]`` facts some rules need while they are read (greeting, sign-off)."""

    name: str
    greeting: str
    sign_off: str
