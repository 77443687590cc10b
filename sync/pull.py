"""Pull: adapter → triage → store, with the cursor saved only after the rows commit."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from adapters.base import Adapter
from adapters.errors import Gone
from adapters.records import Mention, PullBatch, ThreadPost
from settings.watch import WatchConfig
from store import Store, StoredMention
from store.mentions import TriageFields
from sync.listen import Heard, listen_account
from sync.triaging import TriageSettings, triage_fields

log = logging.getLogger(__name__)

# One sync call never pages forever: a huge backlog continues on the next sync.
MAX_PAGES_PER_SYNC = 20
# Threads re-read per account and automatic sync (rate limits stay far away).
THREADS_PER_SYNC = 10
# How long a waiting mention's thread may go unread before a sync reads it again, by how old
# the mention is: a fresh one is where a reply from a phone or a teammate is likely and a stale
# row wastes the most attention; a week-old one rarely changes. (younger than, re-read every):
RECHECK_SCHEDULE: tuple[tuple[timedelta, timedelta], ...] = (
    (timedelta(hours=1), timedelta(minutes=1)),
    (timedelta(hours=6), timedelta(minutes=3)),
    (timedelta(days=1), timedelta(minutes=10)),
    (timedelta(days=3), timedelta(minutes=30)),
)
RECHECK_OLDER = timedelta(hours=2)  # mentions three days old or more
# A manual sync re-reads the rows in view now, whatever the schedule: about a screenful.
MANUAL_RECHECK_MAX = 30


def recheck_every(age: timedelta) -> timedelta:
    """How often the thread of a mention this old is re-read (see ``RECHECK_SCHEDULE``)."""
    return next((every for younger, every in RECHECK_SCHEDULE if age < younger), RECHECK_OLDER)


@dataclass(frozen=True, slots=True)
class PullResult:
    """What one pull of one account brought."""

    account_id: str
    new_ids: tuple[int, ...]
    seen: int
    skipped: int
    heard: Heard = field(default_factory=Heard)  # what its watch terms brought (indirect)


async def pull_account(
    adapter: Adapter, store: Store, settings: TriageSettings, watch: WatchConfig | None = None
) -> PullResult:
    """Fetch every page that is ready now and commit it, page by page; then, with ``watch``,
    search the account's watch terms (``sync.listen``)."""
    account_id = adapter.account.id
    cursor = await asyncio.to_thread(store.cursor, account_id)
    new_ids: list[int] = []
    seen = skipped = 0
    for _ in range(MAX_PAGES_PER_SYNC):
        batch = await adapter.pull(cursor)
        ids = await asyncio.to_thread(_commit, store, batch, settings)
        # Only now, with the rows committed, may the cursor move past them.
        await asyncio.to_thread(store.save_cursor, account_id, batch.cursor)
        new_ids.extend(ids)
        seen += len(batch.mentions)
        skipped += len(batch.skipped)
        for item in batch.skipped:
            log.warning("skipped %s from %s: %s", item.remote_id, account_id, item.reason)
        cursor = batch.cursor if batch.cursor is not None else cursor
        if not batch.more:
            break
    log.info("pulled %s: %d new, %d seen, %d skipped", account_id, len(new_ids), seen, skipped)
    heard = Heard() if watch is None else await listen_account(adapter, store, settings, watch)
    arrived = (*new_ids, *heard.new_ids)
    if settings.routes and arrived:  # routing rules: who gets them, which label they carry
        await asyncio.to_thread(store.route_mentions, arrived, settings.routes)
    return PullResult(account_id, arrived, seen, skipped, heard)


def _commit(store: Store, batch: PullBatch, settings: TriageSettings) -> list[int]:
    # One grouped query for the whole batch's repeat-contact counts, not one per mention.
    others = store.others_waiting(batch.mentions)
    items: list[tuple[Mention, TriageFields]] = [
        (mention, triage_fields(mention, settings, other))
        for mention, other in zip(batch.mentions, others, strict=True)
    ]
    return store.upsert_mentions(items)


async def refresh_thread(adapter: Adapter, store: Store, item: StoredMention) -> list[ThreadPost]:
    """Fetch a mention's thread, cache it, and notice a brand reply made elsewhere."""
    posts = list(await adapter.thread(item.mention))
    await asyncio.to_thread(store.save_thread, item.id, posts)
    brand_replies = [p for p in posts if p.is_brand and p.created_at >= item.mention.created_at]
    if item.answered_at is None and brand_replies:
        first = brand_replies[0]
        by = "@" + first.author.handle.lstrip("@")  # "already answered by @brand"
        await asyncio.to_thread(store.mark_answered, item.id, first.created_at, by)
    return posts


async def check_answered(
    adapter: Adapter,
    store: Store,
    now: datetime,
    limit: int = THREADS_PER_SYNC,
    *,
    now_ids: Sequence[int] = (),
) -> int:
    """Re-read the threads of the most urgent waiting mentions that are due a re-read.

    A reply the brand made elsewhere (the web, a phone, a teammate) marks its mention answered;
    a deleted post leaves the queue. ``now_ids`` (a manual sync: the rows the person sees) are
    read first whatever their schedule; the rest is bounded per sync so rate limits are never
    at risk. Returns how many mentions turned out answered.
    """
    account_id = adapter.account.id
    items = await asyncio.to_thread(_due, store, account_id, now, limit, now_ids)
    answered = 0
    for item in items:
        try:
            await refresh_thread(adapter, store, item)
        except Gone as error:
            await asyncio.to_thread(store.mark_gone, item.id, error.msg)
            continue
        fresh = await asyncio.to_thread(store.get_mention, item.id)
        answered += fresh is not None and fresh.answered_at is not None
    return answered


def _due(
    store: Store, account_id: str, now: datetime, limit: int, now_ids: Sequence[int]
) -> list[StoredMention]:
    """The rows asked for now (this account's, still waiting), then what the schedule says."""
    asked = (store.get_mention(i) for i in now_ids[:MANUAL_RECHECK_MAX])
    items = [
        i for i in asked if i and i.is_waiting and not i.gone and i.mention.account_id == account_id
    ]
    seen = {i.id for i in items}
    scheduled = store.threads_to_check(account_id, now, RECHECK_SCHEDULE, RECHECK_OLDER, limit)
    return items + [i for i in scheduled if i.id not in seen]
