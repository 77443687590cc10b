"""What each figure means, in words: shown by ``?`` on the Stats screen, printed by
``replydesk report --definitions`` and repeated word for word in the README's "Stats" section
(a test holds them together)."""

from __future__ import annotations

DEFINITIONS: tuple[tuple[str, str], ...] = (
    (
        "Period",
        "Whole local days ending now (today; 7 d = today and the 6 days before; 30 d; or "
        "FIRST..LAST). Days and hours are in the business-hours time zone, else the computer's. "
        "A mention belongs to the day it was posted, not the day it was fetched.",
    ),
    ("Received", "Mentions posted in the period, spam included; deleted posts are left out."),
    (
        "Spam",
        "Mentions classed as spam or marked spam: counted apart, left out of every rate and time.",
    ),
    (
        "Closed without reply",
        "Marked done with no answer from the brand: counted apart, left out of response rate "
        "and response time.",
    ),
    (
        "Answered",
        "The brand answered in the conversation, from ReplyDesk or from anywhere else "
        "(answers made elsewhere are found when the thread is read).",
    ),
    ("Response rate", "Answered ÷ (received − spam − closed without reply)."),
    (
        "First response time",
        "From when the mention was posted to the brand's first answer. Median and p90 are "
        "nearest-rank: the value at position ⌈p·n⌉ of the sorted times. An answer stamped "
        "before its mention (clock skew) counts as 0 and is reported.",
    ),
    (
        "Wall-clock / business hours",
        "Wall-clock counts every minute; business hours count only the minutes the "
        "[sla.business_hours] calendar is open (the same as wall-clock when none is set).",
    ),
    (
        "SLA met",
        "Answered by the due time ÷ (answered on time + answered late + unanswered past due). "
        "Mentions not yet due count neither way.",
    ),
    (
        "Complaints within the hour",
        "Complaints answered within 60 minutes of posting ÷ answerable complaints.",
    ),
    (
        "Open now / overdue now",
        "Waiting for an answer right now, whenever posted (spam apart); overdue: past due. "
        "Median age: how long the middle one has waited.",
    ),
    (
        "Volume",
        "Mentions per day stacked by class, and per hour of the day over the whole period.",
    ),
    ("Busiest days", "The three days with the most mentions."),
    (
        "Frequent engagers / advocates",
        "The five people who wrote most often in the period (spam apart) / who praised most often.",
    ),
    ("No data", "Shown when there is nothing to divide by, instead of 0 % or NaN."),
)
"""(figure, definition), in the order the screen shows them."""
