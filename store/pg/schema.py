"""The team database's schema, versioned in step with the SQLite file's.

PostgreSQL starts at the SQLite schema's version 8: its first migration makes in one step what
SQLite's first eight made. Each later SQLite migration gets its PostgreSQL twin here with the
same number (a test fails when one is missing), so one version number describes both.
Differences from SQLite, and why: ids are identity columns; every text column sorts bytewise
(``rd_text`` is ``COLLATE "C"``) because the store compares ISO timestamps as text, as SQLite
does; ``julianday`` is defined for the statistics, which count days the way SQLite does, and
``sum`` of a condition counts where it holds, as SQLite's booleans (0 and 1) add up. Every
change to mentions, notes, follow-ups and the outbox is announced on the ``replydesk`` channel
(one notice per statement and table, which PostgreSQL folds per transaction) so the other
laptops re-read at once. Full-text search is not here yet (SQLite's FTS5 index has no twin).
"""

from __future__ import annotations

from store.schema import MIGRATIONS
from store.schema_listen_counts import LISTEN_COUNTS
from store.schema_private_replies import PRIVATE_REPLIES
from store.schema_x_spend import X_SPEND_INDEXES

_CLASSES = (
    ("complaints", "complaint"),
    ("questions", "question"),
    ("praise", "praise"),
    ("others", "other"),
    ("spam", "spam"),
)


def _bump(row: str, sign: str) -> str:
    """SET clauses adding (``+``) or removing (``-``) mention ``row`` from its author's counts
    (store/schema_people.py's, with PostgreSQL's explicit boolean to integer)."""
    counts = ", ".join(f"{col} = {col} {sign} ({row}.cls = '{cls}')::int" for col, cls in _CLASSES)
    return f"mentions = mentions {sign} 1, {counts}"


# Migration 11's people table with its counts kept by one trigger function (SQLite's three
# triggers); the SQLite twin is store/schema_people.py.
_PEOPLE = f"""
    CREATE TABLE people (
        account_id rd_text NOT NULL,
        author_id rd_text NOT NULL,
        platform rd_text NOT NULL,
        handle rd_text NOT NULL,
        name rd_text NOT NULL DEFAULT '',
        mentions BIGINT NOT NULL DEFAULT 0,
        complaints BIGINT NOT NULL DEFAULT 0,
        questions BIGINT NOT NULL DEFAULT 0,
        praise BIGINT NOT NULL DEFAULT 0,
        others BIGINT NOT NULL DEFAULT 0,
        spam BIGINT NOT NULL DEFAULT 0,
        first_at rd_text NOT NULL,
        last_at rd_text NOT NULL,
        note rd_text NOT NULL DEFAULT '',
        PRIMARY KEY (account_id, author_id)
    );
    INSERT INTO people (account_id, author_id, platform, handle, name, mentions, complaints,
                        questions, praise, others, spam, first_at, last_at)
        SELECT account_id, author_id, max(platform), max(author_handle), max(author_name),
               count(*), sum(cls = 'complaint'), sum(cls = 'question'), sum(cls = 'praise'),
               sum(cls = 'other'), sum(cls = 'spam'), min(created_at), max(created_at)
        FROM mentions GROUP BY account_id, author_id;
    CREATE INDEX people_last ON people (last_at);
    CREATE INDEX people_praise ON people (praise, last_at);
    CREATE INDEX people_author ON people (author_id);
    CREATE INDEX people_name ON people (lower(name)) WHERE name != '';
    CREATE FUNCTION rd_people() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
            UPDATE people SET {_bump("OLD", "-")}
            WHERE account_id = OLD.account_id AND author_id = OLD.author_id;
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            INSERT INTO people (account_id, author_id, platform, handle, name, first_at, last_at)
            VALUES (NEW.account_id, NEW.author_id, NEW.platform, NEW.author_handle,
                    NEW.author_name, NEW.created_at, NEW.created_at)
            ON CONFLICT (account_id, author_id) DO UPDATE SET
                handle = excluded.handle, name = excluded.name,
                first_at = LEAST(people.first_at, excluded.first_at),
                last_at = GREATEST(people.last_at, excluded.last_at);
            UPDATE people SET {_bump("NEW", "+")}
            WHERE account_id = NEW.account_id AND author_id = NEW.author_id;
        END IF;
        RETURN NULL;
    END $$;
    CREATE TRIGGER people_insert AFTER INSERT OR DELETE ON mentions
        FOR EACH ROW EXECUTE FUNCTION rd_people();
    CREATE TRIGGER people_class AFTER UPDATE OF cls ON mentions
        FOR EACH ROW WHEN (OLD.cls IS DISTINCT FROM NEW.cls) EXECUTE FUNCTION rd_people()
"""

