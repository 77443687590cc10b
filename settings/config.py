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
from settings.reports import ReportSpec, read_reports, report_line
from settings.routes import RouteTable, route_tables
from settings.threads_app import KEYS as THREADS_KEYS
from settings.threads_app import ThreadsApp, read_threads_app
from settings.watch import WatchConfig, read_watch
from settings.x import XSettings, read_x

DEFAULT_THEME = "replydesk-dark"
# The keys this version reads; any other is reported (a typo would otherwise be silently ignored).
KNOWN_KEYS = {
    "": {
        "theme",
        "keymap",
        "sync",
        "persona_file",
        "agent",
        "sla",
        "facebook",
        "threads",
        "searches",
        "team",
        "watch",
        "x",
        "route",
        "report",
    },
    "sync": {"interval_seconds", "first_sync_days"},
    "facebook": {"app_id", "redirect_port", "human_agent"},
    "threads": THREADS_KEYS,
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
    facebook_app_id: str = ""  # the person's own Meta app, for Facebook Login
    facebook_redirect_port: int = 8765  # its loopback redirect, as listed in the app
    threads: ThreadsApp = field(default_factory=ThreadsApp)
    """The Meta app of Threads' browser sign-in (``[threads]``)."""
    searches: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    """Saved searches shown as tabs after the built-in ones: tab name → query."""
    team: tuple[str, ...] = ()
    """Teammates' names, who mentions can be assigned to (``agent`` is "me")."""
    warnings: tuple[str, ...] = ()
    watch: WatchConfig = field(default_factory=WatchConfig)
    reports: tuple[ReportSpec, ...] = ()
    """The ``[[report]]`` tables: reports written on a schedule (settings/reports.py)."""
    x: XSettings = field(default_factory=XSettings)
    """X's prices and the month's budget (``[x]``)."""
    routes: tuple[RouteTable, ...] = ()
    """The ``[[route]]`` tables as written, checked when the triage settings are read
    (``sync.routing``): a bad rule is reported and skipped there, not here."""
    facebook_human_agent: bool | tuple[str, ...] = False
    """Messenger replies up to 7 days with the HUMAN_AGENT tag: every Page, or these Pages
    (ids or names); only where the Meta app has the Human Agent permission."""

    @property
    def networks(self) -> Mapping[str, Mapping[str, object]]:
        """Every network's table, by network name (what opening adapters hands them)."""
        return MappingProxyType({n: self.network_settings(n) for n in ("facebook", "threads")})

    def network_settings(self, network: str) -> Mapping[str, object]:
        """``network``'s table of the file as its sign-in and adapter read it (empty for a
        network without one)."""
        if network == "threads":
            app = self.threads
            return MappingProxyType(
                {
                    "app_id": app.app_id,
                    "app_secret": app.app_secret,
                    "redirect_port": app.redirect_port,
                }
            )
        if network != "facebook":
            return MappingProxyType({})
        return MappingProxyType(
            {
                "app_id": self.facebook_app_id,
                "redirect_port": self.facebook_redirect_port,
                "human_agent": self.facebook_human_agent,
            }
        )


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
    facebook = data.get("facebook", {})
    if not isinstance(facebook, dict):
        raise bad("facebook", "a table")
    app_id = facebook.get("app_id", "")
    if not isinstance(app_id, str | int) or isinstance(app_id, bool):
        raise bad("facebook.app_id", 'your Meta app\'s id as text (e.g. "1234567890")')
    port = facebook.get("redirect_port", 8765)
    if isinstance(port, bool) or not isinstance(port, int) or not 1024 <= port <= 65535:
        raise bad("facebook.redirect_port", "a port number from 1024 to 65535")
    human_agent = facebook.get("human_agent", False)
    if not isinstance(human_agent, bool) and not (
        isinstance(human_agent, list) and all(isinstance(p, str) and p for p in human_agent)
    ):
        raise bad("facebook.human_agent", 'true, false or a list of Pages (e.g. ["MyLife"])')
    searches = data.get("searches", {})
    if not isinstance(searches, dict) or not all(
        isinstance(k, str) and k.strip() and isinstance(v, str) for k, v in searches.items()
    ):
        raise bad("searches", 'a table of tab name = "query" (e.g. billing = "label:billing")')
    team = data.get("team", [])
    if not isinstance(team, list) or not all(isinstance(n, str) and n.strip() for n in team):
        raise bad("team", 'a list of names (e.g. team = ["sam", "alex"])')
    return Config(
        source=path,
        theme=theme,
        keymap=MappingProxyType(dict(keymap)),
        sync_interval=float(interval),
        first_sync_days=window,
        persona_file=Path(persona).expanduser() if persona else None,
        agent=agent,
        sla=MappingProxyType(sla),
        facebook_app_id=str(app_id),
        facebook_redirect_port=port,
        facebook_human_agent=human_agent if isinstance(human_agent, bool) else tuple(human_agent),
        threads=read_threads_app(data.get("threads", {}), bad),
        searches=MappingProxyType(dict(searches)),
        team=tuple(name.strip() for name in team),
        warnings=_unknown_keys(data, path, text),
        watch=read_watch(data.get("watch", {}), path, lambda key: key_line(text, key)),
        x=read_x(data.get("x", {}), path, lambda key: key_line(text, key)),
        routes=route_tables(data.get("route", []), path, text, bad),
        reports=read_reports(
            data.get("report", []), path, lambda index, key: report_line(text, index, key)
        ),
    )
