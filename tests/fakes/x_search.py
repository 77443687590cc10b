"""X's recent search (``GET /2/tweets/search/recent``) on top of the fake X (``tests.fakes.x``).

Its posts are the fake's: the recorded mentions of @Twitter and what a test adds, served in
the recorded page shape by the fake's own pager (``max_results``, ``since_id``, ``start_time``,
``pagination_token``, ``meta.next_token``). The query is read as X reads the part ReplyDesk
sends: words, ``"phrases"`` and ``#tags`` must all be in a post; ``-word``, ``-"phrase"``,
``-from:name`` and ``-is:retweet`` leave posts out. X's documented bounds are enforced:
``max_results`` 10–100, ``start_time`` within the last 7 days, a query of at most 512
characters (400 ``invalid-request`` otherwise). ``searches`` keeps each request's parameters.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable
from datetime import datetime, timedelta

import httpx

from tests.fakes.x import FakePost, FakeX, problem

SEARCH = re.compile(r"/2/tweets/search/recent")


class FakeXSearch(FakeX):
    """The fake X with recent search."""

    def __init__(self, clock: Callable[[], datetime]) -> None:
        super().__init__(clock)
        self._routes.insert(0, ("GET", SEARCH, self._search))
        self.searches: list[dict[str, str]] = []

    def _search(self, request: httpx.Request, match: re.Match[str]) -> httpx.Response:
        params = request.url.params
        self.searches.append(dict(params))
        size = int(params.get("max_results", "10"))
        query = params.get("query", "")
        start = params.get("start_time")
        too_old = start is not None and datetime.fromisoformat(start) < self.clock() - timedelta(
            days=7
        )
        if not 10 <= size <= 100 or len(query) > 512 or too_old:
            return problem(400, "docs_error_400_invalid_request.json")
        found = [p for p in self.posts.values() if self._matches(p, shlex.split(query))]
        return self._page(request, found)

    def _matches(self, post: FakePost, words: list[str]) -> bool:
        text = post.text.lower()
        author = self.users.get(post.author_id, {}).get("username", "").lower()
        for word in words:
            negated = word.startswith("-")
            word = word.lstrip("-").lower()
            if word == "is:retweet":
                hit = text.startswith("rt @")
            elif word.startswith("from:"):
                hit = author == word[5:]
            else:
                hit = re.search(rf"(?<![\w#]){re.escape(word)}(?!\w)", text) is not None
            if hit == negated:
                return False
        return True
