"""The People screen's reads: a page of people by kind, one person's history across networks,
and a private note on a person.

Every read starts from an index of ``people`` (migration 11, kept by triggers) and counts what
depends on the clock (open items, the last 30 days) per row shown through ``mentions_author``,
so a page costs the same on a store of any size.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from store.base import StoreBase
from store.mentions import WAITING
from store.models import StoredMention
from store.people import (
    ADVOCATE_PRAISE,
    AT_RISK_COMPLAINTS,
    FREQUENT_MENTIONS,
    RECENT,
    tags_of,
)
from store.rows import stored_from_row
from store.timefmt import from_db, to_db

KINDS = ("frequent", "advocates", "at-risk", "everyone")
"""The People screen's lists, in its tab order."""

# Per row shown, through mentions_author (account, author, state): clock-dependent counts.
_PER_ROW = (
    "(SELECT count(*) FROM mentions m INDEXED BY mentions_author WHERE m.account_id = p.account_id "
    f"AND m.author_id = p.author_id AND {WAITING}) AS open_items, "
    "(SELECT count(*) FROM mentions m INDEXED BY mentions_author WHERE m.account_id = p.account_id "
    "AND m.author_id = p.author_id AND m.created_at >= :since) AS recent, "
    "(SELECT count(*) FROM mentions m INDEXED BY mentions_author WHERE m.account_id = p.account_id "
    "AND m.author_id = p.author_id AND m.cls = 'complaint' AND m.created_at >= :since) "
    "AS recent_complaints, "
    "(SELECT count(*) FROM mentions m INDEXED BY mentions_author WHERE m.account_id = p.account_id "
    f"AND m.author_id = p.author_id AND m.cls = 'complaint' AND {WAITING}) AS open_complaints"
)
# Which people each list holds and the index that leads it (newest contact first).
_KIND_SQL = {
    "frequent": (
        "people_last",
        f"p.last_at >= :since AND p.mentions >= {FREQUENT_MENTIONS}",
        f"recent >= {FREQUENT_MENTIONS}",
    ),
    "advocates": ("people_praise", f"p.praise >= {ADVOCATE_PRAISE}", "open_complaints = 0"),
    "at-risk": (
        "people_last",
        f"p.last_at >= :since AND p.complaints >= {AT_RISK_COMPLAINTS}",
        f"recent_complaints >= {AT_RISK_COMPLAINTS}",
    ),
    "everyone": ("people_last", "1", "1"),
}


@dataclass(frozen=True, slots=True)
class Person:
    """One author as the brand knows them on one account."""

    account_id: str
    author_id: str
    platform: str
    handle: str
    name: str
    mentions: int
    complaints: int
    questions: int
    praise: int
    others: int
    spam: int
    first_at: datetime
    last_at: datetime
    note: str
    open_items: int
    recent: int
    recent_complaints: int
    open_complaints: int

    @property
    def tags(self) -> tuple[str, ...]:
        """ "frequent engager", "advocate", "at risk" (the author card's words)."""
        return tags_of(self.recent, self.praise, self.open_complaints, self.recent_complaints)


def _person(row: Any) -> Person:
    values = dict(row)
    values["first_at"] = from_db(values["first_at"])
    values["last_at"] = from_db(values["last_at"])
    return Person(**values)


class PeopleListMixin(StoreBase):
    """Who is talking to us, page by page."""

    def people(
        self, kind: str, now: datetime, *, search: str = "", limit: int = 200
    ) -> list[Person]:
        """Up to ``limit`` people of ``kind`` (one of ``KINDS``), most recent contact first
        (advocates: most praise first); ``search`` keeps handles and names containing it."""
        index, narrow, keep = _KIND_SQL[kind]
        order = "p.praise DESC, p.last_at DESC" if kind == "advocates" else "p.last_at DESC"
        params: dict[str, Any] = {"since": to_db(now - RECENT), "now": to_db(now), "limit": limit}
        where = narrow
        if search.strip():
            params["search"] = f"%{search.strip().lower()}%"
            where += " AND (lower(p.handle) LIKE :search OR lower(p.name) LIKE :search)"
        rows = self.rows(
            f"SELECT * FROM (SELECT p.*, {_PER_ROW} FROM people p INDEXED BY {index} "
            f"WHERE {where} ORDER BY {order}) AS listed WHERE {keep} LIMIT :limit",
            params,
        )
        return [_person(r) for r in rows]

    def person(self, account_id: str, author_id: str, now: datetime) -> Person | None:
        """One person by their key (a primary-key read)."""
        rows = self.rows(
            f"SELECT p.*, {_PER_ROW} FROM people p "
            "WHERE p.account_id = :account AND p.author_id = :author",
            {"account": account_id, "author": author_id, "since": to_db(now - RECENT)}
            | {"now": to_db(now)},
        )
        return _person(rows[0]) if rows else None

    def same_person(self, person: Person, now: datetime) -> list[Person]:
        """``person`` and who is probably the same person elsewhere: the same author on the
        brand's other accounts, or the same display name on another network."""
        params = {
            "author": person.author_id,
            "name": person.name.lower(),
            "since": to_db(now - RECENT),
            "now": to_db(now),
        }
        rows = self.rows(
            f"SELECT p.*, {_PER_ROW} FROM people p WHERE p.author_id = :author "
            f"UNION SELECT p.*, {_PER_ROW} FROM people p "
            "WHERE :name != '' AND lower(p.name) = :name AND p.name != ''",
            params,
        )
        found = [_person(r) for r in rows]
        found.sort(
            key=lambda p: (p.account_id, p.author_id) != (person.account_id, person.author_id)
        )
        return found[:20]

    def history(self, people: list[Person], limit: int = 100) -> list[StoredMention]:
        """The mentions of ``people``, newest first, across their accounts and networks."""
        if not people:
            return []
        keys = " UNION ALL ".join(
            f"SELECT * FROM mentions WHERE account_id = :a{n} AND author_id = :u{n}"
            for n in range(len(people))
        )
        params: dict[str, Any] = {"limit": limit}
        for n, p in enumerate(people):
            params[f"a{n}"], params[f"u{n}"] = p.account_id, p.author_id
        rows = self.rows(f"SELECT * FROM ({keys}) ORDER BY created_at DESC LIMIT :limit", params)
        return [stored_from_row(r) for r in rows]

    def set_person_note(self, account_id: str, author_id: str, note: str) -> None:
        """Replace the private note on a person (never sent; '' removes it)."""
        with self.tx() as conn:
            conn.execute(
                "UPDATE people SET note = ? WHERE account_id = ? AND author_id = ?",
                (note.strip(), account_id, author_id),
            )
