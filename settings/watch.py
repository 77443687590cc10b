"""The ``[watch]`` table of config.toml: the terms each account listens for.

[watch]
daily_cap = 200               # per term and day; what is past it becomes one summary row
x_reads_per_month = 2000      # posts X's search may read a month (billed each); 0: off (default)

[watch.terms]                 # by account id, handle, network name, or "*" for every account
"*" = ["fernbrook", "fernbrok", "#fernbrook", '-"fernbrook road"']
"@brand.bsky.social" = ['"fernbrook beans"']

[watch.sla]                   # indirect mentions' own SLA (like [sla]): complaints 4 h, rest 24 h
complaint = "4h"

Terms are parsed here, so a malformed one is reported with its line before any sync; what a
network's own query syntax refuses is checked when its account is searched (``sync.listen``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from adapters.errors import ConfigError
from adapters.records import Account
from adapters.watch import TermError, WatchList, watch_list

DEFAULT_DAILY_CAP = 200
ALL_ACCOUNTS = "*"
KNOWN_WATCH_KEYS = {"daily_cap", "terms", "sla", "x_reads_per_month"}


@dataclass(frozen=True, slots=True)
class WatchConfig:
    """Validated ``[watch]`` settings: raw terms by key, the daily cap and the SLA table."""

    terms: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))
    daily_cap: int = DEFAULT_DAILY_CAP
    sla: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    x_reads_per_month: int = 0
    """Posts X's search may read a month (X bills each); 0, the default, keeps it off."""

    def keys_for(self, account: Account) -> tuple[str, ...]:
        """The keys of ``terms`` that apply to ``account``, widest first."""
        names = (ALL_ACCOUNTS, account.network, account.at_handle, account.id)
        return tuple(name for name in dict.fromkeys(names) if name in self.terms)

    def watch_for(self, account: Account) -> WatchList:
        """Every term that applies to ``account`` (already checked when the file was read)."""
        raw = [term for key in self.keys_for(account) for term in self.terms[key]]
        return watch_list(raw)


def read_watch(data: object, where: Path, line_of: Any) -> WatchConfig:
    """The ``[watch]`` table ``data`` of the config file ``where``; ``ConfigError`` naming the
    key, its line (``line_of(dotted)``) and the term for anything malformed."""

    def bad(key: str, problem: str) -> ConfigError:
        line = line_of(key)
        place = f"{where}, line {line}" if line else str(where)
        return ConfigError(f"{place}: {problem}", title="Watch terms problem")

    if not isinstance(data, dict):
        raise bad("watch", "key 'watch' must be a table")
    unknown = sorted(set(data) - KNOWN_WATCH_KEYS)
    if unknown:
        raise bad(f"watch.{unknown[0]}", f"unknown key 'watch.{unknown[0]}' (a typo?)")
    cap = data.get("daily_cap", DEFAULT_DAILY_CAP)
    if isinstance(cap, bool) or not isinstance(cap, int) or cap < 1:
        raise bad("watch.daily_cap", "key 'watch.daily_cap' must be a whole number, at least 1")
    reads = data.get("x_reads_per_month", 0)
    if isinstance(reads, bool) or not isinstance(reads, int) or reads < 0:
        raise bad(
            "watch.x_reads_per_month",
            "key 'watch.x_reads_per_month' must be a whole number, 0 or more",
        )
    terms = data.get("terms", {})
    if not isinstance(terms, dict):
        raise bad("watch.terms", "key 'watch.terms' must be a table of account = [terms]")
    parsed: dict[str, tuple[str, ...]] = {}
    for key, values in terms.items():
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise bad(f"watch.terms.{key}", f"watch terms for '{key}' must be a list of text")
        try:
            watch_list(values)
        except TermError as exc:
            raise bad(f"watch.terms.{key}", f"{exc} (for '{key}')") from exc
        parsed[key] = tuple(values)
    sla = data.get("sla", {})
    if not isinstance(sla, dict):
        raise bad("watch.sla", "key 'watch.sla' must be a table")
    return WatchConfig(MappingProxyType(parsed), cap, MappingProxyType(sla), reads)
