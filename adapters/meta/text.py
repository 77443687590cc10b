"""Meta's text and timing rules: lengths, the Messenger windows, private replies, matching.

Light on purpose (no httpx): the composer and the queue read these rules without loading the
transport. Sources: the fixtures README's Meta facts (messaging windows, private replies,
length caps, which are unverified for comments).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum

from adapters.entry import TextRules
from adapters.records import FACEBOOK_LIMITS, INSTAGRAM_LIMITS, Limits, Mention, Platform

DM_WINDOW = timedelta(hours=24)  # messaging_type=RESPONSE after the person's last message
HUMAN_AGENT_WINDOW = timedelta(days=7)  # messaging_type=MESSAGE_TAG, tag=HUMAN_AGENT
PRIVATE_REPLY_WINDOW = timedelta(days=7)  # one private message per comment
MESSENGER_MAX_CHARS = 2000  # the commonly cited Send API text limit
DM_RULE = (
    "Meta lets a Page answer within 24 hours of the person's last message (a human agent may "
    "answer for 7 days once the Meta app has the Human Agent permission)"
)
AGENT_RULE = "Meta lets a human agent answer within 7 days of the person's last message"

# Keys of ``Mention.meta`` this network writes and reads back to reply.
CHANNEL = "channel"
REPLY_TO = "reply_to"  # the comment a reply is posted under (always a top-level one)
CONVERSATION = "conversation_id"
RECIPIENT = "recipient_id"  # the person's page-scoped id, for the Send API
PRIVATE_UNTIL = "private_reply_until"
LAST_MESSAGE = "last_message_at"  # the person's newest message in the conversation


class Channel(StrEnum):
    """Where a Meta mention came from, and so how it is answered."""

    FB_COMMENT = "fb_comment"
    IG_COMMENT = "ig_comment"
    MESSENGER = "messenger"
    INSTAGRAM_DM = "instagram_dm"

    @property
    def is_dm(self) -> bool:
        """A direct message (Send API, reply window) rather than a public comment."""
        return self in (Channel.MESSENGER, Channel.INSTAGRAM_DM)


def channel_of(mention: Mention) -> Channel:
    """The channel a pulled mention came from (a comment on Facebook if unrecorded)."""
    try:
        return Channel(mention.meta.get(CHANNEL, ""))
    except ValueError:
        return Channel.FB_COMMENT


def limits_for(platform: Platform) -> Limits:
    """Instagram's 2,200 or Facebook's 8,000 (Messenger's 2,000 is checked when sending)."""
    return INSTAGRAM_LIMITS if platform is Platform.INSTAGRAM else FACEBOOK_LIMITS


def dm_window_closes(last_message: datetime, *, human_agent: bool) -> datetime:
    """When a DM stops being answerable: 24 h after the person's last message (7 days with
    the human-agent tag)."""
    return last_message + (HUMAN_AGENT_WINDOW if human_agent else DM_WINDOW)


def needs_human_agent_tag(mention: Mention, now: datetime) -> bool:
    """Past the 24 h window but within 7 days: only a human agent may still answer."""
    raw = mention.meta.get(LAST_MESSAGE, "")
    if not raw:
        return False
    return now >= datetime.fromisoformat(raw) + DM_WINDOW


def normalize_for_match(text: str) -> str:
    """Text as compared when reconciling: whitespace collapsed, case folded."""
    return " ".join(text.split()).casefold()


def _no_prefix(mention: Mention) -> str:
    """Nothing: a comment reply, an Instagram reply or a message reaches its author by itself."""
    return ""


RULES = TextRules(reply_prefix=_no_prefix)
