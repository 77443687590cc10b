"""Migration 9: the indexes behind X's monthly spend.

``store.x_usage`` counts an account's X mentions first stored in a month (by kind: a DM event
and a post are priced apart) and its replies sent in it; both read only these indexes, so the
composer can show the month's spend on the UI thread whatever the size of the store.
"""

from __future__ import annotations

X_SPEND_INDEXES = """
CREATE INDEX mentions_first_seen ON mentions (account_id, platform, first_seen_at, kind);
CREATE INDEX outbox_sent ON outbox (account_id, status, sent_at)
"""