# (the version a migration reaches, its statements)
PG_MIGRATIONS: tuple[tuple[int, str], ...] = (
    (
        8,
        """
    CREATE DOMAIN rd_text AS TEXT COLLATE "C";
    CREATE FUNCTION julianday(t rd_text) RETURNS DOUBLE PRECISION
        LANGUAGE sql IMMUTABLE RETURNS NULL ON NULL INPUT
        AS $$ SELECT extract(epoch FROM t::timestamptz) / 86400.0 + 2440587.5 $$;
    CREATE FUNCTION rd_count_true(n BIGINT, yes BOOLEAN) RETURNS BIGINT
        LANGUAGE sql IMMUTABLE AS $$ SELECT n + CASE WHEN yes THEN 1 ELSE 0 END $$;
    CREATE AGGREGATE sum(BOOLEAN) (SFUNC = rd_count_true, STYPE = BIGINT, INITCOND = '0');
    CREATE TABLE accounts (
        id rd_text PRIMARY KEY,
        network rd_text NOT NULL,
        handle rd_text NOT NULL,
        display_name rd_text NOT NULL DEFAULT '',
        server rd_text NOT NULL DEFAULT '',
        added_at rd_text NOT NULL
    );
    CREATE TABLE mentions (
        id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        account_id rd_text NOT NULL,
        remote_id rd_text NOT NULL,
        platform rd_text NOT NULL,
        author_id rd_text NOT NULL,
        author_handle rd_text NOT NULL,
        author_name rd_text NOT NULL DEFAULT '',
        author_followers BIGINT NOT NULL DEFAULT 0,
        author_bio rd_text NOT NULL DEFAULT '',
        author_url rd_text NOT NULL DEFAULT '',
        text rd_text NOT NULL,
        created_at rd_text NOT NULL,
        url rd_text NOT NULL DEFAULT '',
        kind rd_text NOT NULL,
        visibility rd_text NOT NULL,
        in_reply_to_id rd_text,
        thread_root_id rd_text,
        content_warning rd_text NOT NULL DEFAULT '',
        language rd_text NOT NULL DEFAULT '',
        attachments rd_text NOT NULL DEFAULT '[]',
        meta rd_text NOT NULL DEFAULT '{}',
        cls rd_text NOT NULL,
        cls_source rd_text NOT NULL DEFAULT 'auto',
        sentiment DOUBLE PRECISION NOT NULL DEFAULT 0,
        reasons rd_text NOT NULL DEFAULT '[]',
        sla_rule rd_text NOT NULL DEFAULT '',
        due_at rd_text,
        priority DOUBLE PRECISION NOT NULL DEFAULT 0,
        state rd_text NOT NULL DEFAULT 'new',
        snooze_until rd_text,
        answered_at rd_text,
        answered_by rd_text NOT NULL DEFAULT '',
        gone BIGINT NOT NULL DEFAULT 0,
        first_seen_at rd_text NOT NULL,
        updated_at rd_text NOT NULL,
        cls_auto rd_text NOT NULL DEFAULT '',
        labelled_at rd_text,
        at_risk_at rd_text,
        score DOUBLE PRECISION NOT NULL DEFAULT 0,
        rank_group BIGINT NOT NULL DEFAULT 1,
        rescore_at rd_text,
        thread_checked_at rd_text,
        complaint_score DOUBLE PRECISION NOT NULL DEFAULT 0,
        assignee rd_text NOT NULL DEFAULT '',
        labels rd_text NOT NULL DEFAULT '',
        found_by rd_text NOT NULL DEFAULT '',
        UNIQUE (account_id, remote_id)
    );
    CREATE INDEX mentions_author ON mentions (account_id, author_id, state);
    CREATE INDEX mentions_rank ON mentions
        (rank_group, score, created_at, state, snooze_until, answered_at, gone)
        WHERE answered_at IS NULL AND gone = 0 AND state IN ('new', 'open', 'snoozed');
    CREATE INDEX mentions_due ON mentions
        (due_at, at_risk_at, state, snooze_until, answered_at, gone)
        WHERE answered_at IS NULL AND gone = 0 AND state IN ('new', 'open', 'snoozed')
        AND due_at IS NOT NULL;
    CREATE INDEX mentions_rescore ON mentions (rescore_at) WHERE rescore_at IS NOT NULL;
    CREATE INDEX mentions_labels ON mentions (labelled_at) WHERE cls_source = 'human';
    CREATE INDEX mentions_created ON mentions
        (created_at, cls, state, answered_at, due_at, gone, platform, account_id, author_id);
    CREATE INDEX mentions_class ON mentions
        (cls, rank_group, score, created_at, state, snooze_until, answered_at, gone)
        WHERE answered_at IS NULL AND gone = 0 AND state IN ('new', 'open', 'snoozed');
    CREATE INDEX mentions_assignee ON mentions
        (assignee, rank_group, score, created_at, state, snooze_until, answered_at, gone);
    CREATE INDEX mentions_done ON mentions (created_at, gone, state) WHERE state = 'done';
    CREATE INDEX mentions_spam ON mentions
        (created_at, gone, state, answered_at, snooze_until, rank_group)
        WHERE rank_group = 0 OR state = 'spam';
    CREATE INDEX mentions_snoozed ON mentions (snooze_until, gone, state)
        WHERE state = 'snoozed';
    CREATE INDEX mentions_found_by ON mentions (account_id, found_by, first_seen_at)
        WHERE found_by != '';
    CREATE TABLE thread_posts (
        mention_id BIGINT NOT NULL REFERENCES mentions (id) ON DELETE CASCADE,
        position BIGINT NOT NULL,
        remote_id rd_text NOT NULL,
        author_handle rd_text NOT NULL,
        author_name rd_text NOT NULL DEFAULT '',
        text rd_text NOT NULL,
        created_at rd_text NOT NULL,
        is_brand BIGINT NOT NULL DEFAULT 0,
        is_focus BIGINT NOT NULL DEFAULT 0,
        state rd_text NOT NULL DEFAULT 'ok',
        PRIMARY KEY (mention_id, position)
    );
    CREATE TABLE drafts (
        mention_id BIGINT PRIMARY KEY REFERENCES mentions (id) ON DELETE CASCADE,
        text rd_text NOT NULL,
        updated_at rd_text NOT NULL
    );
    CREATE TABLE outbox (
        id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        mention_id BIGINT NOT NULL REFERENCES mentions (id),
        account_id rd_text NOT NULL,
        text rd_text NOT NULL,
        idempotency_key rd_text NOT NULL UNIQUE,
        status rd_text NOT NULL DEFAULT 'queued',
        attempts BIGINT NOT NULL DEFAULT 0,
        last_error rd_text NOT NULL DEFAULT '',
        next_attempt_at rd_text,
        override_reason rd_text NOT NULL DEFAULT '',
        findings rd_text NOT NULL DEFAULT '[]',
        created_at rd_text NOT NULL,
        updated_at rd_text NOT NULL,
        sent_remote_id rd_text,
        sent_url rd_text NOT NULL DEFAULT '',
        sent_at rd_text,
        network_ref rd_text NOT NULL DEFAULT ''
    );
    CREATE INDEX outbox_status ON outbox (status, next_attempt_at);
    CREATE INDEX outbox_mention ON outbox (mention_id);
    CREATE TABLE audit (
        id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        at rd_text NOT NULL,
        mention_id BIGINT,
        action rd_text NOT NULL,
        detail rd_text NOT NULL DEFAULT '{}',
        undone BIGINT NOT NULL DEFAULT 0
    );
    CREATE INDEX audit_mention ON audit (mention_id, at);
    CREATE TABLE cursors (
        account_id rd_text PRIMARY KEY,
        cursor rd_text,
        synced_at rd_text NOT NULL
    );
    CREATE TABLE notes (
        id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        mention_id BIGINT NOT NULL REFERENCES mentions (id) ON DELETE CASCADE,
        text rd_text NOT NULL,
        at rd_text NOT NULL
    );
    CREATE INDEX notes_mention ON notes (mention_id);
    CREATE TABLE follow_ups (
        id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        mention_id BIGINT NOT NULL REFERENCES mentions (id) ON DELETE CASCADE,
        due_at rd_text NOT NULL,
        created_at rd_text NOT NULL,
        done_at rd_text
    );
    CREATE INDEX follow_ups_due ON follow_ups (due_at, mention_id) WHERE done_at IS NULL;
    CREATE TABLE watch_cursors (
        account_id rd_text NOT NULL,
        term rd_text NOT NULL,
        cursor rd_text,
        synced_at rd_text NOT NULL,
        PRIMARY KEY (account_id, term)
    );
    CREATE TABLE watch_overflow (
        account_id rd_text NOT NULL,
        term rd_text NOT NULL,
        day rd_text NOT NULL,
        held_back BIGINT NOT NULL DEFAULT 0,
        PRIMARY KEY (account_id, term, day)
    );
    CREATE TABLE watch_mutes (
        account_id rd_text NOT NULL,
        kind rd_text NOT NULL,
        value rd_text NOT NULL,
        muted_at rd_text NOT NULL,
        PRIMARY KEY (account_id, kind, value)
    );
    CREATE FUNCTION rd_changed() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN PERFORM pg_notify('replydesk', TG_TABLE_NAME); RETURN NULL; END $$;
    CREATE TRIGGER mentions_changed AFTER INSERT OR UPDATE OR DELETE ON mentions
        FOR EACH STATEMENT EXECUTE FUNCTION rd_changed();
    CREATE TRIGGER notes_changed AFTER INSERT OR UPDATE OR DELETE ON notes
        FOR EACH STATEMENT EXECUTE FUNCTION rd_changed();
    CREATE TRIGGER follow_ups_changed AFTER INSERT OR UPDATE OR DELETE ON follow_ups
        FOR EACH STATEMENT EXECUTE FUNCTION rd_changed();
    CREATE TRIGGER outbox_changed AFTER INSERT OR UPDATE OR DELETE ON outbox
        FOR EACH STATEMENT EXECUTE FUNCTION rd_changed()
    """,
    ),
    (9, X_SPEND_INDEXES),
    (10, LISTEN_COUNTS),
    (11, _PEOPLE),
    (12, PRIVATE_REPLIES),
    (13, MIGRATIONS[12]),  # the keyset indexes: the same SQL on both
    (14, MIGRATIONS[13]),  # the statistics' covering indexes: the same SQL on both
)


def pg_statements(script: str) -> list[str]:
    """The statements of a migration: split at semicolons, except inside ``$$`` bodies."""
    statements: list[str] = []
    pending = ""
    for n, piece in enumerate(script.split("$$")):
        if n % 2:  # a function body, kept whole
            pending += "$$" + piece + "$$"
            continue
        *done, rest = piece.split(";")
        for part in done:
            statements.append((pending + part).strip())
            pending = ""
        pending += rest
    statements.append(pending.strip())
    return [s for s in statements if s]
