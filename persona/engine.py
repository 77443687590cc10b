"""Running a persona's rules on a draft, compiled once per persona.

The phrases of every phrase rule that applies in a context (platform × mention class) are
compiled into a single trie regex, so a 200-rule persona costs one scan of the draft instead of
200. A context's matcher is built on first use and kept; ``warm`` builds them all at load time.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from adapters.records import Platform, default_limits
from persona.context import CheckContext
from persona.doc import Doc
from persona.model import CheckRule, Finding, Hit, Persona, PhraseRule, Rule
from persona.phrases import compile_phrases, phrase_key

_CACHE_SIZE = 8


@dataclass(frozen=True)
class _Matcher:
    regex: re.Pattern[str] | None
    entries: dict[str, tuple[tuple[int, str | None], ...]]


class Engine:
    """The compiled form of a persona's rules."""

    def __init__(self, rules: Iterable[Rule]) -> None:
        rules = tuple(rules)
        self.phrase_rules = tuple(r for r in rules if isinstance(r, PhraseRule))
        self.check_rules = tuple(r for r in rules if isinstance(r, CheckRule))
        self._exceptions = {
            index: compile_phrases(rule.exceptions)
            for index, rule in enumerate(self.phrase_rules)
            if rule.exceptions
        }
        self._matchers: dict[tuple[int, ...], _Matcher] = {}
        self._lock = threading.Lock()

    def _matcher(self, active: tuple[int, ...]) -> _Matcher:
        found = self._matchers.get(active)
        if found is not None:
            return found
        entries: dict[str, list[tuple[int, str | None]]] = {}
        for index in active:
            for phrase, payload in self.phrase_rules[index].phrase_items():
                entries.setdefault(phrase_key(phrase), []).append((index, payload))
        matcher = _Matcher(
            compile_phrases(entries), {key: tuple(items) for key, items in entries.items()}
        )
        with self._lock:
            return self._matchers.setdefault(active, matcher)

    def _active(self, ctx: CheckContext) -> tuple[int, ...]:
        return tuple(i for i, rule in enumerate(self.phrase_rules) if rule.applies(ctx))

    def warm(self) -> None:
        """Compile every context's matcher and load every rule's data now."""
        classes: set[str | None] = {None}
        for rule in self.phrase_rules + self.check_rules:
            classes.update(rule.classes)
        for platform in Platform:
            for mention_class in classes:
                self._matcher(self._active(CheckContext(default_limits(platform), mention_class)))
        for rule in self.check_rules:
            rule.prepare()

    def _hits(self, doc: Doc, active: tuple[int, ...]) -> dict[int, list[Hit]]:
        hits: dict[int, list[Hit]] = {}
        matcher = self._matcher(active)
        if matcher.regex is not None:
            for match in matcher.regex.finditer(doc.lower):
                start, end = match.span()
                for index, payload in matcher.entries.get(phrase_key(match[0]), ()):
                    hits.setdefault(index, []).append(Hit(start, end, doc.text[start:end], payload))
        for index in active:
            for pattern, payload in self.phrase_rules[index].pattern_items():
                for match in pattern.finditer(doc.text):
                    if match.end() > match.start():
                        start, end = match.span()
                        hits.setdefault(index, []).append(Hit(start, end, match[0], payload))
        return hits

    def _kept(self, doc: Doc, index: int, hits: list[Hit]) -> list[Hit]:
        """Hits outside links and mentions and outside the rule's exception phrases."""
        kept = [hit for hit in hits if not doc.in_entity(hit.start, hit.end)]
        exceptions = self._exceptions.get(index)
        if exceptions is not None and kept:
            spans = [m.span() for m in exceptions.finditer(doc.lower)]
            kept = [h for h in kept if not any(s <= h.start and h.end <= e for s, e in spans)]
        return sorted(kept, key=lambda hit: (hit.start, hit.end))

    def run(self, doc: Doc, ctx: CheckContext) -> Iterator[Finding]:
        """Every finding of every rule that applies in ``ctx``."""
        active = self._active(ctx)
        for index, hits in sorted(self._hits(doc, active).items()):
            kept = self._kept(doc, index, hits)
            if kept:
                yield from self.phrase_rules[index].on_hits(doc, ctx, kept)
        for rule in self.check_rules:
            if rule.applies(ctx):
                yield from rule.check(doc, ctx)


_ENGINES: OrderedDict[int, tuple[Persona, Engine]] = OrderedDict()
_ENGINES_LOCK = threading.Lock()


def engine_for(persona: Persona) -> Engine:
    """The engine of ``persona``, compiled on first use and kept for the last few personas."""
    with _ENGINES_LOCK:
        cached = _ENGINES.get(id(persona))
        # The persona itself is kept in the cache, so its id cannot be reused meanwhile.
        if cached is not None and cached[0] is persona:
            _ENGINES.move_to_end(id(persona))
            return cached[1]
    engine = Engine(persona.rules)
    with _ENGINES_LOCK:
        _ENGINES[id(persona)] = (persona, engine)
        while len(_ENGINES) > _CACHE_SIZE:
            _ENGINES.popitem(last=False)
    return engine
