"""Instagram hashtag search on top of the fake Graph API (``tests.fakes.meta``).

``GET /ig_hashtag_search?user_id=&q=`` answers the tag's id (``{"data": [{"id"}]}``, as Meta
documents it; no recording exists) and counts each unique tag looked up; ``GET
/{hashtag-id}/recent_media`` pages, newest first and only within the last 24 hours, media
built from the recorded Instagram media objects (``ig_tagged_media.json``: their fields and
shapes, with new ids, captions and times), ``limit`` a page, ``paging.cursors.after`` and a
``next`` URL on all but the last page.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from tests.fakes.meta import FakeGraph, Reply, _cursor, _uncursor, error, ok
from tests.fakes.meta_seed import IG_ID, fixture, graph_time

RECENT = timedelta(hours=24)  # recent_media lists the last 24 hours only


@dataclass
class FakeHashtags(FakeGraph):
    """The fake Graph API with hashtags: ``hashtagged`` maps a tag to its media, newest first."""

    hashtagged: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    looked_up: list[str] = field(default_factory=list)

    def hashtag(self, name: str, captions: list[str], every: timedelta) -> None:
        """Media under ``#name``: one per caption, the first now and each one ``every`` older."""
        recorded = fixture("ig_tagged_media.json")["data"][0]
        media = []
        for n, caption in enumerate(captions):
            item = copy.deepcopy(recorded)
            item["id"] = f"1799{len(self.hashtagged):02d}{n:09d}"
            item["caption"] = caption
            item["timestamp"] = graph_time(self.clock() - every * n)
            item["permalink"] = f"https://www.instagram.com/p/fake{item['id']}/"
            media.append(item)
        self.hashtagged[name] = media

    def _get(self, path: str, query: dict[str, str]) -> Reply:
        if path == "/ig_hashtag_search":
            if query.get("user_id") != IG_ID:
                return error(100, "(#100) The parameter user_id is required")
            self.looked_up.append(query["q"])
            known = query["q"] in self.hashtagged
            return ok({"data": [{"id": self._tag_id(query["q"])}] if known else []})
        parts = path.strip("/").split("/")
        if len(parts) == 2 and parts[1] == "recent_media":
            return self._recent(parts[0], query)
        return super()._get(path, query)

    def _tag_id(self, name: str) -> str:
        return f"178438{list(self.hashtagged).index(name):011d}"

    def _recent(self, tag_id: str, query: dict[str, str]) -> Reply:
        names = [n for n in self.hashtagged if self._tag_id(n) == tag_id]
        if not names or query.get("user_id") != IG_ID:
            return error(100, "(#100) Unsupported get request.")
        since = self.clock() - RECENT
        media = [
            m
            for m in self.hashtagged[names[0]]
            if datetime.strptime(m["timestamp"], "%Y-%m-%dT%H:%M:%S%z") >= since
        ]
        start = 0
        if "after" in query:
            after = _uncursor(query["after"])
            start = next(i + 1 for i, m in enumerate(media) if m["id"] == after)
        size = int(query.get("limit", "25"))
        page = media[start : start + size]
        body: dict[str, Any] = {"data": page}
        if page:
            body["paging"] = {"cursors": {"before": _cursor(page[0]["id"])}}
            if start + size < len(media):
                body["paging"]["cursors"]["after"] = _cursor(page[-1]["id"])
                body["paging"]["next"] = f"https://graph.facebook.com/v21.0/{tag_id}/recent_media"
        return ok(body)
