"""Routing rules applied to mentions as they arrive: who gets them and which label they carry.

A rule's ``when`` is a search line (``store.query``: the same words as ``/``), run through the
same SQL as a search (``store.search.select_sql``) restricted to the mentions just stored, so a
rule finds exactly what the search would. Rules run in their order: a label set by one is seen
by the next; the first rule that assigns wins, and nobody already assigned is reassigned. Each
routing is audited with the rule that made it, for ``x`` (explain) to show.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime

from store.base import StoreBase
from store.query import parse_query
from store.search import select_sql
from store.work import labels_text

# SQLite's default limit on bound parameters is far above this; pulls commit fewer per page.
_CHUNK = 500


@dataclass(frozen=True, slots=True)
class Route:
    """One checked ``[[route]]`` rule."""

    name: str
    """How the person finds it: "route 2 (config.toml, line 14)"."""
    when: str
    """The search line that selects the mentions (parsed again at each use: ``since:``)."""
    assign: str = ""
    label: str = ""


@dataclass(frozen=True, slots=True)
class Routed:
    """What a rule did to one mention (read back for ``x``)."""

    rule: str
    when: str
    assign: str
    label: str


class RoutingMixin(StoreBase):
    """Routing at ingest, and its record."""

    def route_mentions(self, ids: Collection[int], routes: Sequence[Route], *, me: str = "") -> int:
        """Apply ``routes`` to the mentions ``ids``; how many mentions a rule changed."""
        if not ids or not routes:
            return 0
        now = self.clock()
        changed: set[int] = set()
        wanted = sorted(ids)
        for route in routes:
            for start in range(0, len(wanted), _CHUNK):
                chunk = wanted[start : start + _CHUNK]
                changed |= self._route_chunk(chunk, route, now, me)
        return len(changed)

    def _route_chunk(self, chunk: list[int], route: Route, now: datetime, me: str) -> set[int]:
        query = parse_query(route.when, now)
        sql, params = select_sql("m.id, m.assignee, m.labels", query, now, me)
        marks = ", ".join(f":route_id{n}" for n in range(len(chunk)))
        params |= {f"route_id{n}": mention_id for n, mention_id in enumerate(chunk)}
        changed: set[int] = set()
        with self.tx() as conn:
            for row in conn.execute(f"{sql} AND m.id IN ({marks})", params).fetchall():
                mention_id, assignee, labels = row[0], row[1], row[2]
                assign = route.assign if route.assign and not assignee else ""
                new_labels = labels_text([*labels.split(), route.label]) if route.label else labels
                if not assign and new_labels == labels:
                    continue
                conn.execute(
                    "UPDATE mentions SET assignee = ?, labels = ?, updated_at = ? WHERE id = ?",
                    (assign or assignee, new_labels, self.now_text(), mention_id),
                )
                detail = {"rule": route.name, "when": route.when, "assign": assign}
                detail["label"] = route.label if new_labels != labels else ""
                self.write_audit(conn, mention_id, "route", detail)
                changed.add(mention_id)
        return changed

    def routed(self, mention_id: int) -> list[Routed]:
        """What routing rules did to the mention, in order (an indexed read of its audit)."""
        return [
            Routed(
                str(detail.get("rule", "")),
                str(detail.get("when", "")),
                str(detail.get("assign", "")),
                str(detail.get("label", "")),
            )
            for action, detail in self.audit_trail(mention_id)
            if action == "route"
        ]
