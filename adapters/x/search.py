"""X search: posts that name the brand without tagging it (``GET /2/tweets/search/recent``).

X bills every post a search returns, so searching is off until the config allows reads
(``[watch] x_reads_per_month``); the sync hands the month's remaining reads to ``allow_reads``
and counts what each page read (``SearchBatch.reads``), and a page never asks for more posts
than are left. Exclusions and the brand's own posts are left out by the query itself
(``-"fernbrook road" -from:brand``), so X does not bill them; retweets too (``-is:retweet``).
Recent search reaches back 7 days. A walk pages back from the newest post with
``pagination_token`` and, once finished, starts the next from ``since_id`` (the newest post it
saw); a walk cut short by the read allowance, the page budget or a rate limit keeps its token
and resumes there.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import asdict, dataclass, replace
from datetime import timedelta

from adapters.errors import BadPayload, RateLimited
from adapters.records import Mention, SearchBatch
from adapters.watch import TermKind, WatchList, WatchTerm
from adapters.x.fields import POST_EXPANSIONS, POST_FIELDS, USER_FIELDS
from adapters.x.parse import meta_token
from adapters.x.prices import DEFAULT_PRICES
from adapters.x.pull import XPull, x_time

log = logging.getLogger(__name__)

SEARCH_RECENT = "/2/tweets/search/recent"
MAX_RESULTS = 100  # recent search returns 10–100 posts a page
MIN_RESULTS = 10
RECENT_DAYS = 7  # recent search reaches the last 7 days
MAX_QUERY = 512  # characters in a query (self-serve access)
# Each post a search returns is billed "Posts: Read" at the default read price
# (adapters/x/prices.py gives it and its source). The cost shown is at that default: the
# config's [x] price_per_read does not reach the adapter yet.
READ_PRICE = DEFAULT_PRICES.read
_X_TAG = re.compile(r"^\w+$")


@dataclass(frozen=True, slots=True)
class _Walk:
    """Where a term's search stands (see the module): ``since`` the newest id of the last
    finished walk, ``next`` the token of the walk in progress, ``top`` its newest id."""

    since: str = ""
    next: str = ""
    top: str = ""

    def dump(self) -> str:
        return json.dumps({k: v for k, v in asdict(self).items() if v}, sort_keys=True)


class XSearch(XPull):
    """The searching part of ``XAdapter`` (implements ``adapters.base.Searcher`` and
    ``adapters.base.MeteredSearch``)."""

    _read_allowance = 0

    def allow_reads(self, reads: int) -> None:
        """How many posts the next searches may read (the month's reads left)."""
        self._read_allowance = max(0, reads)

    def reads_cost(self, reads: int) -> str:
        """What ``reads`` posts read cost, e.g. ``"$2.50 ($0.005 a post read)"``."""
        return f"${READ_PRICE * reads:.2f} (${READ_PRICE} a post read)"

    def refusal(self, term: WatchTerm) -> str | None:
        """X's hashtags are letters, digits and _; a query is at most 512 characters."""
        if term.kind is TermKind.HASHTAG and not _X_TAG.match(term.value):
            return "X hashtags are letters, digits and _ only"
        if len(self._query(term, WatchList())) > MAX_QUERY:
            return f"an X search query is at most {MAX_QUERY} characters"
        return None

    def _query(self, term: WatchTerm, watch: WatchList) -> str:
        # X's own operators keep out (unbilled) what an exclusion names and the brand's posts.
        left_out = " ".join(t.query for t in watch.exclusions)
        brand = self.account.handle.lstrip("@")
        return " ".join(p for p in (term.query, left_out, f"-from:{brand} -is:retweet") if p)

    async def search(self, term: WatchTerm, watch: WatchList, cursor: str | None) -> SearchBatch:
        """Posts containing ``term`` since the last search, within the read allowance."""
        walk = _load(cursor)
        found: dict[str, Mention] = {}
        reads = 0
        for page in range(self._max_pages):
            room = min(MAX_RESULTS, self._read_allowance)
            if room < MIN_RESULTS:
                note = (
                    f"X search of {term.text} paused: this month's reads "
                    "([watch] x_reads_per_month) are used up."
                )
                return self._batch(found, walk, reads, more=False, notice=note)
            params = [("query", self._query(term, watch)), ("max_results", str(room))]
            params += [POST_FIELDS, USER_FIELDS, POST_EXPANSIONS]
            if walk.since:
                params.append(("since_id", walk.since))
            else:
                start = self._clock() - min(self._window, timedelta(days=RECENT_DAYS))
                params.append(("start_time", x_time(start + timedelta(minutes=1))))
            if walk.next:
                params.append(("pagination_token", walk.next))
            try:
                answer = await self._http.get(SEARCH_RECENT, params)
            except RateLimited:
                if page == 0:
                    raise
                return self._batch(found, walk, reads)  # the token is kept: resume after it
            if not isinstance(answer.body, dict):
                raise BadPayload("X sent a search page that is not an object.")
            mentions, _ = self._read_posts(answer.body)
            page_reads = len(answer.body.get("data") or [])
            reads += page_reads
            self._read_allowance -= page_reads
            for mention in mentions:
                if not watch.excluded(mention.text):
                    found[mention.remote_id] = _indirect(mention, term)
            top = walk.top or meta_token(answer.body, "newest_id")
            following = meta_token(answer.body, "next_token")
            if not following:  # the walk reached since_id (or 7 days back): it is finished
                return self._batch(found, _Walk(since=top or walk.since), reads)
            walk = replace(walk, next=following, top=top)
        return self._batch(found, walk, reads, more=True)

    @staticmethod
    def _batch(
        found: dict[str, Mention], walk: _Walk, reads: int, *, more: bool = False, notice: str = ""
    ) -> SearchBatch:
        mentions = sorted(found.values(), key=lambda mention: mention.created_at)
        return SearchBatch(tuple(mentions), walk.dump(), more, notice=notice, reads=reads)


def _indirect(mention: Mention, term: WatchTerm) -> Mention:
    """A found post: it did not summon the brand, so X refuses a reply to it (the composer
    says so before sending). One that does tag the brand also arrives as a mention, which the
    store keeps instead."""
    return replace(mention, found_by=term.text, meta={**mention.meta, "summoned": "0"})


def _load(cursor: str | None) -> _Walk:
    """A saved walk (``None`` or unreadable: the first search, 7 days back)."""
    if not cursor:
        return _Walk()
    try:
        raw = json.loads(cursor)
        return _Walk(**{k: str(v) for k, v in raw.items() if k in _Walk.__annotations__})
    except (ValueError, TypeError, AttributeError):
        log.warning("X search cursor %r unreadable: searching 7 days back again", cursor)
        return _Walk()
