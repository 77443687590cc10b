"""Mastodon search: posts that name the brand without tagging it.

A hashtag is read from its timeline (``/api/v1/timelines/tag/:tag``), which every compatible
server offers. Words and phrases need full-text search (``/api/v2/search?type=statuses``),
which only Mastodon 4.2 and later offer, and only where the admin enabled it: on other servers
the search says so (a ``notice``) instead of pretending it found nothing. Both walk like the
notifications do: back through the first-sync window the first time, then forward from the
newest post seen (``min_id``), so a walk cut short by the page budget or a rate limit resumes.
"""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from urllib.parse import quote

from adapters.errors import BadPayload, ConfigError, RateLimited
from adapters.mastodon.http import Answer
from adapters.mastodon.pull import PAGE_SIZE, MastodonPull, _first_id, _oldest_first
from adapters.payload import read_obj, read_opt_str
from adapters.records import Mention, SearchBatch, Skipped
from adapters.watch import TermKind, WatchList, WatchTerm

log = logging.getLogger(__name__)

# Mastodon's tag names: letters, digits, "_" and the middle dot, with a letter or "_" in them.
_MASTODON_TAG = re.compile(r"^[\w·]*[^\W\d][\w·]*$")
_VERSION = re.compile(r"^(\d+)\.(\d+)")
FULL_TEXT_SINCE = (4, 2)  # Mastodon 4.2 added (opt-in) full-text search of public posts


class MastodonSearch(MastodonPull):
    """The searching part of ``MastodonAdapter`` (implements ``adapters.base.Searcher``)."""

    _full_text: bool | None = None

    def refusal(self, term: WatchTerm) -> str | None:
        """Mastodon's hashtags are letters, digits and _ (with at least one letter)."""
        if term.kind is TermKind.HASHTAG and not _MASTODON_TAG.match(term.value):
            return "Mastodon hashtags are letters, digits and _ only, with at least one letter"
        return None

    async def search(self, term: WatchTerm, watch: WatchList, cursor: str | None) -> SearchBatch:
        """Posts containing ``term`` newer than ``cursor`` (see the module)."""
        if term.kind is TermKind.HASHTAG:
            path = f"/api/v1/timelines/tag/{quote(term.value, safe='')}"
        elif await self.full_text():
            path = "/api/v2/search"
        else:
            notice = (
                f"{self._http.host} offers no full-text search: only hashtags are watched "
                f"there, not {term.text}."
            )
            return SearchBatch((), cursor, notice=notice)
        brand = await self._brand()
        pages: list[list[Mention]] = []
        skipped: list[Skipped] = []
        excluded: list[str] = []  # the posts an exclusion kept out (counted for the queue)
        newest, more = cursor, cursor is not None
        since = self._clock() - self._window
        older_than: str | None = None
        for _ in range(self._max_pages):
            step = ("min_id", newest) if cursor is not None and newest else None
            if cursor is None and older_than is not None:
                step = ("max_id", older_than)
            try:
                items, answer = await self._fetch_found(path, term, step)
            except RateLimited:
                if not pages:
                    raise
                break  # keep what was read: the cursor is the newest post of those pages
            page_newest = answer.links.get("prev", {}).get("min_id") or _first_id(items)
            if not items or page_newest is None or (cursor is not None and page_newest == newest):
                more = False
                break
            read = (self._read(i, brand, term, watch, skipped, excluded) for i in items)
            page = [m for m in read if m]
            if cursor is not None:  # forward from the cursor
                pages.append(page)
                newest = page_newest
                continue
            # The first search: back from the newest post through the first-sync window.
            pages.insert(0, [m for m in page if m.created_at >= since])
            newest = newest or page_newest
            older_than = answer.links.get("next", {}).get("max_id") or _first_id(items[::-1])
            if older_than is None or any(m.created_at < since for m in page):
                break
        kept_out = len(set(excluded))
        return SearchBatch(_oldest_first(pages), newest, more, tuple(skipped), excluded=kept_out)

    async def full_text(self) -> bool:
        """Whether the server offers full-text search of posts (Mastodon 4.2+), cached."""
        if self._full_text is None:
            try:
                answer = await self._http.get("/api/v2/instance")
            except ConfigError:  # no v2 instance: older than Mastodon 4.0
                self._full_text = False
            else:
                body = answer.body if isinstance(answer.body, dict) else {}
                found = _VERSION.match(read_opt_str(body, "version"))
                # Compatible servers (GoToSocial, Takahē) number their own versions lower.
                version = (int(found[1]), int(found[2])) if found else (0, 0)
                self._full_text = version >= FULL_TEXT_SINCE
        return self._full_text

    async def _fetch_found(
        self, path: str, term: WatchTerm, step: tuple[str, str] | None
    ) -> tuple[list[object], Answer]:
        params = [("limit", str(PAGE_SIZE)), *([step] if step else [])]
        if path == "/api/v2/search":
            params += [("q", term.query), ("type", "statuses"), ("resolve", "false")]
        answer = await self._http.get(path, params)
        body = answer.body
        if isinstance(body, dict):  # /api/v2/search answers {"accounts", "statuses", …}
            body = body.get("statuses")
        if not isinstance(body, list):
            raise BadPayload(f"{self._http.host} sent search results that are not a list.")
        return body, answer

    def _read(
        self,
        item: object,
        brand: str,
        term: WatchTerm,
        watch: WatchList,
        skipped: list[Skipped],
        excluded: list[str],
    ) -> Mention | None:
        try:
            mention = self._mention({"status": read_obj(item, "a post")}, brand)
        except BadPayload as exc:
            remote = read_opt_str(item, "id") if isinstance(item, dict) else ""
            skipped.append(Skipped(remote, str(exc)))
            log.warning("Skipped a Mastodon search result %r: %s", remote, exc)
            return None
        if mention.author.remote_id == brand:
            return None  # the brand's own post
        if watch.excluded(mention.text):
            excluded.append(mention.remote_id)
            return None
        return replace(mention, found_by=term.text)
