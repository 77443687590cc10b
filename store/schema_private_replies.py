"""Migration 12: replies sent privately.

``private`` marks an outbox row the person chose to send as a private reply: on a public
comment, one direct message to its author instead of a public answer (Meta's private replies,
allowed once within 7 days of the comment). The push hands it to the adapter as a reply of
``Visibility.DIRECT``.
"""

from __future__ import annotations

PRIVATE_REPLIES = """
    ALTER TABLE outbox ADD COLUMN private INTEGER NOT NULL DEFAULT 0
    """
