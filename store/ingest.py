"""Ingest: a pulled batch of mentions written with a constant number of statements.

A batch is read and written set-wise: one lookup of the rows it already has, one ``executemany``
insert of the new ones, one ``executemany`` per shape of update, and one id lookup for what was
created; the repeat-contact counts triage needs are two grouped queries for the whole batch.
Nothing here runs a statement per mention, so a pull of 100 000 mentions costs ~1 000 batches
of a handful of statements each.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from typing import Any

from adapters.records import Mention
from store.base import StoreBase
from store.mentions import WAITING, TriageFields, triage_columns
from store.models import MentionState
from store.rows import mention_columns
from triage.priority import REPEAT_CAP, REPEAT_POINTS

# SQLite's default cap on ``?`` parameters is 32 766; a lookup stays far below it.
CHUNK = 500
# Other waiting items past this many add no priority (``triage.priority``): counting stops.
REPEAT_SATURATES = math.ceil(REPEAT_CAP / REPEAT_POINTS)


def _chunks(values: Sequence[str]) -> Iterator[Sequence[str]]:
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


def _among(values: Sequence[str]) -> tuple[str, dict[str, str]]:
    """Named marks for an ``IN (...)`` list, and their parameters."""
    params = {f"v{i}": value for i, value in enumerate(values)}
    return ", ".join(f":{name}" for name in params), params


class IngestMixin(StoreBase):
    """Upserting pulled mentions, and what triage asks about them first."""

    def others_waiting(self, mentions: Sequence[Mention], cap: int = REPEAT_SATURATES) -> list[int]:
        """For each mention, how many *other* mentions of its author still wait (repeat
        contact), as ``other_waiting`` says one by one, but at most ``cap``: past it the
        priority no longer changes, and a prolific author's thousands of rows are not counted
        again for every page."""
        now = self.now_text()
        counts: dict[tuple[str, str], int] = {}
        itself: set[tuple[str, str, str]] = set()  # (account, author, remote id) waiting now
        with self.lock:
            for account in {m.account_id for m in mentions}:
                mine = [m for m in mentions if m.account_id == account]
                for part in _chunks(sorted({m.author.remote_id for m in mine})):
                    marks, params = _among(part)
                    # One statement for the page; each author's count stops at cap + 1 rows.
                    rows = self.conn.execute(
                        f"WITH authors (author) AS (VALUES ({marks.replace(', ', '), (')})) "
                        f"SELECT author, (SELECT count(*) FROM (SELECT 1 FROM mentions "
                        f"WHERE account_id = :a AND author_id = author AND {WAITING} "
                        f"LIMIT :most) AS hits) FROM authors",
                        {"a": account, "now": now, "most": cap + 1, **params},
                    )
                    counts.update(((account, author), n) for author, n in rows)
                for part in _chunks(sorted({m.remote_id for m in mine})):
                    marks, params = _among(part)
                    rows = self.conn.execute(
                        f"SELECT author_id, remote_id FROM mentions WHERE account_id = :a "
                        f"AND remote_id IN ({marks}) AND {WAITING}",
                        {"a": account, "now": now, **params},
                    )
                    itself.update((account, author, remote) for author, remote in rows)
        return [
            min(
                cap,
                counts.get((m.account_id, m.author.remote_id), 0)
                - ((m.account_id, m.author.remote_id, m.remote_id) in itself),
            )
            for m in mentions
        ]

    def upsert_mentions(self, items: Sequence[tuple[Mention, TriageFields]]) -> list[int]:
        """Insert or refresh mentions by ``(account, remote_id)`` in one transaction.

        A re-sync refreshes what the network owns but never a person's class correction (only
        ``cls_auto``, the classifier's opinion, follows it) or the state they set. Returns the
        ids of mentions that were new, in batch order. A mention twice in one batch is stored
        once, with its last version.
        """
        latest: dict[tuple[str, str], tuple[Mention, TriageFields]] = {}
        for mention, fields in items:
            latest[(mention.account_id, mention.remote_id)] = (mention, fields)
        if not latest:
            return []
        now = self.now_text()
        moment = self.clock()
        with self.tx() as conn:
            existing = self._existing(list(latest))
            inserts: list[dict[str, Any]] = []
            updates: dict[tuple[str, ...], list[dict[str, Any]]] = {}
            for key, (mention, fields) in latest.items():
                columns = mention_columns(mention)
                triage_cols = {**triage_columns(fields, moment), "cls_auto": fields.cls}
                found = existing.get(key)
                if found is None:
                    row = {**columns, **triage_cols, "first_seen_at": now, "updated_at": now}
                    row["state"] = MentionState.DONE if mention.answered_at else MentionState.NEW
                    inserts.append(row)
                    continue
                mention_id, cls_source, answered_at, found_by = found
                # One post, however it came in: addressed to the brand once is direct for
                # good, and a post found by two terms keeps the term that found it first.
                columns["found_by"] = found_by and mention.found_by and found_by
                if cls_source == "human":
                    # A person's correction (and the due time and score it set) outlives every
                    # re-sync.
                    triage_cols = {"cls_auto": fields.cls}
                update = {**columns, **triage_cols, "updated_at": now}
                if answered_at and not mention.answered_at:
                    # The network may omit what we already learned; keep it.
                    del update["answered_at"], update["answered_by"]
                updates.setdefault(tuple(update), []).append({**update, "id": mention_id})
            if inserts:
                names = ", ".join(inserts[0])
                marks = ", ".join(f":{k}" for k in inserts[0])
                conn.executemany(f"INSERT INTO mentions ({names}) VALUES ({marks})", inserts)
            for shape, rows in updates.items():
                assignments = ", ".join(f"{k} = :{k}" for k in shape)
                conn.executemany(f"UPDATE mentions SET {assignments} WHERE id = :id", rows)
            created = self._existing([(r["account_id"], r["remote_id"]) for r in inserts])
        return [created[(r["account_id"], r["remote_id"])][0] for r in inserts]

    def _existing(self, keys: Sequence[tuple[str, str]]) -> dict[tuple[str, str], tuple[Any, ...]]:
        """``(id, cls_source, answered_at, found_by)`` of the stored rows among ``keys``."""
        found: dict[tuple[str, str], tuple[Any, ...]] = {}
        for account in {a for a, _ in keys}:
            remote_ids = [r for a, r in keys if a == account]
            for part in _chunks(remote_ids):
                marks, params = _among(part)
                rows = self.conn.execute(
                    f"SELECT remote_id, id, cls_source, answered_at, found_by FROM mentions "
                    f"WHERE account_id = :a AND remote_id IN ({marks})",
                    {"a": account, **params},
                )
                found.update(((account, remote), tuple(rest)) for remote, *rest in rows)
        return found
