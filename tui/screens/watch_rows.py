"""The rows of the Watch terms screen: each account's terms, what each brought in on each of
the last 7 days (or, after a preview, what it would have), and what stops one."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime

from adapters.base import Adapter, MeteredSearch, can_search
from adapters.watch import TermError, parse_term
from settings.watch import WatchConfig
from store import Store
from sync.preview import AccountPreview, preview_days


@dataclass(frozen=True, slots=True)
class WatchRow:
    """One term of one account, as the screen lists it; ``key`` is the line of
    ``[watch.terms]`` it comes from (an account, a network or ``*``)."""

    account: str
    term: str
    per_day: tuple[int, ...]  # oldest first, today last
    status: str
    account_id: str = ""
    key: str = ""


def watch_rows(
    store: Store,
    watch: WatchConfig,
    adapters: Mapping[str, Adapter],
    now: datetime,
    saved: WatchConfig | None = None,
) -> list[WatchRow]:
    """Every term of ``watch`` for every account with its last 7 days and its state; a term
    not in ``saved`` (the config in force) is marked as not saved yet."""
    days = preview_days(now)
    start = datetime.fromisoformat(days[0]).replace(tzinfo=now.tzinfo)
    held = {(h.account_id, h.term): h.count for h in store.held_back(days[-1]) if h.count}
    rows: list[WatchRow] = []
    for account in store.accounts():
        counts = store.found_per_day(account.id, start)
        muted = store.mutes(account.id).terms
        adapter = adapters.get(account.id)
        searcher = can_search(adapter) if adapter is not None else None
        for key in watch.keys_for(account):
            for raw in watch.terms[key]:
                try:
                    term = parse_term(raw)
                except TermError:
                    continue  # the draft never holds one: it is checked when typed
                refused = searcher.refusal(term) if searcher is not None else None
                if saved is not None and raw not in saved.terms.get(key, ()):
                    status = "new: not saved yet"
                elif adapter is not None and searcher is None:
                    status = f"{account.network} cannot search"
                elif refused:
                    status = f"refused: {refused}"
                elif term.text in muted:
                    status = "muted"
                elif term.exclude:
                    status = "exclusion"
                elif (account.id, term.text) in held:
                    status = f"+{held[(account.id, term.text)]} more today (daily cap)"
                elif searcher is not None and isinstance(searcher, MeteredSearch):
                    status = _metered(searcher, store, account.id, watch, now)
                else:
                    status = "watching"
                per_day = tuple(counts.get((term.text, day), 0) for day in days)
                rows.append(
                    WatchRow(account.at_handle, term.text, per_day, status, account.id, key)
                )
    return rows


def with_preview(rows: Iterable[WatchRow], previews: Iterable[AccountPreview]) -> list[WatchRow]:
    """``rows`` showing what each term would have brought in (terms not searched: dashes)."""
    found = {(t.account_id, t.term): t for p in previews for t in p.terms}
    shown: list[WatchRow] = []
    for row in rows:
        term = found.get((row.account_id, row.term))
        if term is None:
            shown.append(replace(row, status=f"not searched: {row.status}"))
            continue
        total = sum(term.per_day)
        said = f"at least {total}" if term.partial else str(total)
        shown.append(replace(row, per_day=term.per_day, status=f"{said} in 7 days"))
    return shown


def _metered(
    searcher: MeteredSearch, store: Store, account_id: str, watch: WatchConfig, now: datetime
) -> str:
    """A paid search's state: off, or this month's reads of the cap and what they cost."""
    cap = watch.x_reads_per_month
    if not cap:
        return f"off: set [watch] x_reads_per_month ({searcher.reads_cost(1)})"
    used = store.search_reads(account_id, now.strftime("%Y-%m"))
    return f"watching: {used} of {cap} reads this month, {searcher.reads_cost(used)}"
