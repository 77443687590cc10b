"""Demo search: the demo network's posts that name the brand without tagging it."""

from __future__ import annotations

import asyncio
from dataclasses import replace

from adapters.demo.posts import DemoPost
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
        excluded = 0

        def wanted(post: DemoPost) -> bool:
            nonlocal excluded  # the network asks once per post it walks past
            if not term.found_in(post.text):
                return False
            excluded += watch.excluded(post.text)
            return not watch.excluded(post.text)

        posts, next_cursor, more = self.network.search(self.platform, wanted, cursor)
        found = tuple(replace(self._mention(post), found_by=term.text) for post in posts)
        return SearchBatch(found, next_cursor, more, excluded=excluded)
