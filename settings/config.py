"""The user's ``config.toml``: theme, key map, sync interval, persona and SLA settings.

A missing file means defaults. A malformed one raises ``ConfigError`` naming the file, the line
and the key; the caller decides whether to fall back to defaults (the app does, and says so).
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from adapters.errors import ConfigError
from settings.watch import WatchConfig, read_watch

DEFAULT_THEME = "replydesk-dark"
# The keys this version reads; any other is reported (a typo would otherwise be silently ignored).
KNOWN_KEYS = {
    "": {"theme", "keymap", "sync", "persona_file", "agent", "sla", "watch"},
    "sync": {"interval_seconds", "first_sync_days"},
}


@dataclass(frozen=True, slots=True)
class Config:
    """Validated settings; every field has a sensible default."""

    source: Path | None = None
    theme: str = DEFAULT_THEME
    keymap: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    sync_interval: float = 60.0
    first_sync_days: int = 14
    persona_file: Path | None = None
    agent: str = ""
    sla: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    warnings: tuple[str, ...] = ()
    watch: WatchConfig = field(default_factory=WatchConfig)


def load_config(path: Path) -> Config:
    """Read and validate ``path``; defaults when it does not exist."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Config(source=None)
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"Cannot read {path}: {exc}", "Config unreadable") from exc
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: {exc}. Fix the file, or move it aside for defaults.") from exc
    return _validate(data, path, text)


def key_line(text: str, dotted: str) -> int | None:
    """The line (1-based) where ``dotted`` (e.g. ``sync.interval_seconds``) is set or its
    table starts, found by a plain scan: TOML parsers do not report positions of values."""
    *tables, name = dotted.split(".")
    table = ".".join(tables)
    current = ""
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if line.startswith("["):
            current = line.strip("[] ").replace('"', "")
            if current == dotted:
                return number
            continue
        key = line.split("=", 1)[0].strip().strip('"')
        if "=" in line and current == table and key == name:
            return number
    return None


def _unknown_keys(data: dict[str, Any], path: Path, text: str) -> tuple[str, ...]:
    found: list[str] = []
    for table, known in KNOWN_KEYS.items():
        values = data.get(table, {}) if table else data
        if not isinstance(values, dict):
            continue
        for key in values:
            if key not in known:
                dotted = f"{table}.{key}" if table else key
                line = key_line(text, dotted)
                where = f"{path}, line {line}" if line else str(path)
                found.append(f"{where}: unknown key '{dotted}' is ignored (a typo?).")
    return tuple(found)


def _validate(data: dict[str, Any], path: Path, text: str) -> Config:
    def bad(key: str, expected: str) -> ConfigError:
        line = key_line(text, key)
        where = f"{path}, line {line}" if line else str(path)
        return ConfigError(f"{where}: key '{key}' must be {expected}.")

    theme = data.get("theme", DEFAULT_THEME)
    if not isinstance(theme, str) or not theme:
        raise bad("theme", "a theme name")
    keymap = data.get("keymap", {})
    if not isinstance(keymap, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and v for k, v in keymap.items()
    ):
        raise bad("keymap", 'a table of binding id = "keys" (e.g. "queue.done" = "d,x")')
    sync = data.get("sync", {})
    if not isinstance(sync, dict):
        raise bad("sync", "a table")
    interval = sync.get("interval_seconds", 60)
    if isinstance(interval, bool) or not isinstance(interval, int | float) or interval < 5:
        raise bad("sync.interval_seconds", "a number of seconds, at least 5")
    window = sync.get("first_sync_days", 14)
    if isinstance(window, bool) or not isinstance(window, int) or not 1 <= window <= 365:
        raise bad("sync.first_sync_days", "a whole number of days from 1 to 365")
    persona = data.get("persona_file")
    if persona is not None and not isinstance(persona, str):
        raise bad("persona_file", "a path")
    agent = data.get("agent", "")
    if not isinstance(agent, str):
        raise bad("agent", "your name as text")
    sla = data.get("sla", {})
    if not isinstance(sla, dict):
        raise bad("sla", "a table")
    return Config(
        source=path,
        theme=theme,
        keymap=MappingProxyType(dict(keymap)),
        sync_interval=float(interval),
        first_sync_days=window,
        persona_file=Path(persona).expanduser() if persona else None,
        agent=agent,
        sla=MappingProxyType(sla),
        warnings=_unknown_keys(data, path, text),
        watch=read_watch(data.get("watch", {}), path, lambda key: key_line(text, key)),
    )
