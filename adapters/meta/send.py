"""Meta out: a comment reply, an Instagram reply, a Messenger message or a private reply, each
posted once, and the reconcile that finds it after an answer was lost.

The Graph API has no idempotency key. The outbox row is stored before the first attempt; after
an unknown outcome, ``reconcile`` lists the Page's replies under the comment (or the
conversation's messages) since the mention and accepts only a unique match on the text.
"""

from __future__ import annotations

from datetime import datetime

import grapheme

from adapters.errors import Rejected
from adapters.meta.faults import WindowClosed
from adapters.meta.http import opt_str, read_obj, read_str, read_time
from adapters.meta.search import refuse_hashtag_reply
from adapters.meta.text import (
    CONVERSATION,
    MESSENGER_MAX_CHARS,
    PRIVATE_UNTIL,
    RECIPIENT,
    REPLY_TO,
    Channel,
    channel_of,
    limits_for,
    message_limit,
    needs_human_agent_tag,
    normalize_for_match,
)
from adapters.meta.thread import MetaThread
from adapters.records import Mention, OutgoingReply, Platform, SentReply, ThreadPost, Visibility
from adapters.reply_window import closed_reason


def _check_length(text: str, most: int, where: str) -> None:
    used = grapheme.length(text)
    if used > most:
        raise Rejected(f"The reply is {used} characters long; {where} takes at most {most}.")


def _check_message(text: str, instagram: bool) -> None:
    """A direct message or private reply within its network's cap (``message_limit``)."""
    limit = message_limit(instagram)
    if limit.max_bytes is not None:
        used = len(text.encode("utf-8"))
        if used > limit.max_bytes:
            raise Rejected(
                f"The message is {used} bytes long in UTF-8; an Instagram message takes at "
                f"most {limit.max_bytes} (an emoji or accented letter counts 2 to 4)."
            )
    _check_length(text, limit.max_graphemes or MESSENGER_MAX_CHARS, "a Messenger message")


