"""Threads out: a reply in two steps (a TEXT container, then ``threads_publish``), posted once.

Threads has no idempotency key, and a publish can fail with code 10 and still have posted. So
the container is made in ``prepare``, and the outbox stores its id on the reply's row before
``send`` publishes it: a retry (after a timeout, a crash, an ambiguous error) publishes that same
container, which posts at most once, and never makes a second one while the first may still
publish. ``reconcile`` asks the container first, then the brand's own replies.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

from adapters.errors import NetworkError, RateLimited, Rejected
from adapters.payload import JsonObject, read_list, read_opt_str, read_str, read_time
from adapters.publish_quota import ReplyQuota
from adapters.records import OutgoingReply, SentReply
from adapters.threads.http import NOT_READY, PERMISSION_OR_AMBIGUOUS, ThreadsRefused
from adapters.threads.pull import ThreadsPull
from adapters.threads.text import normalize_for_match

log = logging.getLogger(__name__)
# The quota is a moving 24 h window: an hour's wait frees some of it.
QUOTA_WAIT = 3600.0
# A TEXT container is usually ready at once; Meta asks to poll, not to hammer.
READY_POLLS = 5
READY_PAUSE = 2.0
OWN_REPLIES = 50
SETTLED = ("FINISHED", "PUBLISHED")
DEAD = ("ERROR", "EXPIRED")


class ThreadsSend(ThreadsPull):
    """The writing half of ``ThreadsAdapter``."""

    _pause: float = READY_PAUSE

    async def prepare(self, reply: OutgoingReply) -> str:
        """Make the reply's TEXT container; its id (published later by ``send``)."""
        await self._ready()
        await self._check_reply_quota()
        made = await self._http.post(
            "me/threads",
            {"media_type": "TEXT", "text": reply.text, "reply_to_id": reply.mention.remote_id},
        )
        return read_str(made, "id")

    async def send(self, reply: OutgoingReply, idempotency_key: str) -> SentReply:
        """Publish the reply's container (made now if the outbox did not prepare one)."""
        container = reply.network_ref or await self.prepare(reply)
        status = await self._until_ready(container)
        if status == "PUBLISHED":
            raise NetworkError("Threads published this reply already; it is looked up next.")
        try:
            published = await self._http.post("me/threads_publish", {"creation_id": container})
        except ThreadsRefused as error:
            if (error.error.code, error.error.subcode) == NOT_READY:
                raise NetworkError(
                    "Threads is still preparing the reply; it is tried again shortly."
                ) from error
            if error.error.code == PERMISSION_OR_AMBIGUOUS and error.status >= 500:
                raise NetworkError(
                    "Threads answered the publish with an error that may hide a posted reply; "
                    "it is checked before anything is sent again."
                ) from error
            raise
        return SentReply(
            read_str(published, "id"), reply.mention.remote_id, reply.text, self._now()
        )

    async def reconcile(self, reply: OutgoingReply, idempotency_key: str) -> SentReply | None:
        """The reply if it was published: none while its container is unpublished (``send``
        then publishes it), else the brand's one reply to the same post with the same text.

        Several such replies and no way to tell which is ours: stop and let the person look.
        """
        await self._ready()
        if reply.network_ref:
            status = await self._status(reply.network_ref)
            if status != "PUBLISHED":
                return None  # FINISHED or still in progress: publishing it cannot duplicate
        matches = await self._own_replies(reply)
        if len(matches) > 1:
            raise Rejected(
                f"Threads shows {len(matches)} replies from the brand with this text under the "
                "post; check them on Threads before sending it again."
            )
        if not matches and reply.network_ref:
            # Published, but Threads has not listed it yet (indexing lags): look again later.
            raise NetworkError("Threads has published the reply but does not list it yet.")
        return matches[0] if matches else None

    async def _own_replies(self, reply: OutgoingReply) -> list[SentReply]:
        body = await self._http.get(
            "me/replies",
            (("fields", "id,text,timestamp,permalink,replied_to"), ("limit", str(OWN_REPLIES))),
        )
        wanted = normalize_for_match(reply.text)
        return [
            _sent(item)
            for item in read_list(body, "data")
            if isinstance(item, dict)
            and _parent(item) == reply.mention.remote_id
            and normalize_for_match(read_opt_str(item, "text")) == wanted
        ]

    async def reply_quota(self) -> ReplyQuota | None:
        """Threads' replies-per-day quota as it stands (``None`` when Threads does not say)."""
        await self._ready()
        body = await self._http.get(
            "me/threads_publishing_limit", (("fields", "reply_quota_usage,reply_config"),)
        )
        (usage,) = read_list(body, "data")[:1] or [{}]
        used = usage.get("reply_quota_usage") if isinstance(usage, dict) else None
        config = usage.get("reply_config") if isinstance(usage, dict) else None
        total = config.get("quota_total") if isinstance(config, dict) else None
        if not isinstance(used, int) or not isinstance(total, int) or total <= 0:
            return None
        return ReplyQuota(used, total, self._now(), timedelta(seconds=QUOTA_WAIT))

    async def _check_reply_quota(self) -> None:
        """``RateLimited`` when Threads' replies-per-day quota is used up (1 000 a day)."""
        quota = await self.reply_quota()
        if quota is None:
            return  # not said: Threads refuses a reply over the quota itself
        if quota.left == 0:
            raise RateLimited(
                f"Threads' limit of {quota.total} replies a day is used up; the reply waits.",
                QUOTA_WAIT,
            )
        if quota.used >= quota.total * 0.9:
            log.warning("threads: %d of %d replies for today used", quota.used, quota.total)

    async def _status(self, container: str) -> str:
        body = await self._http.get(container, (("fields", "status,error_message"),))
        status = read_opt_str(body, "status")
        if status in DEAD:
            said = read_opt_str(body, "error_message")
            raise Rejected(
                f"Threads could not post the reply (its draft is {status.lower()}"
                + (f": {said}" if said else "")
                + "). Send it again to make a new one."
            )
        return status

    async def _until_ready(self, container: str) -> str:
        """The container's status once it is FINISHED or PUBLISHED (raises otherwise)."""
        for attempt in range(READY_POLLS):
            status = await self._status(container)
            if status in SETTLED:
                return status
            if attempt + 1 < READY_POLLS:
                await asyncio.sleep(self._pause)
        raise NetworkError("Threads is still preparing the reply; it is tried again shortly.")


def _parent(item: JsonObject) -> str | None:
    parent = item.get("replied_to")
    ident = parent.get("id") if isinstance(parent, dict) else None
    return ident if isinstance(ident, str) else None


def _sent(item: JsonObject) -> SentReply:
    return SentReply(
        read_str(item, "id"),
        _parent(item) or "",
        read_opt_str(item, "text"),
        read_time(item, "timestamp"),
        read_opt_str(item, "permalink"),
    )
