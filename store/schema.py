"""The schema as forward-only migrations, versioned with ``PRAGMA user_version``.

Each entry upgrades from version N to N+1 and never changes once released: add a new one.
Indexes match the hot queries: the ranked queue (waiting rows by rank group and score), rows
due for a rescore, an author's other open items, the outbox by status, and the upsert key
``(account_id, remote_id)``.
"""

from __future__ import annotations

from store.schema_listen_counts import LISTEN_COUNTS
from store.schema_people import PEOPLE
from store.schema_private_replies import PRIVATE_REPLIES
from store.schema_stats import STATS_INDEXES
from store.schema_x_spend import X_SPEND_INDEXES

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
    # 2: triage you can trust. ``cls_auto`` keeps the classifier's class beside a person's
    # correction (``labelled_at``). ``score`` is the priority at the last rescore (base plus
    # the time term), ``rescore_at`` when it next changes, and ``rank_group`` 2 for overdue
    # complaints, 1 for the rest of the inbox, 0 for spam. Rows from version 1 get a wall-clock
    # at-risk time (75 % of their SLA) and are rescored on the first queue read. The two
    # waiting indexes also carry every column the waiting test reads, so the header counts
    # are answered from an index alone.
    """
    ALTER TABLE mentions ADD COLUMN cls_auto TEXT NOT NULL DEFAULT '';
    ALTER TABLE mentions ADD COLUMN labelled_at TEXT;
    ALTER TABLE mentions ADD COLUMN at_risk_at TEXT;
    ALTER TABLE mentions ADD COLUMN score REAL NOT NULL DEFAULT 0;
    ALTER TABLE mentions ADD COLUMN rank_group INTEGER NOT NULL DEFAULT 1;
    ALTER TABLE mentions ADD COLUMN rescore_at TEXT;
    UPDATE mentions SET
        cls_auto = CASE WHEN cls_source = 'auto' THEN cls ELSE '' END,
        at_risk_at = CASE WHEN due_at IS NULL THEN NULL ELSE strftime(
            '%Y-%m-%dT%H:%M:%f',
            julianday(created_at) + 0.75 * (julianday(due_at) - julianday(created_at))
        ) || '000Z' END,
        score = priority,
        rank_group = CASE WHEN cls = 'spam' THEN 0 ELSE 1 END,
        rescore_at = CASE WHEN due_at IS NULL THEN NULL ELSE created_at END;
    DROP INDEX mentions_queue;
    CREATE INDEX mentions_rank ON mentions
        (rank_group, score, created_at, state, snooze_until, answered_at, gone)
        WHERE answered_at IS NULL AND gone = 0 AND state IN ('new', 'open', 'snoozed');
    CREATE INDEX mentions_due ON mentions
        (due_at, at_risk_at, state, snooze_until, answered_at, gone)
        WHERE answered_at IS NULL AND gone = 0 AND state IN ('new', 'open', 'snoozed')
        AND due_at IS NOT NULL;
    CREATE INDEX mentions_rescore ON mentions (rescore_at) WHERE rescore_at IS NOT NULL;
    CREATE INDEX mentions_labels ON mentions (labelled_at) WHERE cls_source = 'human'
    """,
    # 3: when each mention's thread was last read from the network, so every sync re-reads the
    # most urgent waiting threads not read lately and notices replies made elsewhere.
    """
    ALTER TABLE mentions ADD COLUMN thread_checked_at TEXT
    """,
    # 4: how sure triage is that a mention is a complaint (0..1, rules and the learned model);
    # shown in the explanation and ranked by (through the priority). Older rows get 0 until
    # they are triaged again.
    """
    ALTER TABLE mentions ADD COLUMN complaint_score REAL NOT NULL DEFAULT 0
    """,
    # 5: what the network made for a reply before posting it (a Threads container), stored
    # before the post so that a retry after a crash publishes it rather than making another.
    """
    ALTER TABLE outbox ADD COLUMN network_ref TEXT NOT NULL DEFAULT ''
    """,
    # 6: statistics (store/stats.py). Mentions by posting time, carrying every column the
    # period aggregates read, so a month of a large store is summed from the index alone.
    """
    CREATE INDEX mentions_created ON mentions
        (created_at, cls, state, answered_at, due_at, gone, platform, account_id, author_id)
    """,
    # 7: the working day (views, search, labels, notes, assignment). ``labels`` is the
    # mention's labels, space-separated with a space at each end so one label is found with
    # LIKE '% name %'; ``assignee`` a teammate's name ('' nobody). ``mention_search`` is a
    # full-text index (FTS5) of text, author handle and name, labels and notes, keyed by the
    # mention's id and kept current by triggers, so a database of any age is searchable. The
    # ``follow_ups`` are reminders to check back on a conversation (``f``), due in the inbox
    # until done. The indexes serve the tabs (store/views.py): a class's waiting rows by
    # rank, a teammate's, done, spam and snoozed rows (partial indexes, so the inbox's
    # ``state IN`` never picks them); everything by time uses migration 6's mentions_created.
    """
    ALTER TABLE mentions ADD COLUMN assignee TEXT NOT NULL DEFAULT '';
    ALTER TABLE mentions ADD COLUMN labels TEXT NOT NULL DEFAULT '';
    CREATE TABLE notes (
        id INTEGER PRIMARY KEY,
        mention_id INTEGER NOT NULL REFERENCES mentions (id) ON DELETE CASCADE,
        text TEXT NOT NULL,
        at TEXT NOT NULL
    );
    CREATE INDEX notes_mention ON notes (mention_id);
    CREATE TABLE follow_ups (
        id INTEGER PRIMARY KEY,
        mention_id INTEGER NOT NULL REFERENCES mentions (id) ON DELETE CASCADE,
        due_at TEXT NOT NULL,
        created_at TEXT NOT NULL,
        done_at TEXT
    );
    CREATE INDEX follow_ups_due ON follow_ups (due_at, mention_id) WHERE done_at IS NULL;
    CREATE INDEX mentions_class ON mentions
        (cls, rank_group, score, created_at, state, snooze_until, answered_at, gone)
        WHERE answered_at IS NULL AND gone = 0 AND state IN ('new', 'open', 'snoozed');
    CREATE INDEX mentions_assignee ON mentions
        (assignee, rank_group, score, created_at, state, snooze_until, answered_at, gone);
    CREATE INDEX mentions_done ON mentions (created_at, gone, state) WHERE state = 'done';
    CREATE INDEX mentions_spam ON mentions
        (created_at, gone, state, answered_at, snooze_until, rank_group)
        WHERE rank_group = 0 OR state = 'spam';
    CREATE INDEX mentions_snoozed ON mentions (snooze_until, gone, state) WHERE state = 'snoozed';
    CREATE VIRTUAL TABLE mention_search USING fts5 (
        text, handle, name, labels, notes, tokenize = 'unicode61 remove_diacritics 2'
    );
    INSERT INTO mention_search (rowid, text, handle, name, labels, notes)
        SELECT id, text, author_handle, author_name, labels, '' FROM mentions;
    CREATE TRIGGER mention_search_insert AFTER INSERT ON mentions BEGIN
        INSERT INTO mention_search (rowid, text, handle, name, labels, notes)
        VALUES (new.id, new.text, new.author_handle, new.author_name, new.labels, '');
    END;
    CREATE TRIGGER mention_search_update AFTER UPDATE OF text, author_handle, author_name, labels
        ON mentions
        WHEN old.text IS NOT new.text OR old.author_handle IS NOT new.author_handle
            OR old.author_name IS NOT new.author_name OR old.labels IS NOT new.labels
    BEGIN
        UPDATE mention_search SET text = new.text, handle = new.author_handle,
            name = new.author_name, labels = new.labels
        WHERE rowid = new.id;
    END;
    CREATE TRIGGER mention_search_delete AFTER DELETE ON mentions BEGIN
        DELETE FROM mention_search WHERE rowid = old.id;
    END;
    CREATE TRIGGER note_search_insert AFTER INSERT ON notes BEGIN
        UPDATE mention_search SET notes = (
            SELECT group_concat(text, ' ') FROM notes WHERE mention_id = new.mention_id
        ) WHERE rowid = new.mention_id;
    END;
    CREATE TRIGGER note_search_delete AFTER DELETE ON notes BEGIN
        UPDATE mention_search SET notes = coalesce((
            SELECT group_concat(text, ' ') FROM notes WHERE mention_id = old.mention_id
        ), '') WHERE rowid = old.mention_id;
    END
    """,
    # 8: listening. ``found_by`` is the watch term whose search brought in a post that did not
    # address the brand ('' for every direct mention); the index answers a term's daily cap and
    # the ``is:indirect`` filter. Each term's search resumes from its own cursor, what a term's
    # daily cap held back is counted per day for the summary, and the person's mutes (an
    # author, a term) keep what they name out of later searches.
    """
    ALTER TABLE mentions ADD COLUMN found_by TEXT NOT NULL DEFAULT '';
    CREATE INDEX mentions_found_by ON mentions (account_id, found_by, first_seen_at)
        WHERE found_by != '';
    CREATE TABLE watch_cursors (
        account_id TEXT NOT NULL,
        term TEXT NOT NULL,
        cursor TEXT,
        synced_at TEXT NOT NULL,
        PRIMARY KEY (account_id, term)
    );
    CREATE TABLE watch_overflow (
        account_id TEXT NOT NULL,
        term TEXT NOT NULL,
        day TEXT NOT NULL,
        held_back INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (account_id, term, day)
    );
    CREATE TABLE watch_mutes (
        account_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        value TEXT NOT NULL,
        muted_at TEXT NOT NULL,
        PRIMARY KEY (account_id, kind, value)
    )
    """,
    # 9: X's monthly spend (store/schema_x_spend.py)
    X_SPEND_INDEXES,
    # 10: what listening held back, and paid search reads (store/schema_listen_counts.py)
    LISTEN_COUNTS,
    # 11: people, one row per author with counts kept by triggers (store/schema_people.py).
    PEOPLE,
    # 12: a reply sent privately (store/schema_private_replies.py)
    PRIVATE_REPLIES,
    # 13: every tab is read by keyset pages (``store.pages``): each tab's index carries the id
    # right after the columns it orders by, so "the rows after this one" is one range of the
    # index in the tab's own order, with no sort, at any depth. The other columns stay (they
    # answer the counts and the statistics from the index alone).
    """
    DROP INDEX mentions_rank;
    CREATE INDEX mentions_rank ON mentions
        (rank_group, score, created_at, id, state, snooze_until, answered_at, gone)
        WHERE answered_at IS NULL AND gone = 0 AND state IN ('new', 'open', 'snoozed');
    DROP INDEX mentions_class;
    CREATE INDEX mentions_class ON mentions
        (cls, rank_group, score, created_at, id, state, snooze_until, answered_at, gone)
        WHERE answered_at IS NULL AND gone = 0 AND state IN ('new', 'open', 'snoozed');
    DROP INDEX mentions_assignee;
    CREATE INDEX mentions_assignee ON mentions
        (assignee, rank_group, score, created_at, id, state, snooze_until, answered_at, gone);
    DROP INDEX mentions_due;
    CREATE INDEX mentions_due ON mentions
        (due_at, id, at_risk_at, state, snooze_until, answered_at, gone)
        WHERE answered_at IS NULL AND gone = 0 AND state IN ('new', 'open', 'snoozed')
        AND due_at IS NOT NULL;
    DROP INDEX mentions_done;
    CREATE INDEX mentions_done ON mentions (created_at, id, gone, state) WHERE state = 'done';
    DROP INDEX mentions_spam;
    CREATE INDEX mentions_spam ON mentions
        (created_at, id, gone, state, answered_at, snooze_until, rank_group)
        WHERE rank_group = 0 OR state = 'spam';
    DROP INDEX mentions_snoozed;
    CREATE INDEX mentions_snoozed ON mentions (snooze_until, id, gone, state)
        WHERE state = 'snoozed';
    DROP INDEX mentions_created;
    CREATE INDEX mentions_created ON mentions
        (created_at, id, cls, state, answered_at, due_at, gone, platform, account_id, author_id)
    """,
    # 14: statistics, faster: the two covering indexes of store/schema_stats.py.
    STATS_INDEXES,
)

SCHEMA_VERSION = len(MIGRATIONS)
