"""Listening: where each watch term's search stands, and what its daily cap held back."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from store.base import StoreBase
from store.timefmt import to_db


@dataclass(frozen=True, slots=True)
class Mutes:
    """What the person muted for one account: authors (their network ids) and watch terms."""

    authors: frozenset[str] = frozenset()
    terms: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class HeldBack:
    """Posts a term's daily cap kept out of the queue on one day (the summary row), and those
    a mute (``muted``: the author's) or an exclusion (``excluded``) kept out."""

    account_id: str
    term: str
    day: str  # YYYY-MM-DD, UTC
    count: int
    muted: int = 0
    excluded: int = 0

    @property
    def total(self) -> int:
        """Everything held back for the term that day, whatever the reason."""
        return self.count + self.muted + self.excluded


class WatchMixin(StoreBase):
    """The ``watch_cursors`` and ``watch_overflow`` tables, and indirect mentions' counts."""

    def watch_cursor(self, account_id: str, term: str) -> str | None:
        """Where the last committed search of ``term`` for the account ended."""
        value = self.scalar(
            "SELECT cursor FROM watch_cursors WHERE account_id = ? AND term = ?",
            (account_id, term),
        )
        return None if value is None else str(value)

    def save_watch_cursor(self, account_id: str, term: str, cursor: str | None) -> None:
        """Remember where a search ended; call only after its mentions are committed."""
        with self.tx() as conn:
            conn.execute(
                "INSERT INTO watch_cursors (account_id, term, cursor, synced_at) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (account_id, term) DO UPDATE SET "
                "cursor = coalesce(excluded.cursor, watch_cursors.cursor), "
                "synced_at = excluded.synced_at",
                (account_id, term, cursor, self.now_text()),
            )

    def known_ids(self, account_id: str, remote_ids: Collection[str]) -> set[str]:
        """Which of ``remote_ids`` the account already has (by mention or by search)."""
        if not remote_ids:
            return set()
        marks = ", ".join("?" * len(remote_ids))
        rows = self.rows(
            f"SELECT remote_id FROM mentions WHERE account_id = ? AND remote_id IN ({marks})",
            (account_id, *remote_ids),
        )
        return {row["remote_id"] for row in rows}

    def found_since(self, account_id: str, term: str, since: datetime) -> int:
        """How many posts ``term`` brought in since ``since`` (its daily cap counts these)."""
        value = self.scalar(
            "SELECT count(*) FROM mentions WHERE account_id = ? AND found_by = ? "
            "AND found_by != '' AND first_seen_at >= ?",
            (account_id, term, to_db(since)),
        )
        return int(value or 0)

    def hold_back(
        self, account_id: str, term: str, day: str, count: int, *, muted: int = 0, excluded: int = 0
    ) -> None:
        """Count ``count`` more posts the daily cap of ``term`` kept out on ``day`` (and
        ``muted`` by muted authors, ``excluded`` by an exclusion)."""
        with self.tx() as conn:
            # In the upsert, ``excluded.`` is SQLite's name for the row being inserted.
            conn.execute(
                "INSERT INTO watch_overflow (account_id, term, day, held_back, muted, excluded) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (account_id, term, day) DO UPDATE SET "
                "held_back = watch_overflow.held_back + excluded.held_back, "
                "muted = watch_overflow.muted + excluded.muted, "
                "excluded = watch_overflow.excluded + excluded.excluded",
                (account_id, term, day, count, muted, excluded),
            )

    def held_back(self, day: str) -> list[HeldBack]:
        """What the daily caps, mutes and exclusions held back on ``day``, most first."""
        rows = self.rows(
            "SELECT account_id, term, day, held_back, muted, excluded FROM watch_overflow "
            "WHERE day = ? AND held_back + muted + excluded > 0 "
            "ORDER BY held_back + muted + excluded DESC, term",
            (day,),
        )
        return [
            HeldBack(
                r["account_id"], r["term"], r["day"], r["held_back"], r["muted"], r["excluded"]
            )
            for r in rows
        ]

    def search_reads(self, account_id: str, month: str) -> int:
        """How many posts the account's paid search read in ``month`` (``YYYY-MM``)."""
        value = self.scalar(
            "SELECT reads FROM watch_reads WHERE account_id = ? AND month = ?", (account_id, month)
        )
        return int(value or 0)

    def add_search_reads(self, account_id: str, month: str, reads: int) -> None:
        """Count ``reads`` more posts read by the account's paid search in ``month``."""
        with self.tx() as conn:
            conn.execute(
                "INSERT INTO watch_reads (account_id, month, reads) VALUES (?, ?, ?) "
                "ON CONFLICT (account_id, month) DO UPDATE SET "
                "reads = watch_reads.reads + excluded.reads",
                (account_id, month, reads),
            )

    def mute(self, account_id: str, kind: str, value: str) -> None:
        """Keep ``value`` (an author's id for ``kind`` "author", a term for "term") out of the
        account's later searches."""
        if kind not in ("author", "term"):
            raise ValueError(kind)
        with self.tx() as conn:
            conn.execute(
                "INSERT OR IGNORE INTO watch_mutes (account_id, kind, value, muted_at) "
                "VALUES (?, ?, ?, ?)",
                (account_id, kind, value, self.now_text()),
            )

    def mutes(self, account_id: str) -> Mutes:
        """What is muted for the account."""
        rows = self.rows("SELECT kind, value FROM watch_mutes WHERE account_id = ?", (account_id,))
        authors = frozenset(r["value"] for r in rows if r["kind"] == "author")
        return Mutes(authors, frozenset(r["value"] for r in rows if r["kind"] == "term"))

    def found_per_day(self, account_id: str, since: datetime) -> dict[tuple[str, str], int]:
        """How many posts each term brought in per day (UTC, ``YYYY-MM-DD``) since ``since``."""
        rows = self.rows(
            "SELECT found_by, substr(first_seen_at, 1, 10) AS day, count(*) AS n FROM mentions "
            "WHERE account_id = ? AND found_by != '' AND first_seen_at >= ? GROUP BY 1, 2",
            (account_id, to_db(since)),
        )
        return {(r["found_by"], r["day"]): r["n"] for r in rows}
