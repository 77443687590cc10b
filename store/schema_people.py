"""Migration 11: who is talking to us, kept as one row per author (the People screen).

``people`` holds each author's mentions counted by class, first and last contact and a private
note on the person, keyed like ``mentions_author`` by (account, author). Triggers keep the
counts current on every insert, class correction and delete, so the People screen reads a
page of people from an index (``people_last``, ``people_praise``) instead of grouping every
mention; open items and the last 30 days are counted per row shown through ``mentions_author``.
The backfill groups the mentions once, at upgrade.
"""

from __future__ import annotations

# Each class's column: ``cls`` values outside these five count in ``mentions`` alone.
_COUNTS = "complaints, questions, praise, others, spam"


def _bump(row: str, sign: str) -> str:
    """SET clauses adding (``+``) or removing (``-``) mention ``row`` from its author's counts."""
    return (
        f"mentions = mentions {sign} 1, "
        f"complaints = complaints {sign} ({row}.cls = 'complaint'), "
        f"questions = questions {sign} ({row}.cls = 'question'), "
        f"praise = praise {sign} ({row}.cls = 'praise'), "
        f"others = others {sign} ({row}.cls = 'other'), "
        f"spam = spam {sign} ({row}.cls = 'spam')"
    )


PEOPLE = f"""
    CREATE TABLE people (
        account_id TEXT NOT NULL,
        author_id TEXT NOT NULL,
        platform TEXT NOT NULL,
        handle TEXT NOT NULL,
        name TEXT NOT NULL DEFAULT '',
        mentions INTEGER NOT NULL DEFAULT 0,
        complaints INTEGER NOT NULL DEFAULT 0,
        questions INTEGER NOT NULL DEFAULT 0,
        praise INTEGER NOT NULL DEFAULT 0,
        others INTEGER NOT NULL DEFAULT 0,
        spam INTEGER NOT NULL DEFAULT 0,
        first_at TEXT NOT NULL,
        last_at TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (account_id, author_id)
    );
    INSERT INTO people (account_id, author_id, platform, handle, name, mentions, {_COUNTS},
                        first_at, last_at)
        SELECT account_id, author_id, max(platform), max(author_handle), max(author_name),
               count(*), sum(cls = 'complaint'), sum(cls = 'question'), sum(cls = 'praise'),
               sum(cls = 'other'), sum(cls = 'spam'), min(created_at), max(created_at)
        FROM mentions GROUP BY account_id, author_id;
    CREATE INDEX people_last ON people (last_at);
    CREATE INDEX people_praise ON people (praise, last_at);
    CREATE INDEX people_author ON people (author_id);
    CREATE INDEX people_name ON people (lower(name)) WHERE name != '';
    CREATE TRIGGER people_insert AFTER INSERT ON mentions BEGIN
        INSERT INTO people (account_id, author_id, platform, handle, name, first_at, last_at)
        VALUES (new.account_id, new.author_id, new.platform, new.author_handle,
                new.author_name, new.created_at, new.created_at)
        ON CONFLICT (account_id, author_id) DO UPDATE SET
            handle = excluded.handle, name = excluded.name,
            first_at = min(first_at, excluded.first_at),
            last_at = max(last_at, excluded.last_at);
        UPDATE people SET {_bump("new", "+")}
        WHERE account_id = new.account_id AND author_id = new.author_id;
    END;
    CREATE TRIGGER people_class AFTER UPDATE OF cls ON mentions
        WHEN old.cls IS NOT new.cls
    BEGIN
        UPDATE people SET {_bump("old", "-")}
        WHERE account_id = old.account_id AND author_id = old.author_id;
        UPDATE people SET {_bump("new", "+")}
        WHERE account_id = new.account_id AND author_id = new.author_id;
    END;
    CREATE TRIGGER people_delete AFTER DELETE ON mentions BEGIN
        UPDATE people SET {_bump("old", "-")}
        WHERE account_id = old.account_id AND author_id = old.author_id;
    END
"""
"""The migration's SQL (number 9 on this branch; renumbered at merge if another lands first)."""
