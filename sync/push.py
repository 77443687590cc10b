"""Push: outbox → adapter, exactly once.

Every attempt after the first asks the network first (``reconcile``) whether an earlier attempt
already landed, because its outcome was unknown: a timeout, a crash, a quit mid-send. Only
when the brand's reply is not there is the reply sent again, with the same idempotency key.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from dataclasses import dataclass, replace

from adapters.base import Adapter, Preparing
from adapters.clock import Clock
from adapters.errors import (
    AuthError,
    BadPayload,
    ConfigError,
    Gone,
    NetworkError,
    RateLimited,
    Rejected,
    ReplyDeskError,
)
from adapters.records import OutgoingReply, SentReply, Visibility
from store import OutboxItem, OutboxStatus, Store
from sync.backoff import retry_at

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 10
# Faults that may heal by waiting; the outcome of the attempt is unknown, so reconcile first.
TRANSIENT = (NetworkError, RateLimited, BadPayload)


@dataclass(frozen=True, slots=True)
class PushOutcome:
    """What happened to one outbox row in this push."""

    item: OutboxItem
    status: OutboxStatus
    sent: SentReply | None = None
    error: ReplyDeskError | None = None


class Pusher:
    """Sends the outbox through the accounts' adapters."""

    def __init__(self, adapters: Mapping[str, Adapter], store: Store, clock: Clock) -> None:
        self.adapters = adapters
        self.store = store
        self.clock = clock

    async def recover(self) -> int:
        """Put rows a crash or quit left ``sending`` back in line; they reconcile first."""
        stuck = await asyncio.to_thread(self.store.in_flight)
        for item in stuck:
            await asyncio.to_thread(
                self.store.requeue, item, "interrupted; checking the network before retrying", None
            )
        if stuck:
            log.info("%d reply(ies) interrupted mid-send: reconciling before any retry", len(stuck))
        return len(stuck)

    async def push_ready(self) -> list[PushOutcome]:
        """Send every row that is due now; returns one outcome per row tried."""
        outcomes: list[PushOutcome] = []
        while (item := await asyncio.to_thread(self.store.claim_next, self.clock())) is not None:
            outcomes.append(await self._attempt(item))
        return outcomes

    async def _attempt(self, item: OutboxItem) -> PushOutcome:
        adapter = self.adapters.get(item.account_id)
        stored = await asyncio.to_thread(self.store.get_mention, item.mention_id)
        if adapter is None or stored is None:
            error = ConfigError(f"The account {item.account_id} is not connected any more.")
            return await self._fail(item, error)
        mention = stored.mention
        reply = OutgoingReply(
            item.account_id,
            mention,
            item.text,
            # A private reply goes to the author alone, whatever the mention's own visibility.
            visibility=Visibility.DIRECT if item.private else mention.visibility,
            content_warning=mention.content_warning,
            network_ref=item.network_ref,
        )
        log.info("sending reply #%d on %s (attempt %d)", item.id, item.account_id, item.attempts)
        try:
            sent = None
            if item.attempts > 1:
                sent = await adapter.reconcile(reply, item.idempotency_key)
                if sent is not None:
                    log.info("reply #%d had already landed: not sent again", item.id)
            if sent is None:
                reply = await self._prepared(adapter, item, reply)
                sent = await adapter.send(reply, item.idempotency_key)
        except TRANSIENT as error:
            if item.attempts >= MAX_ATTEMPTS:
                return await self._fail(item, error)
            when = retry_at(error, item.attempts, self.clock())
            log.warning("reply #%d: %s; retry at %s", item.id, error.msg, f"{when:%H:%M:%S}")
            await asyncio.to_thread(self.store.requeue, item, error.msg, when)
            return PushOutcome(item, OutboxStatus.QUEUED, error=error)
        except Gone as error:
            await asyncio.to_thread(self.store.mark_gone, item.mention_id, error.msg)
            return await self._fail(item, error)
        except (AuthError, Rejected, ConfigError) as error:
            return await self._fail(item, error)
        await asyncio.to_thread(self.store.mark_sent, item, sent, adapter.account)
        log.info("reply #%d sent", item.id)
        return PushOutcome(item, OutboxStatus.SENT, sent=sent)

    async def _prepared(
        self, adapter: Adapter, item: OutboxItem, reply: OutgoingReply
    ) -> OutgoingReply:
        """``reply`` with the network's draft of it, made and stored first where the network
        posts in two steps (the row keeps it: a retry publishes it, never makes another)."""
        if reply.network_ref or not isinstance(adapter, Preparing):
            return reply
        ref = await adapter.prepare(reply)
        await asyncio.to_thread(self.store.set_network_ref, item.id, ref)
        log.info("reply #%d prepared on the network as %s", item.id, ref)
        return replace(reply, network_ref=ref)

    async def _fail(self, item: OutboxItem, error: ReplyDeskError) -> PushOutcome:
        log.error("reply #%d failed for good: %s: %s", item.id, error.title, error.msg)
        await asyncio.to_thread(self.store.mark_failed, item, error.msg)
        return PushOutcome(item, OutboxStatus.FAILED, error=error)
