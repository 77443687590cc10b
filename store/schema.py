"""The schema as forward-only migrations, versioned with ``PRAGMA user_version``.

Each entry upgrades from version N to N+1 and never changes once released: add a new one.
Indexes match the hot queries: the ranked queue (state, due, priority), an author's other open
items, the outbox by status, and the upsert key ``(account_id, remote_id)``.
"""

from __future__ import annotations

MIGRATIONS: tuple[str, ...] = (
    # 1: the walking skeleton
    """
    CREATE TABLE accounts (
        id TEXT PRIMARY KEY,
        network TEXT NOT NULL,
        handle TEXT NOT NULL,
        display_name TEXT NOT NULL DEFAULT '',
        server TEXT NOT NULL DEFAULT '',
        added_at TEXT NOT NULL
    );
    CREATE TABLE mentions (
        id INTEGER PRIMARY KEY,
        account_id TEXT NOT NULL,
        remote_id TEXT NOT NULL,
        platform TEXT NOT NULL,
        author_id TEXT NOT NULL,
        author_handle TEXT NOT NULL,
        author_name TEXT NOT NULL DEFAULT '',
        author_followers INTEGER NOT NULL DEFAULT 0,
        author_bio TEXT NOT NULL DEFAULT '',
        author_url TEXT NOT NULL DEFAULT '',
        text TEXT NOT NULL,
        created_at TEXT NOT NULL,
        url TEXT NOT NULL DEFAULT '',
        kind TEXT NOT NULL,
        visibility TEXT NOT NULL,
        in_reply_to_id TEXT,
        thread_root_id TEXT,
        content_warning TEXT NOT NULL DEFAULT '',
        language TEXT NOT NULL DEFAULT '',
        attachments TEXT NOT NULL DEFAULT '[]',
        meta TEXT NOT NULL DEFAULT '{}',
        cls TEXT NOT NULL,
        cls_source TEXT NOT NULL DEFAULT 'auto',
        sentiment REAL NOT NULL DEFAULT 0,
        reasons TEXT NOT NULL DEFAULT '[]',
        sla_rule TEXT NOT NULL DEFAULT '',
        due_at TEXT,
        priority REAL NOT NULL DEFAULT 0,
        state TEXT NOT NULL DEFAULT 'new',
        snooze_until TEXT,
        answered_at TEXT,
        answered_by TEXT NOT NULL DEFAULT '',
        gone INTEGER NOT NULL DEFAULT 0,
        first_seen_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (account_id, remote_id)
    );
    CREATE INDEX mentions_queue ON mentions (state, due_at, priority);
    CREATE INDEX mentions_author ON mentions (account_id, author_id, state);
    CREATE TABLE thread_posts (
        mention_id INTEGER NOT NULL REFERENCES mentions (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        remote_id TEXT NOT NULL,
        author_handle TEXT NOT NULL,
        author_name TEXT NOT NULL DEFAULT '',
        text TEXT NOT NULL,
        created_at TEXT NOT NULL,
        is_brand INTEGER NOT NULL DEFAULT 0,
        is_focus INTEGER NOT NULL DEFAULT 0,
        state TEXT NOT NULL DEFAULT 'ok',
        PRIMARY KEY (mention_id, position)
    );
    CREATE TABLE drafts (
        mention_id INTEGER PRIMARY KEY REFERENCES mentions (id) ON DELETE CASCADE,
        text TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE TABLE outbox (
        id INTEGER PRIMARY KEY,
        mention_id INTEGER NOT NULL REFERENCES mentions (id),
        account_id TEXT NOT NULL,
        text TEXT NOT NULL,
        idempotency_key TEXT NOT NULL UNIQUE,
        status TEXT NOT NULL DEFAULT 'queued',
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT NOT NULL DEFAULT '',
        next_attempt_at TEXT,
        override_reason TEXT NOT NULL DEFAULT '',
        findings TEXT NOT NULL DEFAULT '[]',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        sent_remote_id TEXT,
        sent_url TEXT NOT NULL DEFAULT '',
        sent_at TEXT
    );
    CREATE INDEX outbox_status ON outbox (status, next_attempt_at);
    CREATE INDEX outbox_mention ON outbox (mention_id);
    CREATE TABLE audit (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        mention_id INTEGER,
        action TEXT NOT NULL,
        detail TEXT NOT NULL DEFAULT '{}',
        undone INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX audit_mention ON audit (mention_id, at);
    CREATE TABLE cursors (
        account_id TEXT PRIMARY KEY,
        cursor TEXT,
        synced_at TEXT NOT NULL
    );
    """,
)

SCHEMA_VERSION = len(MIGRATIONS)
