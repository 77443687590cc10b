"""Mastodon in: mentions and direct messages from the notifications, and the threads around them.

Ids are opaque strings, never compared as numbers: order comes from ``created_at`` and
pagination from the server's ``Link`` parameters.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import quote

from adapters.clock import Clock
from adapters.errors import BadPayload, RateLimited
from adapters.mastodon.html import html_to_text
from adapters.mastodon.http import Answer, MastodonHttp
from adapters.mastodon.login import account_from_credentials
from adapters.payload import JsonObject, read_list, read_obj, read_opt_str, read_str, read_time
from adapters.records import (
    Account,
    Author,
    Mention,
    MentionKind,
    Platform,
    PullBatch,
    Skipped,
    ThreadPost,
    Visibility,
)

log = logging.getLogger(__name__)

NOTIFICATIONS = "/api/v1/notifications"
PAGE_SIZE = 40  # the API's default; 80 is its maximum


def _first_id(items: list[object]) -> str | None:
    """The id of the first readable item (servers list newest first)."""
    for item in items:
        if isinstance(item, dict) and isinstance(item.get("id"), str) and item["id"]:
            return str(item["id"])
    return None


def _oldest_first(pages: list[list[Mention]]) -> tuple[Mention, ...]:
    """Pages (each newest first) as one list by ``created_at``, each status once."""
    seen: set[str] = set()
    ordered: list[Mention] = []
    for page in pages:
        for mention in reversed(page):
            if mention.remote_id not in seen:
                seen.add(mention.remote_id)
                ordered.append(mention)
    return tuple(sorted(ordered, key=lambda m: m.created_at))  # stable: ties keep server order


def _kind(status: JsonObject, raw_visibility: str, brand: str) -> MentionKind:
    if raw_visibility == "direct":
        return MentionKind.DIRECT
    if status.get("in_reply_to_account_id") == brand:
        return MentionKind.REPLY
    quote = status.get("quote")  # Mastodon 4.5+: {"state": …, "quoted_status": {…}}
    quoted = quote.get("quoted_status") if isinstance(quote, dict) else None
    account = quoted.get("account") if isinstance(quoted, dict) else None
    if isinstance(account, dict) and account.get("id") == brand:
        return MentionKind.QUOTE
    return MentionKind.MENTION


def _attachment(media: JsonObject) -> str:
    description = " ".join(read_opt_str(media, "description").split())
    return description or f"{read_opt_str(media, 'type') or 'attachment'} without description"


def _visibility(raw: str) -> Visibility:
    # Unknown scopes (local-only, mutuals-only, …) are treated as the narrowest: never widen.
    try:
        return Visibility(raw)
    except ValueError:
        return Visibility.DIRECT


@dataclass(frozen=True, slots=True)
class _Page:
    """One page of notifications as read: its mentions, unreadable items and oldest time."""

    mentions: list[tuple[Mention, datetime]]  # with the notification's own time
    skipped: list[Skipped]
    oldest: datetime | None


class MastodonPull:
    """The reading half of ``MastodonAdapter``: who the brand is, its mentions, its threads."""

    account: Account
    _http: MastodonHttp
    _clock: Clock
    _window: timedelta
    _max_pages: int
    _brand_id: str | None
    _domain: str

    async def whoami(self) -> Account:
        """Verify the token and return its account (the brand's id is remembered)."""
        answer = await self._http.get("/api/v1/accounts/verify_credentials")
        account = account_from_credentials(answer.body, self._http.server, self._domain)
        self._brand_id = read_str(read_obj(answer.body, "verify_credentials"), "id")
        return account

    async def _brand(self) -> str:
        if self._brand_id is None:
            await self.whoami()
        assert self._brand_id is not None  # set by whoami or it raised
        return self._brand_id

    async def pull(self, cursor: str | None) -> PullBatch:
        """New mentions: back through the first-sync window (``cursor`` None), else since it."""
        brand = await self._brand()
        if cursor is None:
            return await self._first_sync(brand)
        return await self._catch_up(cursor, brand)

    async def _fetch(self, after: tuple[str, str] | None) -> tuple[list[object], Answer]:
        params = [("types[]", "mention"), ("limit", str(PAGE_SIZE)), *([after] if after else [])]
        answer = await self._http.get(NOTIFICATIONS, params)
        if not isinstance(answer.body, list):
            raise BadPayload(f"{self._http.host} sent notifications that are not a list.")
        return answer.body, answer

    async def _first_sync(self, brand: str) -> PullBatch:
        """Walk back (``max_id``) until the window, the last page or ``max_pages``."""
        since = self._clock() - self._window
        pages: list[list[Mention]] = []
        skipped: list[Skipped] = []
        newest: str | None = None
        older_than: str | None = None
        for _ in range(self._max_pages):
            try:
                items, answer = await self._fetch(("max_id", older_than) if older_than else None)
            except RateLimited:
                if not pages:
                    raise
                break  # keep what was read; history past this point is optional anyway
            if not items:
                break
            page = self._read_page(items, brand)
            skipped += page.skipped
            pages.insert(0, [m for m, at in page.mentions if at >= since])
            newest = newest or answer.links.get("prev", {}).get("min_id") or _first_id(items)
            # The Link parameters, not the URL: GoToSocial names its own host there.
            older_than = answer.links.get("next", {}).get("max_id") or _first_id(items[::-1])
            if older_than is None or (page.oldest is not None and page.oldest < since):
                break
        return PullBatch(_oldest_first(pages), newest, False, tuple(skipped))

    async def _catch_up(self, cursor: str, brand: str) -> PullBatch:
        """Walk forward (``min_id``) from ``cursor`` until an empty page or ``max_pages``."""
        pages: list[list[Mention]] = []
        skipped: list[Skipped] = []
        newest, more = cursor, True
        for _ in range(self._max_pages):
            try:
                items, answer = await self._fetch(("min_id", newest))
            except RateLimited:
                if not pages:
                    raise
                break  # keep what was read; ``more`` sends the sync back after the wait
            page_newest = answer.links.get("prev", {}).get("min_id") or _first_id(items)
            if not items or page_newest is None or page_newest == newest:
                more = False
                break
            page = self._read_page(items, brand)
            skipped += page.skipped
            pages.append([m for m, _ in page.mentions])
            newest = page_newest
        return PullBatch(_oldest_first(pages), newest, more, tuple(skipped))

    def _read_page(self, items: list[object], brand: str) -> _Page:
        mentions: list[tuple[Mention, datetime]] = []
        skipped: list[Skipped] = []
        oldest: datetime | None = None
        for item in items:
            item_id = ""
            try:
                note = read_obj(item, "a notification")
                item_id = read_opt_str(note, "id")
                at = read_time(note, "created_at")
                oldest = at if oldest is None else min(oldest, at)
                # Takahē drops types[] from its Link URLs: filter every page ourselves.
                if read_str(note, "type") == "mention":
                    mentions.append((self._mention(note, brand), at))
            except BadPayload as exc:
                status = item.get("status") if isinstance(item, dict) else None
                remote = read_opt_str(status, "id") if isinstance(status, dict) else ""
                skipped.append(Skipped(remote or item_id, str(exc)))
                log.warning("Skipped Mastodon notification %r: %s", remote or item_id, exc)
        return _Page(mentions, skipped, oldest)

    def _author(self, account: JsonObject) -> tuple[Author, str]:
        acct = read_str(account, "acct")
        followers = account.get("followers_count")
        author = Author(
            remote_id=read_str(account, "id"),
            handle=f"@{acct}" if "@" in acct else f"@{acct}@{self._domain}",
            display_name=read_opt_str(account, "display_name"),
            followers=followers if isinstance(followers, int) and followers >= 0 else 0,
            bio=html_to_text(read_opt_str(account, "note")),
            url=read_opt_str(account, "url"),
        )
        return author, acct

    def _mention(self, note: JsonObject, brand: str) -> Mention:
        status = read_obj(note.get("status"), "'status'")
        author, acct = self._author(read_obj(status.get("account"), "'status.account'"))
        raw_visibility = read_str(status, "visibility")
        others = [  # the other people addressed, whom a reply may keep
            m["acct"]
            for m in read_list(status, "mentions")
            if isinstance(m, dict)
            and isinstance(m.get("acct"), str)
            and m["acct"]
            and m.get("id") != brand
            and m["acct"] != acct
        ]
        spoiler = read_opt_str(status, "spoiler_text")
        return Mention(
            account_id=self.account.id,
            remote_id=read_str(status, "id"),
            platform=Platform.MASTODON,
            author=author,
            text=html_to_text(read_opt_str(status, "content")),
            created_at=read_time(status, "created_at"),
            url=read_opt_str(status, "url") or read_opt_str(status, "uri"),
            kind=_kind(status, raw_visibility, brand),
            visibility=_visibility(raw_visibility),
            in_reply_to_id=read_opt_str(status, "in_reply_to_id") or None,
            content_warning=spoiler,
            language=read_opt_str(status, "language"),
            attachments=tuple(
                _attachment(read_obj(a, "an attachment"))
                for a in read_list(status, "media_attachments")
            ),
            meta={
                "notification_id": read_opt_str(note, "id"),
                "visibility": raw_visibility,
                "author_acct": acct,
                "participants": " ".join(others),
                "spoiler_text": spoiler,
            },
        )

    async def _context(self, status_id: str) -> tuple[list[object], list[object]]:
        """The ancestors and descendants of a status (``Gone`` if it was deleted)."""
        answer = await self._http.get(
            f"/api/v1/statuses/{quote(status_id, safe='')}/context", status=True
        )
        body = read_obj(answer.body, "The thread")
        ancestors, descendants = body.get("ancestors", []), body.get("descendants", [])
        if not isinstance(ancestors, list) or not isinstance(descendants, list):
            raise BadPayload(f"{self._http.host} sent a thread without lists of posts.")
        return ancestors, descendants

    def _thread_post(self, item: object, brand: str) -> ThreadPost | None:
        try:
            status = read_obj(item, "a post")
            author, _ = self._author(read_obj(status.get("account"), "'account'"))
            return ThreadPost(
                remote_id=read_str(status, "id"),
                author=author,
                text=html_to_text(read_opt_str(status, "content")),
                created_at=read_time(status, "created_at"),
                is_brand=author.remote_id == brand,
                in_reply_to_id=read_opt_str(status, "in_reply_to_id") or None,
            )
        except BadPayload as exc:
            log.warning("Skipped an unreadable post of a Mastodon thread: %s", exc)
            return None

    async def thread(self, mention: Mention) -> tuple[ThreadPost, ...]:
        """Ancestors, the mention itself (``is_focus``), then the brand's own replies below it."""
        brand = await self._brand()
        ancestors, descendants = await self._context(mention.remote_id)
        before = [p for p in (self._thread_post(s, brand) for s in ancestors) if p]
        after = [p for p in (self._thread_post(s, brand) for s in descendants) if p and p.is_brand]
        focus = ThreadPost(
            remote_id=mention.remote_id,
            author=mention.author,
            text=mention.text,
            created_at=mention.created_at,
            is_focus=True,
            in_reply_to_id=mention.in_reply_to_id,
        )
        return (*before, focus, *sorted(after, key=lambda p: p.created_at))
