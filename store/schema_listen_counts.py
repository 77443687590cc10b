"""Migration 10 (``store.schema`` lists it): what listening held back, and paid search reads.

What listening held back today, by reason, for the queue's summary row: besides what a term's
daily cap kept out (``held_back``), the posts of muted authors (``muted``) and the posts an
exclusion kept out (``excluded``). And the posts each account's paid search read in each
month (X bills every post read; ``[watch] x_reads_per_month`` caps them).
"""

from __future__ import annotations

LISTEN_COUNTS = """
    ALTER TABLE watch_overflow ADD COLUMN muted INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE watch_overflow ADD COLUMN excluded INTEGER NOT NULL DEFAULT 0;
    CREATE TABLE watch_reads (
        account_id TEXT NOT NULL,
        month TEXT NOT NULL,
        reads INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (account_id, month)
    )
    """
