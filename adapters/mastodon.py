"""The Mastodon adapter: mentions and direct messages in, replies out, over the client API.

Works against Mastodon and compatible servers (GoToSocial, Takahē; see the recorded scenarios
in tests/fixtures/mastodon/). Ids are opaque strings, never compared as numbers: order comes
from ``created_at`` and pagination from the server's ``Link`` parameters.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from urllib.parse import quote, urlsplit

import httpx

from adapters.clock import Clock, system_clock
from adapters.errors import BadPayload, ConfigError, RateLimited
from adapters.mastodon_html import html_to_text, normalize_for_match
from adapters.mastodon_http import (
    Answer,
    JsonObject,
    MastodonHttp,
    read_list,
    read_obj,
    read_opt_str,
    read_str,
    read_time,
)
from adapters.mastodon_text import address_author
from adapters.records import (
    MASTODON_DEFAULT_LIMITS,
    Account,
    Author,
    Limits,
    Mention,
    MentionKind,
    OutgoingReply,
    Platform,
    PullBatch,
    SentReply,
    Skipped,
    ThreadPost,
    Visibility,
)

log = logging.getLogger(__name__)

NOTIFICATIONS = "/api/v1/notifications"
PAGE_SIZE = 40  # the API's default; 80 is its maximum
_NARROWNESS = [Visibility.PUBLIC, Visibility.UNLISTED, Visibility.PRIVATE, Visibility.DIRECT]


def mastodon_account_id(handle: str, server: str) -> str:
    """The local key of an account: ``mastodon:@user@domain``, lower-cased.

    ``handle`` may be ``user``, ``@user`` or ``@user@domain``; without a domain the server's
    host is used.
    """
    user, _, domain = handle.strip().lstrip("@").partition("@")
    return f"mastodon:@{user}@{domain or urlsplit(server).hostname or server}".lower()


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


def account_from_credentials(body: object, server: str, domain: str) -> Account:
    """The ``Account`` described by a verify_credentials answer (raises ``BadPayload``).

    ``domain`` is the server's own account domain (``adapters.mastodon_domain``), never the
    host of ``server``: the two differ on many servers.
    """
    creds = read_obj(body, "verify_credentials")
    username = read_str(creds, "username")
    acct = read_opt_str(creds, "acct") or username
    handle = f"@{acct}" if "@" in acct else f"@{username}@{domain}"
    return Account(
        id=mastodon_account_id(handle, server),
        network="mastodon",
        handle=handle,
        display_name=read_opt_str(creds, "display_name"),
        server=server,
    )


@dataclass(frozen=True, slots=True)
class _Page:
    """One page of notifications as read: its mentions, unreadable items and oldest time."""

    mentions: list[tuple[Mention, datetime]]  # with the notification's own time
    skipped: list[Skipped]
    oldest: datetime | None


class MastodonAdapter:
    """One Mastodon (or compatible) account, speaking the client API over httpx."""

    def __init__(
        self,
        account: Account,
        token: str,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        clock: Clock = system_clock,
        first_sync_window: timedelta = timedelta(days=14),
        max_pages: int = 10,
        timeout: float = 20.0,
    ) -> None:
        self.account = account
        self._clock = clock
        self._window = first_sync_window
        self._max_pages = max(1, max_pages)
        who = account.at_handle
        self._http = MastodonHttp(
            account.server, token=token, who=who, transport=transport, clock=clock, timeout=timeout
        )
        self._brand_id: str | None = None
        self._limits: Limits | None = None
        domain = account.handle.lstrip("@").partition("@")[2]
        self._domain = domain or urlsplit(self._http.server).hostname or ""

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

    async def _brand_replies(self, mention: Mention) -> list[SentReply]:
        """The brand's direct replies to ``mention``, oldest first."""
        brand = await self._brand()
        _, descendants = await self._context(mention.remote_id)
        replies: list[SentReply] = []
        for item in descendants:
            post = self._thread_post(item, brand)
            if post and post.is_brand and post.in_reply_to_id == mention.remote_id:
                url = read_opt_str(item, "url") if isinstance(item, dict) else ""
                replies.append(
                    SentReply(post.remote_id, mention.remote_id, post.text, post.created_at, url)
                )
        return sorted(replies, key=lambda r: r.created_at)

    async def answered(self, mention: Mention) -> SentReply | None:
        """The brand's first reply to ``mention`` posted anywhere (web, phone, teammate), if any."""
        replies = await self._brand_replies(mention)
        return replies[0] if replies else None

    async def send(self, reply: OutgoingReply, idempotency_key: str) -> SentReply:
        """Post ``reply`` under the mention: never wider than it, its content warning kept.

        The author's ``@handle`` is prepended when the text does not address them (see
        ``address_author``). ``Idempotency-Key`` makes Mastodon post once per key; GoToSocial
        and Takahē ignore it, which ``reconcile`` covers.
        """
        mention = reply.mention
        visibility = max(reply.visibility, mention.visibility, key=_NARROWNESS.index)
        data = {
            "status": address_author(reply.text, mention),
            "in_reply_to_id": mention.remote_id,
            "visibility": visibility.value,
        }
        warning = reply.content_warning or mention.content_warning
        if warning:
            data["spoiler_text"] = warning
        answer = await self._http.post(
            "/api/v1/statuses", data, headers={"Idempotency-Key": idempotency_key}, status=True
        )
        sent = _sent_reply(answer)
        if sent.in_reply_to_id != mention.remote_id:
            # Takahē posts a reply to an unknown status as a new top-level post (HTTP 200).
            raise BadPayload(
                f"{self._http.host} posted the reply as a new post, not as an answer to the "
                f"mention (it may have been deleted). Check it and delete it if needed: {sent.url}"
            )
        return sent

    async def reconcile(self, reply: OutgoingReply, idempotency_key: str) -> SentReply | None:
        """The brand's reply to the mention whose text matches ``reply``, if one was posted.

        Compared after HTML→text, with whitespace, case and mention domains normalized; the
        key is not visible on the network, so the text is what identifies the reply.
        """
        wanted = normalize_for_match(address_author(reply.text, reply.mention))
        for sent in await self._brand_replies(reply.mention):
            if normalize_for_match(sent.text) == wanted:
                return sent
        return None

    async def limits(self) -> Limits:
        """The server's status length rules (``/api/v2/instance``), cached; defaults if absent."""
        if self._limits is None:
            try:
                answer = await self._http.get("/api/v2/instance")
            except ConfigError:  # servers older than Mastodon 4.0 have no v2 instance
                self._limits = MASTODON_DEFAULT_LIMITS
            else:
                self._limits = _limits(answer.body)
        return self._limits

    async def aclose(self) -> None:
        """Release the HTTP connections."""
        await self._http.aclose()


def _sent_reply(answer: Answer) -> SentReply:
    status = read_obj(answer.body, "The posted status")
    return SentReply(
        remote_id=read_str(status, "id"),
        in_reply_to_id=read_opt_str(status, "in_reply_to_id"),
        text=html_to_text(read_opt_str(status, "content")),
        created_at=read_time(status, "created_at"),
        url=read_opt_str(status, "url") or read_opt_str(status, "uri"),
    )


def _limits(body: object) -> Limits:
    config = body.get("configuration") if isinstance(body, dict) else None
    statuses = config.get("statuses") if isinstance(config, dict) else None
    if not isinstance(statuses, dict):
        return MASTODON_DEFAULT_LIMITS

    def positive(key: str, default: int | None) -> int | None:
        value = statuses.get(key)
        ok = isinstance(value, int) and not isinstance(value, bool) and value > 0
        return value if ok else default

    return replace(
        MASTODON_DEFAULT_LIMITS,
        max_chars=positive("max_characters", MASTODON_DEFAULT_LIMITS.max_chars),
        url_chars=positive("characters_reserved_per_url", MASTODON_DEFAULT_LIMITS.url_chars),
    )
