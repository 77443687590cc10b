"""Demo search: the demo network's posts that name the brand without tagging it."""

from __future__ import annotations

import asyncio
from dataclasses import replace

from adapters.demo.pull import DemoPull
from adapters.records import SearchBatch
from adapters.watch import WatchList, WatchTerm


class DemoSearch(DemoPull):
    """The searching part of ``DemoAdapter`` (implements ``adapters.base.Searcher``)."""

    def refusal(self, term: WatchTerm) -> str | None:
        """The demo searches any term that parses."""
        return None

    async def search(self, term: WatchTerm, watch: WatchList, cursor: str | None) -> SearchBatch:
        """The next page of indirect posts containing ``term`` (none an exclusion names)."""
        await asyncio.sleep(self.latency)
        posts, next_cursor, more = self.network.search(
            self.platform,
            lambda post: term.found_in(post.text) and not watch.excluded(post.text),
            cursor,
        )
        found = tuple(replace(self._mention(post), found_by=term.text) for post in posts)
        return SearchBatch(found, next_cursor, more)
