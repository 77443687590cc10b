"""The only package that speaks SQL: ReplyDesk's local SQLite working copy.

``open_store(path)`` returns a ``Store``; its methods take and return typed records. The store
itself (``store.db`` and its mixins) loads on first use: the log setup and the CLI's light
commands import ``store.guard`` alone, and must not pay for the rest.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from store.models import MentionState, OutboxItem, OutboxStatus, StoredMention

if TYPE_CHECKING:
    from store.db import Store, open_store

__all__ = ["MentionState", "OutboxItem", "OutboxStatus", "Store", "StoredMention", "open_store"]


def __getattr__(name: str) -> object:
    if name in ("Store", "open_store"):
        from store import db

        return getattr(db, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
