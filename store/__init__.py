"""The only package that speaks SQL: ReplyDesk's local SQLite working copy.

``open_store(path)`` returns a ``Store``; its methods take and return typed records.
"""

from __future__ import annotations

from store.db import Store, open_store
from store.models import MentionState, OutboxItem, OutboxStatus, StoredMention

__all__ = ["MentionState", "OutboxItem", "OutboxStatus", "Store", "StoredMention", "open_store"]
