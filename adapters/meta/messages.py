"""Messenger and Instagram direct messages: conversations updated since the last pull.

The Conversations API lists a Page's conversations newest ``updated_time`` first and has no
time paging, so the listing stops at the first conversation not updated since the floor. Each
updated conversation's messages (newest first) are read down to the floor; every message from
the person becomes a mention whose reply window closes 24 hours after their newest message
(7 days when the account may use the human-agent tag).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from adapters.errors import BadPayload
from adapters.meta.http import (
    GraphHttp,
    after_cursor,
    opt_str,
    read_data,
    read_obj,
    read_str,
    read_time,
)
from adapters.meta.records import Brand, attachments_of, fb_author, is_brand
from adapters.meta.text import (
    AGENT_RULE,
    CHANNEL,
    CONVERSATION,
    DM_RULE,
    LAST_MESSAGE,
    RECIPIENT,
    Channel,
    dm_window_closes,
)
from adapters.records import Account, Mention, MentionKind, Platform, Skipped, Visibility
from adapters.reply_window import WINDOW_KEY, WINDOW_RULE_KEY

MESSAGE_FIELDS = "id,message,created_time,from,attachments{mime_type,name}"
PAGE = "25"


@dataclass
class Inbox:
    """The new direct messages of one platform."""

    mentions: list[Mention] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    newest: datetime | None = None  # the newest conversation update read
    more: bool = False


class MetaMessages:
    """The direct-message half of pulling and threads."""

    account: Account
    _http: GraphHttp
    _max_pages: int
    _human_agent: bool

    async def messages(self, conversation_id: str, limit: int = 25) -> list[object]:
        """A conversation's newest messages, newest first (one page)."""
        params = [("fields", MESSAGE_FIELDS), ("limit", str(limit))]
        answer = await self._http.get(f"/{conversation_id}/messages", params, gone=True)
        return read_data(answer.body, "The messages")

    async def conversations(self, platform: str, floor: datetime, brand: Brand) -> Inbox:
        """Messages of ``platform`` ("messenger"/"instagram") newer than ``floor``."""
        inbox = Inbox()
        params = [("platform", platform), ("fields", "id,updated_time"), ("limit", PAGE)]
        for _ in range(self._max_pages):
            answer = await self._http.get(f"/{brand.page_id}/conversations", params)
            for item in read_data(answer.body, "The conversations"):
                conversation = read_obj(item, "a conversation")
                updated = read_time(conversation, "updated_time")
                if updated <= floor:
                    return inbox  # newest first: everything after this was read before
                inbox.newest = max(inbox.newest or updated, updated)
                await self._conversation(
                    read_str(conversation, "id"), platform, floor, brand, inbox
                )
            cursor = after_cursor(answer.body)
            if cursor is None:
                return inbox
            params = [
                ("platform", platform),
                ("fields", "id,updated_time"),
                ("limit", PAGE),
                ("after", cursor),
            ]
        inbox.more = True
        return inbox

    async def _conversation(
        self, conversation_id: str, platform: str, floor: datetime, brand: Brand, inbox: Inbox
    ) -> None:
        mine: list[tuple[dict[str, object], datetime]] = []
        for item in await self.messages(conversation_id):
            try:
                message = read_obj(item, "a message")
                created = read_time(message, "created_time")
                read_str(message, "id")
            except BadPayload as exc:
                inbox.skipped.append(
                    Skipped(
                        opt_str(item, "id") or conversation_id,
                        f"a message that cannot be read ({exc})",
                    )
                )
                continue
            if created <= floor:
                break
            if not is_brand(fb_author(message), brand):
                mine.append((message, created))
        if not mine:
            return
        last = max(created for _, created in mine)
        closes = dm_window_closes(last, human_agent=self._human_agent)
        channel = Channel.INSTAGRAM_DM if platform == "instagram" else Channel.MESSENGER
        for message, created in mine:
            author = fb_author(message)
            inbox.mentions.append(
                Mention(
                    account_id=self.account.id,
                    remote_id=read_str(message, "id"),
                    platform=Platform.INSTAGRAM if platform == "instagram" else Platform.FACEBOOK,
                    author=author,
                    text=opt_str(message, "message"),
                    created_at=created,
                    kind=MentionKind.DIRECT,
                    visibility=Visibility.DIRECT,
                    thread_root_id=conversation_id,
                    attachments=attachments_of(message),
                    meta={
                        CHANNEL: channel.value,
                        CONVERSATION: conversation_id,
                        RECIPIENT: author.remote_id,
                        LAST_MESSAGE: last.isoformat(),
                        WINDOW_KEY: closes.isoformat(),
                        WINDOW_RULE_KEY: AGENT_RULE if self._human_agent else DM_RULE,
                    },
                )
            )
