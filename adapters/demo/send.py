"""Demo out: a reply recorded once per idempotency key, with failures to inject for tests.

``DemoFaults`` makes a send fail before or after the network records it, to test exactly-once
sending; ``send`` honours idempotency keys like Mastodon's ``Idempotency-Key`` header, while
``reconcile`` reads the thread like a server without it.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from adapters.demo.pull import DemoPull
from adapters.demo.text import too_long
from adapters.errors import Rejected
from adapters.records import (
    OutgoingReply,
    SentReply,
)


@dataclass
class DemoFaults:
    """Failures to inject into ``send``, for tests of exactly-once sending.

    ``before_post`` is raised before the network records the reply (nothing is posted);
    ``after_post`` after it is recorded (posted, but the caller cannot know).
    """

    before_post: BaseException | None = None
    after_post: BaseException | None = None


class DemoSend(DemoPull):
    """The writing half of ``DemoAdapter``."""

    faults: DemoFaults

    async def send(self, reply: OutgoingReply, idempotency_key: str) -> SentReply:
        """Post ``reply``; the same key returns the reply already posted and posts nothing."""
        await asyncio.sleep(self.latency / 2)
        if self.faults.before_post is not None:
            raise self.faults.before_post
        if reply.account_id != self.account.id:
            raise Rejected(f"This reply was written for {reply.account_id}, not {self.account.id}.")
        if not reply.text.strip():
            raise Rejected("The demo network refuses an empty reply.")
        why = too_long(self.platform, reply.text)
        if why is not None:
            raise Rejected(f"The reply is too long for {self.platform.value}: {why}.")
        parent = self._post(reply.mention.remote_id)
        sent = self.network.record_reply(self.account.id, parent, reply.text, idempotency_key)
        await asyncio.sleep(self.latency / 2)
        if self.faults.after_post is not None:
            raise self.faults.after_post
        return sent

    async def reconcile(self, reply: OutgoingReply, idempotency_key: str) -> SentReply | None:
        """The brand's reply to the same post with the same text, if there is one (the key is
        ignored, as on servers without idempotency support)."""
        await asyncio.sleep(self.latency)
        post = self._post(reply.mention.remote_id)
        for sent in self.network.replies_to(post.remote_id):
            if sent.text == reply.text:
                return sent
        return None
