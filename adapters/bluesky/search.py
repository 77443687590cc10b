"""Bluesky search: posts that name the brand without tagging it (``app.bsky.feed.searchPosts``).

Each watch term is searched newest first (``sort=latest``) back to ``since``: the newest post
time the previous search saw, or the first-sync window. A walk that stops early (the page
budget, a rate limit after some pages) saves the page cursor with it and resumes there next
time; only a walk that reached its end moves ``since`` forward.
"""

from __future__ import annotations

import json
import logging
import unicodedata
from dataclasses import dataclass, replace
from datetime import datetime

from adapters.bluesky.pull import BlueskyPull
from adapters.bluesky.records import parse_datetime, post_to_mention
from adapters.errors import BadPayload, RateLimited
from adapters.records import Mention, SearchBatch, Skipped
from adapters.watch import TermKind, WatchList, WatchTerm

log = logging.getLogger(__name__)

SEARCH_PAGE = 100  # the lexicon's maximum
_MAX_SEEN = 100
MAX_TAG_GRAPHEMES = 64  # app.bsky.richtext.facet#tag: maxGraphemes 64


@dataclass(frozen=True, slots=True)
class _Walk:
    """Where a term's search stands: posts at or after ``since`` are wanted, but for those in
    ``seen`` (found at exactly ``since`` last time: ``since`` is inclusive); ``page`` is the
    next page of an unfinished walk, ``newest`` the newest post time it has seen."""

    since: datetime
    page: str | None = None
    newest: datetime | None = None
    seen: tuple[str, ...] = ()

    def dump(self) -> str:
        newest = self.newest.isoformat() if self.newest else None
        state = {"since": self.since.isoformat(), "page": self.page, "newest": newest}
        return json.dumps({**state, "seen": list(self.seen[:_MAX_SEEN])})


class BlueskySearch(BlueskyPull):
    """The searching part of ``BlueskyAdapter`` (implements ``adapters.base.Searcher``)."""

    def refusal(self, term: WatchTerm) -> str | None:
        """Bluesky's hashtags are at most 64 characters and end in a letter or digit."""
        if term.kind is not TermKind.HASHTAG:
            return None
        if len(term.value) > MAX_TAG_GRAPHEMES:
            return f"Bluesky hashtags are at most {MAX_TAG_GRAPHEMES} characters"
        if unicodedata.category(term.value[-1]).startswith("P"):
            return "a Bluesky hashtag cannot end in punctuation"
        return None

    async def search(self, term: WatchTerm, watch: WatchList, cursor: str | None) -> SearchBatch:
        """Posts containing ``term`` since the last search (see the module)."""
        walk = _read(cursor) or _Walk(self._clock() - self._window)
        found: dict[str, Mention] = {}
        skipped: list[Skipped] = []
        excluded: list[str] = []  # the posts an exclusion kept out (counted for the queue)
        newest = walk.newest
        page = walk.page
        for _ in range(self._max_pages):
            params: dict[str, str | int | list[str]] = {
                "q": term.query,
                "sort": "latest",
                "since": walk.since.isoformat(),
                "limit": SEARCH_PAGE,
            }
            if page:
                params["cursor"] = page
            try:
                data = await self._xrpc.query("app.bsky.feed.searchPosts", params)
            except RateLimited:
                if not found:
                    raise
                # Keep what was read; the walk resumes at this page after the wait.
                stopped = replace(walk, page=page, newest=newest)
                return self._batch(found, skipped, excluded, stopped)
            posts = data.get("posts")
            if not isinstance(posts, list):
                raise BadPayload("Bluesky sent a search page without posts.")
            for item in posts:
                mention = self._read(item, term, watch, skipped, excluded)
                if mention is None or mention.remote_id in walk.seen:
                    continue
                found[mention.remote_id] = mention
                newest = max(newest or mention.created_at, mention.created_at)
            next_page = data.get("cursor")
            if not posts or not isinstance(next_page, str) or not next_page:
                # The walk reached its end: the next search starts from the newest post seen.
                if newest is None:
                    return self._batch(found, skipped, excluded, _Walk(walk.since, seen=walk.seen))
                at_newest = tuple(m.remote_id for m in found.values() if m.created_at == newest)
                return self._batch(found, skipped, excluded, _Walk(newest, seen=at_newest))
            page = next_page
        stopped = replace(walk, page=page, newest=newest)
        return self._batch(found, skipped, excluded, stopped, more=True)

    def _read(
        self,
        item: object,
        term: WatchTerm,
        watch: WatchList,
        skipped: list[Skipped],
        excluded: list[str],
    ) -> Mention | None:
        result = post_to_mention(item, self.account.id)
        if isinstance(result, Skipped):
            skipped.append(result)
            return None
        if result.author.remote_id == self.session.did:
            return None  # the brand's own post
        if watch.excluded(result.text):
            excluded.append(result.remote_id)
            return None
        return replace(result, found_by=term.text)

    @staticmethod
    def _batch(
        found: dict[str, Mention],
        skipped: list[Skipped],
        excluded: list[str],
        walk: _Walk,
        *,
        more: bool = False,
    ) -> SearchBatch:
        mentions = sorted(found.values(), key=lambda mention: mention.created_at)
        kept_out = len(set(excluded))
        return SearchBatch(tuple(mentions), walk.dump(), more, tuple(skipped), excluded=kept_out)


def _read(cursor: str | None) -> _Walk | None:
    """A saved walk; ``None`` (search the first-sync window again) when unreadable."""
    if cursor is None:
        return None
    try:
        state = json.loads(cursor)
        since = parse_datetime(state["since"])
        page = state.get("page")
        newest = parse_datetime(state.get("newest"))
        seen = tuple(uri for uri in state.get("seen", []) if isinstance(uri, str))
    except (ValueError, TypeError, KeyError, AttributeError):
        since = None
    if since is None:
        log.warning("unreadable Bluesky search cursor %r: searching the window again", cursor)
        return None
    return _Walk(since, page if isinstance(page, str) and page else None, newest, seen)
