"""X out: a reply or a DM answer posted once, and the reconcile that finds it after a lost answer.

X has no idempotency key. The outbox row is stored before the first attempt (sync), and after
any unknown outcome (timeout, crash, 5xx) sync calls ``reconcile`` before sending again: it lists
the brand's own posts since just before the mention (DMs: the conversation's events) and accepts
only a *unique* match on parent and text. Zero matches: safe to send. Several: stop and ask.
Before any request, a reply X would refuse (to someone who did not summon the brand, or over
280 weighted characters) is refused here: X charges for the attempt.
"""

from __future__ import annotations

from datetime import datetime

from adapters.errors import BadPayload, Rejected
from adapters.records import Mention, MentionKind, OutgoingReply, SentReply
from adapters.x.fields import post_url
from adapters.x.parse import read_id, read_obj, read_text, snowflake_time
from adapters.x.text import MAX_WEIGHTED, normalize_for_match, summoned, weighted_length
from adapters.x.thread import SKEW, XThread


class XSend(XThread):
    """The writing half of ``XAdapter``."""

    def _check(self, reply: OutgoingReply) -> None:
        if not summoned(reply.mention):
            raise Rejected(
                f"X accepts replies only to people who mentioned or quoted "
                f"{self.account.at_handle}; this post did not, so the reply was not sent.",
                "X would refuse this reply",
            )
        used = weighted_length(reply.text)
        if used > MAX_WEIGHTED:
            raise Rejected(f"Too long for X: {used}/{MAX_WEIGHTED} characters.")

    async def send(self, reply: OutgoingReply, idempotency_key: str) -> SentReply:
        """Post ``reply`` under its mention (a DM answer for a direct message).

        X prepends no @handles: the text goes out exactly as written. ``idempotency_key`` is
        unused (X has none); ``reconcile`` covers an unknown outcome.
        """
        self._check(reply)
        mention = reply.mention
        if mention.kind is MentionKind.DIRECT:
            return await self._send_dm(reply)
        answer = await self._http.post_json(
            "/2/tweets", {"text": reply.text, "reply": {"in_reply_to_tweet_id": mention.remote_id}}
        )
        data = read_obj(read_obj(answer.body, "The posted reply").get("data"), "'data'")
        remote_id = read_id(data, "id")
        if not remote_id:
            raise BadPayload("X posted the reply but sent no id for it.")
        return SentReply(
            remote_id=remote_id,
            in_reply_to_id=mention.remote_id,
            text=read_text(data, "text") or reply.text,
            created_at=snowflake_time(remote_id) or self._clock(),
            url=post_url(self.brand, remote_id),
        )

    async def _send_dm(self, reply: OutgoingReply) -> SentReply:
        mention = reply.mention
        participant = mention.meta.get("sender_id") or mention.author.remote_id
        answer = await self._http.post_json(
            f"/2/dm_conversations/with/{participant}/messages", {"text": reply.text}
        )
        data = read_obj(read_obj(answer.body, "The sent message").get("data"), "'data'")
        # The id comes from the body: the location header quotes it.
        event_id = read_id(data, "dm_event_id")
        if not event_id:
            raise BadPayload("X sent the message but no id for it.")
        return SentReply(event_id, mention.remote_id, reply.text, self._sent_time(event_id))

    def _sent_time(self, remote_id: str) -> datetime:
        return snowflake_time(remote_id) or self._clock()

    async def reconcile(self, reply: OutgoingReply, idempotency_key: str) -> SentReply | None:
        """The brand's reply matching ``reply`` if an earlier attempt landed; ``None`` if none
        did (safe to send). Several identical matches: ``Rejected`` (a person must look)."""
        mention = reply.mention
        wanted = normalize_for_match(reply.text)
        if mention.kind is MentionKind.DIRECT:
            found = [
                SentReply(e.remote_id, mention.remote_id, e.text, e.created_at)
                for e in await self._conversation_events(mention)
                if e.sender_id == self.brand_id
                and e.created_at >= mention.created_at - SKEW
                and normalize_for_match(e.text) == wanted
            ]
        else:
            found = [
                SentReply(
                    p.remote_id,
                    mention.remote_id,
                    p.text,
                    p.created_at,
                    post_url(self.brand, p.remote_id),
                )
                for p in await self._own_posts(mention.created_at, cached=False)
                if p.replied_to == mention.remote_id and normalize_for_match(p.text) == wanted
            ]
        if len(found) > 1:
            raise Rejected(
                f"{len(found)} identical replies to this {_what(mention)} are on X already, so "
                "ReplyDesk cannot tell which one it sent; check them on X and delete extras.",
                "Check X by hand",
            )
        return found[0] if found else None


def _what(mention: Mention) -> str:
    return "message" if mention.kind is MentionKind.DIRECT else "post"
