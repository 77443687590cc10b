"""Checking the ``[[route]]`` rules of the config once, at start: each becomes a
``store.routing.Route`` or a problem that names it (and it is skipped).

A rule needs ``when`` (a search line in the words of ``/``) and ``assign`` (a teammate of
``team``, or the ``agent``), ``label``, or both.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from adapters.errors import ConfigError
from settings.routes import RouteTable
from store.query import QueryError, parse_query
from store.routing import Route

KEYS = ("when", "assign", "label")


def compile_routes(
    tables: Iterable[RouteTable], team: Sequence[str], me: str, now: datetime
) -> tuple[tuple[Route, ...], list[ConfigError]]:
    """The usable rules, in order, and a problem for each rule that is not."""
    routes: list[Route] = []
    problems: list[ConfigError] = []
    for table in tables:
        try:
            routes.append(_route(table, team, me, now))
        except ConfigError as error:
            problems.append(
                ConfigError(f"{table.name}: {error.msg} The rule is skipped.", "Routing rule")
            )
    return tuple(routes), problems


def _route(table: RouteTable, team: Sequence[str], me: str, now: datetime) -> Route:
    unknown = [k for k in table.keys if k not in KEYS]
    if unknown:
        raise ConfigError(f"unknown key '{unknown[0]}' (a rule has {', '.join(KEYS)}).")
    values = {k: table.keys.get(k, "") for k in KEYS}
    for key, value in values.items():
        if not isinstance(value, str):
            raise ConfigError(f"'{key}' must be text, e.g. {key} = \"…\".")
    when, assign, label = (str(values[k]).strip() for k in KEYS)
    if not when:
        raise ConfigError('it needs when = "…" (a search line, e.g. "class:complaint refund").')
    if not assign and not label:
        raise ConfigError('it needs assign = "teammate", label = "name", or both.')
    try:
        parse_query(when, now)
    except QueryError as error:
        raise ConfigError(f'when = "{when}" is not understood: {error.msg}') from None
    people = {name.casefold(): name for name in (*team, me) if name}
    if assign and assign.casefold() not in people:
        known = ", ".join(sorted(set(people.values()))) or 'nobody: add team = ["…"]'
        raise ConfigError(f"'{assign}' is not on the team (team: {known}).")
    if label and len(label.split()) != 1:
        raise ConfigError(f"label '{label}' must be one word.")
    return Route(table.name, when, people.get(assign.casefold(), ""), label.lower())
