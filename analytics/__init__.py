"""Know how you are doing: response rate, response times, SLA, volume and people.

Pure domain over the store's SQL aggregates (``store/stats.py``); no Textual. ``compute_stats``
is the one source of every figure the Stats screen and ``replydesk report`` show.
"""
