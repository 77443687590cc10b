"""Queue filter words (``is:indirect``) the command line and the queue's query line share.

Each filter is one small predicate over a stored mention, so a query line that grows more
words (``is:overdue``, ``from:``) adds its own beside these without touching them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING

from adapters.errors import ConfigError

if TYPE_CHECKING:
    from store import StoredMention

Filter = Callable[["StoredMention"], bool]


def is_indirect(item: StoredMention) -> bool:
    """``is:indirect``: found by a watch term, not addressed to the brand."""
    return item.mention.is_indirect


FILTERS: Mapping[str, Filter] = MappingProxyType({"is:indirect": is_indirect})


def parse_filters(words: Iterable[str]) -> tuple[Filter, ...]:
    """The filters ``words`` name; ``ConfigError`` naming a word no filter knows."""
    found: list[Filter] = []
    for word in words:
        chosen = FILTERS.get(word.strip().casefold())
        if chosen is None:
            known = ", ".join(FILTERS)
            raise ConfigError(f"Unknown queue filter '{word}' (known: {known}).")
        found.append(chosen)
    return tuple(found)


def apply_filters(items: Iterable[StoredMention], filters: Sequence[Filter]) -> list[StoredMention]:
    """The items every filter keeps, in their order."""
    return [item for item in items if all(keep(item) for keep in filters)]
