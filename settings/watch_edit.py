"""Watch terms being edited (the Watch terms screen): the ``[watch.terms]`` table as the person
changes it, checked term by term, until it is saved (``settings.watch_file``) or dropped."""

from __future__ import annotations

from dataclasses import replace
from types import MappingProxyType

from adapters.records import Account
from adapters.watch import TermError, WatchTerm, parse_term
from settings.watch import WatchConfig


class WatchDraft:
    """The terms by config key (account id, handle, network or ``*``), changed in memory."""

    def __init__(self, config: WatchConfig) -> None:
        self.base = config
        self.terms: dict[str, list[str]] = {key: list(v) for key, v in config.terms.items()}

    @property
    def changed(self) -> bool:
        """Whether the terms differ from the ones the draft started from."""
        saved = {key: list(values) for key, values in self.base.terms.items()}
        return {k: v for k, v in self.terms.items() if v} != saved

    def key_for(self, account: Account) -> str:
        """Where a term added for ``account`` goes: its own key if it has one, else a new one
        named after its handle (never ``*`` or the network: that would reach other accounts)."""
        for key in (account.id, account.at_handle):
            if key in self.terms:
                return key
        return account.at_handle

    def problem(self, key: str, raw: str, replacing: str | None = None) -> str:
        """Why ``raw`` cannot be a term of ``key`` ("" when it can)."""
        try:
            term = parse_term(raw)
        except TermError as exc:
            return str(exc).capitalize()
        others = [parse_term(t) for t in self.terms.get(key, []) if t != replacing]
        if any(_same(term, other) for other in others):
            return f"{term.text} is already watched there."
        return ""

    def add(self, key: str, raw: str) -> str:
        """Add ``raw`` under ``key``; the problem instead ("" when added)."""
        problem = self.problem(key, raw)
        if not problem:
            self.terms.setdefault(key, []).append(raw.strip())
        return problem

    def edit(self, key: str, old: str, raw: str) -> str:
        """Replace ``old`` by ``raw`` under ``key``, in its place; the problem instead."""
        problem = self.problem(key, raw, replacing=old)
        if not problem:
            values = self.terms[key]
            values[values.index(old)] = raw.strip()
        return problem

    def remove(self, key: str, raw: str) -> None:
        """Stop watching ``raw`` under ``key`` (what it brought in stays in the queue)."""
        values = self.terms.get(key, [])
        if raw in values:
            values.remove(raw)

    def config(self) -> WatchConfig:
        """The ``[watch]`` settings with the draft's terms (cap and SLA as they were)."""
        terms = {key: tuple(values) for key, values in self.terms.items() if values}
        return replace(self.base, terms=MappingProxyType(terms))


def _same(one: WatchTerm, other: WatchTerm) -> bool:
    """Whether two spellings are one term (``watch_list`` keeps only the first of them)."""
    return (one.kind, one.value.casefold(), one.exclude) == (
        other.kind,
        other.value.casefold(),
        other.exclude,
    )
