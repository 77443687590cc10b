"""Running a parsed search (``store.query``): full-text words through the FTS5 index
``mention_search``, filters as indexed SQL, newest first.

Every word the person typed is quoted for FTS5 (a ``"`` doubled, ``*`` added for prefixes),
so quotes, ``*``, ``-``, ``NEAR`` or ``OR`` are searched for, never run as FTS syntax.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any

from store.base import StoreBase
from store.mentions import WAITING
from store.models import StoredMention
from store.pages import Listing
from store.query import Query
from store.timefmt import to_db
from store.views import NEWEST, with_kept

WORDLIKE = re.compile(r"\w")

STATE_SQL = {
    "open": WAITING,
    "overdue": f"{WAITING} AND due_at <= :now",
    "at-risk": f"{WAITING} AND due_at > :now AND at_risk_at <= :now",
    "snoozed": "state = 'snoozed' AND snooze_until > :now",
    "done": "state = 'done'",
    "spam": "(state = 'spam' OR cls = 'spam')",
    "answered": "answered_at IS NOT NULL",
    "mine": "assignee = :me AND assignee != ''",
    "unassigned": "assignee = ''",
}


def fts_phrase(text: str, *, prefix: bool = True) -> str | None:
    """``text`` as one quoted FTS5 phrase (a prefix match if ``prefix``); None when it holds
    nothing FTS5 indexes (punctuation alone)."""
    if not WORDLIKE.search(text):
        return None
    quoted = '"' + text.replace('"', '""') + '"'
    return quoted + "*" if prefix else quoted


def fts_match(words: Sequence[str], joiner: str = " ") -> str | None:
    """All ``words`` (each a phrase; any of them with ``joiner`` " OR ") as an FTS5 query;
    None if none can match anything. Only the last word matches as a prefix (it may be half
    typed): a prefix of a short common word ("is*") would read much of the index."""
    last = len(words) - 1
    phrases = [fts_phrase(w, prefix=n == last) for n, w in enumerate(words)]
    kept = [p for p in phrases if p is not None]
    return joiner.join(kept) if kept else None


def where_of(query: Query, now: datetime, me: str) -> tuple[str, dict[str, Any]]:
    """The WHERE clause (over ``mentions m``) and its parameters for ``query``; the FTS5
    query, if words are searched for, is ``params["match"]`` (see ``select_sql``)."""
    terms: list[str] = ["gone = 0"]
    params: dict[str, Any] = {"now": to_db(now), "me": me}

    def add_list(column: str, name: str, values: Collection[str]) -> None:
        marks = []
        for n, value in enumerate(values):
            params[f"{name}{n}"] = value
            marks.append(f":{name}{n}")
        terms.append(f"{column} IN ({', '.join(marks)})")

    match_parts: list[str] = []
    text = fts_match(query.words)
    if text is not None:
        match_parts.append(text)
    authors = [fts_phrase(a, prefix=False) for a in query.authors]
    if any(a is not None for a in authors):
        # An author's handle starts with the name given (@alex@x.social, alex.bsky.social).
        anchored = [f"^{a}" for a in authors if a is not None]
        match_parts.append("handle : (" + " OR ".join(anchored) + ")")
    for n, label in enumerate(query.labels):
        phrase = fts_phrase(label, prefix=False)
        if phrase is not None:
            match_parts.append(f"labels : {phrase}")
        # The index narrows; this keeps only the exact label ("bill" is not "billing").
        params[f"label{n}"] = f"% {label.lower()} %"
        terms.append(f"lower(m.labels) LIKE :label{n}")
    if query.words and text is None:
        terms.append("0")  # only punctuation typed: nothing has such words
    if match_parts:
        params["match"] = " AND ".join(f"({p})" for p in match_parts)
    excluded = fts_match(query.excluded, " OR ")
    if excluded is not None:
        params["excluded"] = excluded
        terms.append(
            "m.id NOT IN (SELECT rowid FROM mention_search WHERE mention_search MATCH :excluded)"
        )
    if query.classes:
        add_list("cls", "cls", query.classes)
    if query.networks:
        add_list("platform", "net", query.networks)
    if query.assignees:
        add_list("assignee", "who", query.assignees)  # as the team list spells them
    terms.extend(f"({STATE_SQL[state]})" for state in query.states)
    if query.since is not None:
        params["since"] = to_db(query.since)
        terms.append("created_at >= :since")
    return " AND ".join(terms), params


def select_sql(what: str, query: Query, now: datetime, me: str) -> tuple[str, dict[str, Any]]:
    """``SELECT what`` of the mentions ``query`` finds, and its parameters.

    With words to find, the full-text index leads: its matches come newest stored first
    (rowid order, no sort), so the first page reads only as many rows as it shows. Without,
    the filters' indexes lead and the newest written come first.
    """
    where, params = where_of(query, now, me)
    if "match" not in params:
        # A time window is the narrowest filter people give (the last day, the last week);
        # without statistics SQLite would rather walk a state's index and read every row.
        hint = " INDEXED BY mentions_created" if "since" in params else ""
        return f"SELECT {what} FROM mentions m{hint} WHERE {where}", params
    return (
        f"SELECT {what} FROM mention_search JOIN mentions m ON m.id = mention_search.rowid "
        f"WHERE mention_search MATCH :match AND {where}",
        params,
    )


def search_listing(query: Query, now: datetime, me: str) -> Listing:
    """The mentions ``query`` finds, in the order ``SearchMixin.search`` gives them, to read
    by keyset pages: with words, newest stored first by the full-text index's rowid; without,
    newest posted first."""
    where, params = where_of(query, now, me)
    if "match" in params:
        return Listing(
            f"mention_search MATCH :match AND {where}",
            params,
            (),
            source="mention_search JOIN mentions m ON m.id = mention_search.rowid",
            id_column="mention_search.rowid",
        )
    hint = " INDEXED BY mentions_created" if "since" in params else ""
    return Listing(where, params, ("m.created_at",), hint=hint)


class SearchMixin(StoreBase):
    """Searching the mentions."""

    def search(
        self,
        query: Query,
        now: datetime,
        *,
        me: str = "",
        limit: int = 500,
        keep: Collection[int] = (),
    ) -> list[StoredMention]:
        """The newest ``limit`` mentions matching ``query`` as of ``now``; ``keep`` adds rows
        on screen the person acted on (they stay in place, as in every tab)."""
        sql, params = select_sql("m.*", query, now, me)
        order = "mention_search.rowid" if "match" in params else "m.created_at"
        found = self.rows(f"{sql} ORDER BY {order} DESC LIMIT :limit", {**params, "limit": limit})
        columns = ("id",) if "match" in params else NEWEST
        return with_kept(self, found, keep, columns, descending=True)

    def search_count(self, query: Query, now: datetime, *, me: str = "") -> int:
        """How many mentions match ``query``."""
        sql, params = select_sql("count(*)", query, now, me)
        return int(self.scalar(sql, params))
