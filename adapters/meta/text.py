"""Meta's text and timing rules: lengths, the Messenger windows, private replies, matching.

Light on purpose (no httpx): the composer and the queue read these rules without loading the
transport. Sources: the fixtures README's Meta facts (messaging windows, private replies) and,
for the length caps, the sources named at each constant (Meta's own pages in the stored corpus
state none of them, so each is the strictest figure found).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum

from adapters.entry import Route, TextRules
from adapters.records import (
    FACEBOOK_LIMITS,
    INSTAGRAM_LIMITS,
    Limits,
    Mention,
    MentionKind,
    Platform,
)
from adapters.reply_window import describe_window, span, window_open

DM_WINDOW = timedelta(hours=24)  # messaging_type=RESPONSE after the person's last message
HUMAN_AGENT_WINDOW = timedelta(days=7)  # messaging_type=MESSAGE_TAG, tag=HUMAN_AGENT
PRIVATE_REPLY_WINDOW = timedelta(days=7)  # one private message per comment
# Messenger text: 2,000 characters. Sources: the fixtures README ("commonly cited Send API
# rule"); @warriorteam/messenger-sdk's TEXT_MESSAGE_MAX_CHARS = 2e3 (unpkg, v1.4.2 and 1.5.8);
# Chatwoot's channel table (developers.chatwoot.com/self-hosted/supported-features: Facebook 2000).
MESSENGER_MAX_CHARS = 2000
# Instagram direct messages: 1,000. Chatwoot's table says "Instagram 1000" (characters); the
# instagram_connect gem (rubydoc InstagramConnect::Media::Limits TEXT_MAX_BYTES) says 1,000
# *bytes* and that Meta rejects the whole send above it, so UTF-8 bytes are counted: the
# stricter reading. The README's Meta facts had no figure, and 2,000 was applied here before.
INSTAGRAM_DM_MAX_BYTES = 1000
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
    IG_TAG = "ig_tag"  # a post that tags the Instagram account (the ``tags`` edge)

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
    """A comment's cap: Instagram's 2,200 or Facebook's 8,000 (``adapters.records``: Meta's
    Comment reference states none; schedulers' caps, unverified. Ayrshare and Upload-Post
    document 2,200 for an Instagram caption and 2,196 for a comment, within 4 of ours).
    A message's cap is ``message_limit``'s."""
    return INSTAGRAM_LIMITS if platform is Platform.INSTAGRAM else FACEBOOK_LIMITS


def message_limit(instagram: bool) -> Limits:
    """What a direct message (or a private reply) may hold: Instagram's 1,000 UTF-8 bytes,
    Messenger's 2,000 characters."""
    if instagram:
        return Limits(Platform.INSTAGRAM, max_bytes=INSTAGRAM_DM_MAX_BYTES)
    return Limits(Platform.FACEBOOK, max_graphemes=MESSENGER_MAX_CHARS)


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


def _dm_window(mention: Mention, now: datetime) -> str:
    """Which window a direct message is answered in now."""
    raw = mention.meta.get(LAST_MESSAGE, "")
    if not raw:
        return describe_window(mention, now)
    standard = datetime.fromisoformat(raw) + DM_WINDOW
    if now < standard:
        return f"24 h window (a standard reply): closes in {span(standard - now)}"
    if window_open(mention, now):
        return (
            f"past 24 h: sent as a human agent (HUMAN_AGENT tag); {describe_window(mention, now)}"
        )
    return describe_window(mention, now)


def route(mention: Mention, now: datetime) -> Route:
    """The window of a message; for a comment, whether its one private reply is possible."""
    channel = channel_of(mention)
    if channel.is_dm:
        return Route(window=_dm_window(mention, now))
    if channel is Channel.IG_TAG:
        return Route(private_blocked="no private reply to a post that tags the account")
    raw = mention.meta.get(PRIVATE_UNTIL, "")
    if not raw:
        return Route(private_blocked="no private reply: the author is hidden from the Page")
    until = datetime.fromisoformat(raw)
    if now >= until:
        return Route(
            private_blocked="no private reply: Meta allows one only within 7 days of a comment"
        )
    where = "Instagram" if channel is Channel.IG_COMMENT else "Messenger"
    return Route(
        private=f"one {where} message to the author instead, allowed once, until "
        f"{until:%a %d %b %H:%M} UTC ({span(until - now)} left)"
    )


def normalize_for_match(text: str) -> str:
    """Text as compared when reconciling: whitespace collapsed, case folded."""
    return " ".join(text.split()).casefold()


def _no_prefix(mention: Mention) -> str:
    """Nothing: a comment reply, an Instagram reply or a message reaches its author by itself."""
    return ""


def reply_limits(mention: Mention, private: bool) -> Limits:
    """A message's cap for an answer to a direct message or a reply sent privately (both go
    out as messages); a comment's cap for a public reply."""
    if private or mention.kind is MentionKind.DIRECT:
        return message_limit(mention.platform is Platform.INSTAGRAM)
    return limits_for(mention.platform)


RULES = TextRules(reply_prefix=_no_prefix, route=route, reply_limits=reply_limits)
