"""The watch terms' preview: what the last 7 days would have brought in, before a save.

Each term is searched on its account's network as the sync would search it the first time
(back through the first-sync window), but nothing is stored and no cursor is saved: the
preview only counts, per term and day. A post two terms find counts once, for the first term,
as the sync would store it once. The walk is bounded (``PREVIEW_PAGES`` per term), so a term
that matches thousands of posts says "at least"; a refused term, a network that cannot search
and a rate limit are said as notices. It runs in the screen's worker and stops at any ``await``
when the person cancels it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from adapters.base import Adapter, MeteredSearch, can_search
from adapters.errors import RateLimited
from adapters.watch import WatchList
from sync.listen import refusal_text

DAYS = 7
# Pages read per term: enough to count a normal week, never a flood of requests.
PREVIEW_PAGES = 10


@dataclass(frozen=True, slots=True)
class TermPreview:
    """What one term would have brought in on each of the last ``DAYS`` days (oldest first);
    ``partial``: the page budget or a rate limit stopped the count (it is a lower bound)."""

    account_id: str
    term: str
    per_day: tuple[int, ...]
    partial: bool = False


@dataclass(frozen=True, slots=True)
class AccountPreview:
    """One account's preview: each searchable term's counts, and what could not be counted."""

    terms: tuple[TermPreview, ...] = ()
    notices: tuple[str, ...] = ()


def preview_days(now: datetime) -> list[str]:
    """The last ``DAYS`` days (``YYYY-MM-DD`` in ``now``'s zone), oldest first."""
    return [(now - timedelta(days=n)).date().isoformat() for n in range(DAYS - 1, -1, -1)]


async def preview_account(adapter: Adapter, watch: WatchList, now: datetime) -> AccountPreview:
    """Count what each of ``watch``'s terms would have brought in for ``adapter``'s account."""
    account = adapter.account
    searcher = can_search(adapter)
    if searcher is None:
        note = f"{account.network} cannot search: {account.at_handle} has nothing to preview."
        return AccountPreview(notices=(note,))
    if isinstance(searcher, MeteredSearch):
        note = (
            f"{account.network} bills every post its search reads ({searcher.reads_cost(1)}): "
            f"the preview does not search {account.at_handle}; the sync reads at most "
            "[watch] x_reads_per_month posts a month."
        )
        return AccountPreview(notices=(note,))
    days = preview_days(now)
    start = datetime.fromisoformat(days[0]).replace(tzinfo=now.tzinfo)
    seen: set[str] = set()
    found: list[TermPreview] = []
    notices: list[str] = []
    for term in watch.terms:
        reason = searcher.refusal(term)
        if reason:
            notices.append(refusal_text(adapter, term, reason))
            continue
        counts = dict.fromkeys(days, 0)
        cursor: str | None = None
        partial = True
        try:
            for _ in range(PREVIEW_PAGES):
                batch = await searcher.search(term, watch, cursor)
                for mention in batch.mentions:
                    created = mention.created_at.astimezone(now.tzinfo)
                    if created < start or mention.remote_id in seen:
                        continue
                    seen.add(mention.remote_id)
                    day = created.date().isoformat()
                    if day in counts:
                        counts[day] += 1
                if batch.notice:
                    notices.append(batch.notice)
                if not batch.more:
                    partial = False
                    break
                cursor = batch.cursor
        except RateLimited as error:
            notices.append(f"{error.msg} The preview of {term.text} is incomplete.")
        found.append(TermPreview(account.id, term.text, tuple(counts.values()), partial))
    return AccountPreview(tuple(found), tuple(notices))
