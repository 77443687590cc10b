"""Migration 14 (statistics, faster): the Stats figures read two covering indexes.

``mentions_stats`` starts with the hour a mention was posted (its text's first 13
characters), then the groups the figures are counted by (account, network, class, state):
a period's counts per hour and group come out of one range of the index in group order,
so SQLite counts them as it reads, with no sort. ``mentions_answers`` holds only answered
mentions (spam apart), by account, network and class, then posting time: each group's
response times are one range of it. Both carry every column the filters and figures read
(assignee and labels included), so no table row is touched.
"""

from __future__ import annotations

STATS_INDEXES = """
CREATE INDEX mentions_stats ON mentions (
    substr(created_at, 1, 13), account_id, platform, cls, state,
    created_at, answered_at, due_at, gone, assignee, labels, author_id
);
CREATE INDEX mentions_answers ON mentions (
    account_id, platform, cls, created_at, answered_at, gone, state, assignee, labels
) WHERE answered_at IS NOT NULL AND cls != 'spam' AND state != 'spam'
"""
