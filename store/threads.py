"""The cached conversation around each mention, so a thread opens instantly and offline."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from adapters.records import Author, PostState, ThreadPost
from store.base import StoreBase
from store.mentions import INBOX, RANKED, WAITING
from store.models import StoredMention
from store.rows import stored_from_row
from store.timefmt import from_db, to_db


class ThreadsMixin(StoreBase):
    """The ``thread_posts`` table."""

    def save_thread(self, mention_id: int, posts: Sequence[ThreadPost]) -> None:
        """Replace the cached thread of a mention with what the network returned."""
        rows = [
            {
                "mention_id": mention_id,
                "position": position,
                "remote_id": post.remote_id,
                "author_handle": post.author.handle,
                "author_name": post.author.display_name,
                "text": post.text,
                "created_at": to_db(post.created_at),
                "is_brand": int(post.is_brand),
                "is_focus": int(post.is_focus),
                "state": post.state.value,
            }
            for position, post in enumerate(posts)
        ]
        with self.tx() as conn:
            conn.execute(
                "UPDATE mentions SET thread_checked_at = ? WHERE id = ?",
                (self.now_text(), mention_id),
            )
            conn.execute("DELETE FROM thread_posts WHERE mention_id = ?", (mention_id,))
            if rows:
                columns = ", ".join(rows[0])
                conn.executemany(
                    f"INSERT INTO thread_posts ({columns}) VALUES "
                    f"({', '.join(':' + name for name in rows[0])})",
                    rows,
                )

    def threads_to_check(
        self,
        account_id: str,
        now: datetime,
        schedule: Sequence[tuple[timedelta, timedelta]],
        rest: timedelta,
        limit: int,
    ) -> list[StoredMention]:
        """The most urgent waiting inbox mentions of an account whose thread is due a re-read
        (never read first).

        ``schedule`` pairs (younger than, re-read every), youngest first, on the mention's age;
        older mentions are re-read every ``rest``.
        """
        params: dict[str, object] = {"now": to_db(now), "account": account_id, "limit": limit}
        tiers = []
        for index, (younger_than, every) in enumerate(schedule):
            params[f"born{index}"] = to_db(now - younger_than)
            params[f"cut{index}"] = to_db(now - every)
            tiers.append(f"WHEN created_at >= :born{index} THEN :cut{index}")
        params["cut_rest"] = to_db(now - rest)
        cutoff = f"CASE {' '.join(tiers)} ELSE :cut_rest END"
        found = self.rows(
            f"SELECT * FROM mentions WHERE {WAITING} AND rank_group >= {INBOX} "
            "AND account_id = :account AND (thread_checked_at IS NULL OR thread_checked_at < "
            f"{cutoff}) {RANKED} LIMIT :limit",
            params,
        )
        return [stored_from_row(row) for row in found]

    def thread(self, mention_id: int) -> list[ThreadPost] | None:
        """The cached thread, oldest first; ``None`` when it was never fetched."""
        found = self.rows(
            "SELECT * FROM thread_posts WHERE mention_id = ? ORDER BY position", (mention_id,)
        )
        if not found:
            return None
        return [
            ThreadPost(
                remote_id=row["remote_id"],
                author=Author(row["remote_id"], row["author_handle"], row["author_name"]),
                text=row["text"],
                created_at=from_db(row["created_at"]),
                is_brand=bool(row["is_brand"]),
                is_focus=bool(row["is_focus"]),
                state=PostState(row["state"]),
            )
            for row in found
        ]
