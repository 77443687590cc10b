"""The ``[[route]]`` tables of config.toml, as written, with where each one is.

Checking what a rule says (its ``when`` search line, its teammate) needs the search language
and the team, so it happens in ``sync.routing``; here each table is only found and numbered.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from adapters.errors import ConfigError


@dataclass(frozen=True, slots=True)
class RouteTable:
    """One ``[[route]]`` table: its position, where it is written, and its keys."""

    number: int
    where: str
    """ "config.toml, line 14" (the file alone for an inline table)."""
    keys: Mapping[str, Any]

    @property
    def name(self) -> str:
        """ "route 2 (config.toml, line 14)"."""
        return f"route {self.number} ({self.where})"


def route_tables(
    raw: object, path: Path, text: str, bad: Callable[[str, str], ConfigError]
) -> tuple[RouteTable, ...]:
    """The ``[[route]]`` tables of the file at ``path`` (whose text is ``text``)."""
    if not isinstance(raw, list) or not all(isinstance(t, dict) for t in raw):
        raise bad("route", 'a list of [[route]] tables (when = "…", assign = "…", label = "…")')
    headers = [n for n, line in enumerate(text.splitlines(), 1) if line.strip() == "[[route]]"]
    found = []
    for number, table in enumerate(raw, start=1):
        line = headers[number - 1] if len(headers) == len(raw) else None
        where = f"{path.name}, line {line}" if line else path.name
        found.append(RouteTable(number, where, dict(table)))
    return tuple(found)
