"""Opening a profile (the user's or the demo's): paths, config, store, triage and persona.

Shared by the CLI and the app so both see the same data the same way. Problems that leave the
app usable (a bad config, a bad persona) are collected, not raised; a database that cannot be
opened is raised, because nothing works without it.

The triage rules and the persona are read once, on first use (or by ``finish``): the app
shows the stored queue before it reads them, in a worker after its first paint.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from adapters.clock import Clock
from adapters.errors import ConfigError
from settings.config import Config, load_config
from settings.paths import Paths

if TYPE_CHECKING:
    from persona import Persona
    from store import Store
    from sync.triaging import TriageSettings

# The store, triage and persona modules are imported where they are used: ``replydesk check``
# reads only the config and the persona, and must not pay for the store; the app's first paint
# reads neither the rules nor the persona.

RULES_FILE = "triage.toml"


@dataclass(slots=True)
class Profile:
    """Everything one run of ReplyDesk works with.

    ``triage`` and ``persona`` are read from their files on first use, once, whichever thread
    asks first (the other waits): nothing ever classifies without the rules in force.
    """

    paths: Paths
    config: Config
    store: Store
    clock: Clock
    problems: list[ConfigError] = field(default_factory=list)
    rules_problems: list[ConfigError] = field(default_factory=list)
    """What reading the triage rules and the persona found (also in ``problems``)."""
    _triage: TriageSettings | None = None
    _persona: Persona | None = None
    _persona_read: bool = False
    _lock: threading.RLock = field(default_factory=threading.RLock)

    @property
    def triage(self) -> TriageSettings:
        """The triage rules, SLA policy and learned model in force."""
        with self._lock:
            if self._triage is None:
                self._triage, problems = triage_settings(self.paths, self.config)
                self._note(problems)
            return self._triage

    @triage.setter
    def triage(self, settings: TriageSettings) -> None:
        with self._lock:
            self._triage = settings

    @property
    def persona(self) -> Persona | None:
        """The brand persona in force (``None``: none, or its file could not be read)."""
        with self._lock:
            if not self._persona_read:
                error = self.reload_persona()
                self._note([error] if error is not None else [])
            return self._persona

    @property
    def persona_path(self) -> Path | None:
        """The persona file in force (the demo brand's in the demo)."""
        return persona_file(self.paths, self.config)

    def finish(self) -> list[ConfigError]:
        """Do what ``open_profile(defer=True)`` left for later: read the triage rules and the
        persona (if not yet), and bring the demo's accounts up to date; what reading found."""
        _ = self.triage, self.persona
        if self.paths.demo:
            refresh_demo_accounts(self.store)
        return self.rules_problems

    def reload_persona(self) -> ConfigError | None:
        """Re-read the persona; on error keep the last good one and return the error."""
        with self._lock:
            self._persona_read = True
            path = self.persona_path
            if path is None:
                self._persona = None
                return None
            from persona import load_persona  # every rule type's module: only when one is read

            try:
                self._persona = load_persona(path)
            except ConfigError as error:
                return error
            return None

    def _note(self, problems: list[ConfigError]) -> None:
        self.rules_problems += problems
        self.problems += problems


def rules_path(paths: Paths) -> Path:
    """The user's triage rules file: extends the shipped cue lexicons (optional)."""
    return paths.config_dir / RULES_FILE


def matcher_cache_dir(paths: Paths) -> Path:
    """Where the triage rules' built cue matcher is kept between runs."""
    return paths.data_dir / "cache"


def triage_settings(paths: Paths, config: Config) -> tuple[TriageSettings, list[ConfigError]]:
    """The rules (``triage.toml`` over the defaults) and the SLA policy (``[sla]`` in the
    config) in force, and the problems found; a malformed part falls back to its defaults."""
    from sync.routing import compile_routes
    from sync.triaging import TriageSettings, indirect_sla_policy
    from triage import default_rules, load_rules, sla_policy_from_config

    # A bad routing rule is reported here, once, and skipped; the others still route.
    routes, problems = compile_routes(config.routes, config.team, config.agent, datetime.now(UTC))
    rules = default_rules()
    path = rules_path(paths)
    if path.exists():
        try:
            rules = load_rules(path)
        except ConfigError as error:
            note = f"{error.msg.rstrip('.')}. Using the default rules."
            problems.append(ConfigError(note, error.title))
    # A short command (``replydesk classify``) then loads the built matcher instead of paying
    # ~0.9 s to build it.
    rules = rules.with_cache(matcher_cache_dir(paths))
    try:
        policy = sla_policy_from_config(config.sla, paths.config_file)
    except ConfigError as error:
        problems.append(error)
        return TriageSettings(rules, routes=routes), problems
    try:
        watch_sla = sla_policy_from_config(config.watch.sla, paths.config_file)
    except ConfigError as error:
        problems.append(error)
        return TriageSettings(rules, policy, routes=routes), problems
    indirect = indirect_sla_policy(watch_sla, config.watch.sla)
    return TriageSettings(rules, policy, indirect_policy=indirect, routes=routes), problems


def persona_file(paths: Paths, config: Config) -> Path | None:
    """The persona file ``paths`` and ``config`` select (the demo brand's in the demo)."""
    if paths.demo:
        from persona import demo_persona_path

        return demo_persona_path()
    if config.persona_file is not None:
        return config.persona_file
    return paths.persona_file if paths.persona_file.exists() else None


def load_config_or_defaults(path: Path) -> tuple[Config, ConfigError | None]:
    """``config.toml`` at ``path``, or the defaults and why when it is malformed."""
    try:
        return load_config(path), None
    except ConfigError as error:
        return Config(), ConfigError(f"{error.msg} Using default settings.", error.title)


def with_demo_watch(config: Config) -> Config:
    """``config`` listening for the demo brand's names (the demo's watch terms)."""
    from dataclasses import replace
    from types import MappingProxyType

    from adapters.demo.terms import DEMO_WATCH_TERMS  # the demo network's: only in it

    # The demo's Mastodon and Bluesky sides search; its Facebook Page, like Meta's, cannot.
    searching = ("demo:mastodon", "demo:bluesky")
    terms = MappingProxyType({account_id: DEMO_WATCH_TERMS for account_id in searching})
    return replace(config, watch=replace(config.watch, terms=terms))


def with_demo_budget(config: Config) -> Config:
    """``config`` with a $5 monthly X budget, so the demo's X composer shows one."""
    from dataclasses import replace
    from decimal import Decimal

    return replace(config, x=replace(config.x, monthly_budget=Decimal(5)))


def refresh_demo_accounts(store: Store) -> None:
    """Save the demo's accounts as this version defines them (no write when they are)."""
    from adapters.demo.login import demo_profile_accounts  # the demo's modules: only in the demo

    saved = store.accounts()
    for account in demo_profile_accounts():
        if account not in saved:  # no write (and no sqlite-utils import) on every start
            store.save_account(account)


def open_profile(paths: Paths, clock: Clock, *, defer: bool = False) -> Profile:
    """Open ``paths`` for work; raises ``ConfigError`` only when the database is unusable.

    ``defer`` leaves what a first look at the stored queue does not need to ``finish`` (or to
    first use): the triage rules, the persona, and updating the demo's saved accounts.
    """
    from store import open_store

    paths.ensure()
    config, config_error = load_config_or_defaults(paths.config_file)
    if paths.demo and not config.watch.terms:
        config = with_demo_watch(config)
    if paths.demo and config.x.monthly_budget is None:
        config = with_demo_budget(config)
    problems = [config_error] if config_error else []
    problems += [ConfigError(warning, "Unknown setting") for warning in config.warnings]
    store = open_store(paths.db_file, clock)
    profile = Profile(paths, config, store, clock, problems)
    if not defer:
        profile.finish()
    elif paths.demo and not store.accounts():
        refresh_demo_accounts(store)  # a first run: the app shows the queue only with accounts
    return profile