class MetaSend(MetaThread):
    """The writing half of ``MetaAdapter``."""

    def _private_reply_possible(self, mention: Mention, now: datetime) -> None:
        until = mention.meta.get(PRIVATE_UNTIL, "")
        if not until:
            raise Rejected(
                "This comment's author is hidden from the Page, so no private reply can reach them."
            )
        if now >= datetime.fromisoformat(until):
            raise Rejected(
                "A private reply is possible only within 7 days of the comment; this one is older."
            )

    def check_window(self, mention: Mention, now: datetime) -> None:
        """Refuse, with the reason, a direct message whose reply window has closed."""
        reason = closed_reason(mention, now)
        if reason:
            raise WindowClosed(reason)

    async def send(self, reply: OutgoingReply, idempotency_key: str) -> SentReply:
        """Post ``reply`` where its mention is answered (``visibility`` DIRECT on a comment
        sends the one private reply Meta allows instead of a public one)."""
        mention, now = reply.mention, self._clock()
        channel = channel_of(mention)
        if channel.is_dm:
            self.check_window(mention, now)
            _check_message(reply.text, channel is Channel.INSTAGRAM_DM)
            # Only where [facebook] human_agent allows; otherwise Meta refuses (code 10).
            tagged = self._human_agent and needs_human_agent_tag(mention, now)
            body: dict[str, object] = {
                "recipient": {"id": mention.meta.get(RECIPIENT) or mention.author.remote_id},
                "messaging_type": "MESSAGE_TAG" if tagged else "RESPONSE",
                "message": {"text": reply.text},
            }
            if tagged:
                body["tag"] = "HUMAN_AGENT"
            return await self._message(body, mention, reply.text, now)
        if channel is Channel.IG_TAG:
            return await self._answer_tag(mention, reply.text, now)
        if reply.visibility is Visibility.DIRECT:
            self._private_reply_possible(mention, now)
            _check_message(reply.text, channel is Channel.IG_COMMENT)
            body = {"recipient": {"comment_id": mention.remote_id}, "message": {"text": reply.text}}
            return await self._message(body, mention, reply.text, now)
        refuse_hashtag_reply(mention)
        _check_length(
            reply.text, limits_for(mention.platform).max_graphemes or 0, mention.platform.value
        )
        target = mention.meta.get(REPLY_TO) or mention.remote_id
        if channel is Channel.IG_COMMENT:
            answer = await self._http.post(f"/{target}/replies", form={"message": reply.text})
        else:
            form = {"message": reply.text, "fields": "id,message,created_time,permalink_url"}
            answer = await self._http.post(f"/{target}/comments", form=form)
        created = read_obj(answer.body, "The posted reply")
        when = read_time(created, "created_time") if "created_time" in created else now
        return SentReply(
            read_str(created, "id"), target, reply.text, when, opt_str(created, "permalink_url")
        )

    async def _answer_tag(self, mention: Mention, text: str, now: datetime) -> SentReply:
        """A comment on a post that tags the account, through ``POST /{ig-user-id}/mentions``
        (Meta's way to answer where the account was named; a post whose caption does not
        @mention it may be refused, and Meta's reason is shown)."""
        _check_length(text, limits_for(Platform.INSTAGRAM).max_graphemes or 0, "instagram")
        brand = await self.brand()
        form = {"media_id": mention.remote_id, "message": text}
        answer = await self._http.post(f"/{brand.ig_id}/mentions", form=form)
        created = read_str(read_obj(answer.body, "The posted comment"), "id")
        return SentReply(created, mention.remote_id, text, now)

    async def _message(
        self, body: dict[str, object], mention: Mention, text: str, now: datetime
    ) -> SentReply:
        brand = await self.brand()
        answer = await self._http.post(f"/{brand.page_id}/messages", json=body)
        # message_id (the "mid") identifies the message when Meta echoes it back later.
        sent = read_str(read_obj(answer.body, "The Send API answer"), "message_id")
        return SentReply(sent, mention.remote_id, text, now)

    async def reconcile(self, reply: OutgoingReply, idempotency_key: str) -> SentReply | None:
        """The Page's reply matching ``reply`` posted since the mention, if exactly one exists.

        Several identical replies cannot be told apart: that fails closed (``Rejected``) rather
        than risk a second post. A private reply cannot be listed (it opens a conversation
        whose id is unknown here); Meta itself refuses a second one.
        """
        mention = reply.mention
        channel = channel_of(mention)
        if channel is Channel.IG_TAG:
            # Comments under someone else's post are not listed to the account: fail closed.
            raise Rejected(
                "ReplyDesk cannot list the comments under a post that tags the account, so it "
                "cannot tell whether this reply landed; check the post on Instagram first."
            )
        if reply.visibility is Visibility.DIRECT and not channel.is_dm:
            return None
        brand = await self.brand()
        wanted = normalize_for_match(reply.text)
        if channel.is_dm:
            conversation = mention.meta.get(CONVERSATION) or mention.thread_root_id or ""
            items = await self.messages(conversation, limit=50)
            posts: list[ThreadPost] = [
                p for p in (self._post(i, brand, instagram=False, focus="") for i in items) if p
            ]
            target = mention.remote_id
        else:
            target = mention.meta.get(REPLY_TO) or mention.remote_id
            posts = await self.replies_under(target, brand, instagram=channel is Channel.IG_COMMENT)
        matches = [
            p
            for p in posts
            if p.is_brand
            and p.created_at >= mention.created_at
            and normalize_for_match(p.text) == wanted
        ]
        if len(matches) > 1:
            raise Rejected(
                f"{len(matches)} identical replies from the Page are already there, so ReplyDesk "
                "cannot tell whether this one was posted; check on Facebook before sending again."
            )
        if not matches:
            return None
        found = matches[0]
        return SentReply(found.remote_id, target, found.text, found.created_at)
