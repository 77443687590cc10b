"""Listening: each account's watch terms searched on its network, found posts triaged and
stored as *indirect* mentions, the cursor of each term saved only after its rows commit.

A post already stored (it tagged the brand, or another term found it first) is not stored
again. Past a term's daily cap, new posts are only counted, for the queue's summary row, so a
term that suddenly matches thousands of posts never floods the queue. A network that cannot
search, a server without full-text search, a rate limit and a term the network's query syntax
refuses (named with the network) are said plainly (``notices``) and never stop the sync. A
muted term is not searched, and a muted author's posts are not stored.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import UTC, datetime

from adapters.base import Adapter, MeteredSearch, Searcher, can_search
from adapters.errors import RateLimited
from adapters.records import Mention, SearchBatch
from adapters.watch import WatchList, WatchTerm
from settings.watch import WatchConfig
from store import Store
from store.mentions import TriageFields
from sync.triaging import TriageSettings, triage_fields

log = logging.getLogger(__name__)

# One sync reads at most this many pages per term; the rest waits for the next sync.
MAX_SEARCH_PAGES_PER_SYNC = 5


@dataclass(frozen=True, slots=True)
class Heard:
    """What listening brought for one account."""

    new_ids: tuple[int, ...] = ()
    held_back: int = 0
    notices: tuple[str, ...] = ()


def refusal_text(adapter: Adapter, term: WatchTerm, reason: str) -> str:
    """The message for a term ``adapter``'s network refuses, naming both."""
    return (
        f"The watch term {term.text} cannot be searched on {adapter.account.network} "
        f"({adapter.account.at_handle}): {reason}."
    )


async def listen_account(
    adapter: Adapter, store: Store, settings: TriageSettings, config: WatchConfig
) -> Heard:
    """Search every watch term of the adapter's account and store what is new."""
    account = adapter.account
    watch = config.watch_for(account)
    if not watch:
        return Heard()
    searcher = can_search(adapter)
    if searcher is None:
        note = f"{account.network} cannot search: the watch terms of {account.at_handle} wait."
        return Heard(notices=(note,))
    new_ids: list[int] = []
    held = 0
    # A refused term is said and skipped; the account's other terms are still searched.
    refused = {t: r for t in (*watch.terms, *watch.exclusions) if (r := searcher.refusal(t))}
    notices = [refusal_text(adapter, term, reason) for term, reason in refused.items()]
    if isinstance(searcher, MeteredSearch):
        left = await _reads_left(store, account.id, config.x_reads_per_month)
        if left <= 0:
            note = (
                f"{account.network} bills every post its search reads: the watch terms of "
                f"{account.at_handle} wait ([watch] x_reads_per_month is "
                f"{config.x_reads_per_month}; {searcher.reads_cost(1)})."
            )
            return Heard(notices=(*notices, note))
        searcher.allow_reads(left)
    mutes = await asyncio.to_thread(store.mutes, account.id)
    job = _Job(searcher, store, settings, config.daily_cap, account.id, watch, mutes.authors)
    for term in (t for t in watch.terms if t not in refused and t.text not in mutes.terms):
        try:
            ids, term_held, notice = await job.listen(term)
        except RateLimited as error:
            notices.append(f"{error.msg} Listening resumes at the next sync.")
            break  # every later term would meet the same limit
        new_ids += ids
        held += term_held
        notices += [notice] if notice else []
    log.info("listened %s: %d new, %d held back", account.id, len(new_ids), held)
    return Heard(tuple(new_ids), held, tuple(notices))


def this_month(store: Store) -> str:
    """The calendar month (UTC, ``YYYY-MM``) a paid search's reads count against."""
    return store.clock().strftime("%Y-%m")


async def _reads_left(store: Store, account_id: str, cap: int) -> int:
    """What is left of the month's paid reads for the account."""
    used = await asyncio.to_thread(store.search_reads, account_id, this_month(store))
    return cap - used


@dataclass(frozen=True, slots=True)
class _Job:
    """One account's listening in one sync."""

    searcher: Searcher
    store: Store
    settings: TriageSettings
    cap: int
    account_id: str
    watch: WatchList
    muted_authors: frozenset[str]

    async def listen(self, term: WatchTerm) -> tuple[list[int], int, str]:
        """Search ``term`` from its cursor, page by page: new ids, held back, notice."""
        store, account_id = self.store, self.account_id
        cursor = await asyncio.to_thread(store.watch_cursor, account_id, term.text)
        new_ids: list[int] = []
        held = 0
        notice = ""
        for _ in range(MAX_SEARCH_PAGES_PER_SYNC):
            batch = await self.searcher.search(term, self.watch, cursor)
            ids, page_held = await asyncio.to_thread(self._commit, batch, term.text)
            # Only now, with the rows committed, may the term's cursor move past them.
            await asyncio.to_thread(store.save_watch_cursor, account_id, term.text, batch.cursor)
            new_ids += ids
            held += page_held
            notice = batch.notice or notice
            cursor = batch.cursor if batch.cursor is not None else cursor
            if not batch.more:
                break
        return new_ids, held, notice

    def _commit(self, batch: SearchBatch, term: str) -> tuple[list[int], int]:
        """Store the posts not stored yet, up to the term's daily cap; count the rest (and
        what mutes and exclusions kept out, for the queue's summary row)."""
        store, account_id = self.store, self.account_id
        if batch.reads:  # billed whatever comes of them: counted against the month's cap
            store.add_search_reads(account_id, this_month(store), batch.reads)
        known = store.known_ids(account_id, [m.remote_id for m in batch.mentions])
        new = [m for m in batch.mentions if m.remote_id not in known]
        fresh = [m for m in new if m.author.remote_id not in self.muted_authors]
        muted = len(new) - len(fresh)
        now = store.clock()
        day_start = datetime(now.year, now.month, now.day, tzinfo=UTC)
        room = max(0, self.cap - store.found_since(account_id, term, day_start))
        kept, over = fresh[:room], max(0, len(fresh) - room)
        if over or muted or batch.excluded:
            day = day_start.date().isoformat()
            store.hold_back(account_id, term, day, over, muted=muted, excluded=batch.excluded)
        others = store.others_waiting(kept)
        items: list[tuple[Mention, TriageFields]] = [
            (mention, triage_fields(mention, self.settings, other))
            for mention, other in zip(kept, others, strict=True)
        ]
        return store.upsert_mentions(items), over
