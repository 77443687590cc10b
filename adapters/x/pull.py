"""X in: the mentions timeline and direct messages, and the conversation around a mention.

Mentions come newest first from ``GET /2/users/:id/mentions``. A walk starts at ``since_id`` (the
newest post of the last finished walk) or, the first time, at the first-sync window, and pages
back with ``pagination_token`` until X gives no ``next_token``. The cursor (JSON) keeps the
walk's token, so a walk cut short by a rate limit resumes where it stopped; the mentions are
upserted, so a page read twice adds nothing. DMs (``GET /2/dm_events``, 15 requests per 15
minutes per user) are read at most every ``DM_EVERY`` and only back to the newest one seen.
X counts every post read against the app's allowance, so threads are read sparingly.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime, timedelta

from adapters.clock import Clock
from adapters.errors import AuthError, BadPayload, RateLimited, Rejected
from adapters.records import Account, Author, Mention, PullBatch, Skipped
from adapters.x.fields import (
    DM_EXPANSIONS,
    DM_FIELDS,
    MESSAGES_ONLY,
    PAGE,
    POST_EXPANSIONS,
    POST_FIELDS,
    USER_FIELDS,
    dm_mention,
    post_mention,
)
from adapters.x.http import Params, XHttp
from adapters.x.login import account_from_me
from adapters.x.parse import meta_token, read_dm, read_includes, read_list, read_post

log = logging.getLogger(__name__)

DM_EVENTS = "/2/dm_events"
DM_EVERY = timedelta(minutes=5)  # 3 of the 15 DM lookups X allows per 15 minutes
DM_PAGES = 2


def mentions_path(brand_id: str) -> str:
    """The brand's mentions timeline."""
    return f"/2/users/{brand_id}/mentions"


def x_time(when: datetime) -> str:
    """A time as X's ``start_time`` wants it (RFC 3339, UTC, seconds)."""
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class XCursor:
    """Where the pulls stand: the finished walk's newest id, a walk in progress, the DMs."""

    since: str = ""  # since_id of the next walk
    start: str = ""  # start_time of the first walk (kept while it pages)
    next: str = ""  # pagination_token of the walk in progress
    top: str = ""  # the newest id the walk in progress has seen
    dm: str = ""  # the newest DM event seen
    dm_at: str = ""  # when DMs were last read (ISO 8601)

    @staticmethod
    def load(text: str | None) -> XCursor:
        """The cursor a previous pull saved (``None`` or damaged: a first sync)."""
        if not text:
            return XCursor()
        try:
            raw = json.loads(text)
            return XCursor(**{k: str(v) for k, v in raw.items() if k in XCursor.__annotations__})
        except (ValueError, TypeError, AttributeError):
            log.warning("X cursor %r unreadable: starting a first sync", text)
            return XCursor()

    def dump(self) -> str:
        """The saved form."""
        return json.dumps({k: v for k, v in asdict(self).items() if v}, sort_keys=True)


class XPull:
    """The reading half of ``XAdapter``: mentions, DMs and threads."""

    account: Account
    _http: XHttp
    _clock: Clock
    _window: timedelta
    _max_pages: int

    @property
    def brand_id(self) -> str:
        """The brand's X user id (the account id is ``x:<user id>``)."""
        return self.account.id.partition(":")[2]

    @property
    def brand(self) -> Author:
        """The brand as an author of posts."""
        return Author(self.brand_id, self.account.handle, self.account.display_name)

    async def whoami(self) -> Account:
        """Check the token with ``GET /2/users/me`` and return its account."""
        answer = await self._http.get("/2/users/me", [USER_FIELDS])
        return account_from_me(answer.body, self._http.api_base)

    async def pull(self, cursor: str | None) -> PullBatch:
        """New mentions (and, every few minutes, new DMs), oldest first."""
        state = XCursor.load(cursor)
        mentions, skipped, state, more = await self._mentions(state)
        try:
            dms, dm_skipped, state = await self._dms(state)
        except (RateLimited, Rejected, AuthError) as exc:
            if self._http.signed_out is not None:
                raise
            # An app without DM access (or a token without dm.read) still gets its mentions;
            # DMs are tried again at the next DM interval.
            log.warning("X DMs of %s not read: %s", self.account.at_handle, exc.msg)
            dms, dm_skipped = [], []
            if not isinstance(exc, RateLimited):
                state = replace(state, dm_at=self._clock().isoformat())
        ordered = sorted({m.remote_id: m for m in mentions + dms}.values(), key=_created)
        return PullBatch(tuple(ordered), state.dump(), more, tuple(skipped + dm_skipped))

    def _walk_params(self, state: XCursor) -> tuple[Params, XCursor]:
        if not state.since and not state.start:
            state = replace(state, start=x_time(self._clock() - self._window))
        params: list[tuple[str, str]] = [PAGE, POST_FIELDS, USER_FIELDS, POST_EXPANSIONS]
        params.append(("since_id", state.since) if state.since else ("start_time", state.start))
        if state.next:
            params.append(("pagination_token", state.next))
        return params, state

    async def _mentions(self, state: XCursor) -> tuple[list[Mention], list[Skipped], XCursor, bool]:
        found: list[Mention] = []
        skipped: list[Skipped] = []
        for page in range(self._max_pages):
            params, state = self._walk_params(state)
            try:
                answer = await self._http.get(mentions_path(self.brand_id), params)
            except RateLimited:
                if page == 0:
                    raise
                return found, skipped, state, False  # the token is kept: resume after the wait
            body = answer.body if isinstance(answer.body, dict) else {}
            if not isinstance(answer.body, dict):
                raise BadPayload("X sent a mentions page that is not an object.")
            page_mentions, page_skipped = self._read_posts(body)
            found += page_mentions
            skipped += page_skipped
            top = state.top or meta_token(body, "newest_id")
            following = meta_token(body, "next_token")
            if not following:  # the walk reached since_id (or the window): it is finished
                state = replace(state, since=top or state.since, start="", next="", top="")
                return found, skipped, state, False
            state = replace(state, next=following, top=top)
        return found, skipped, state, True

    def _read_posts(self, body: dict[str, object]) -> tuple[list[Mention], list[Skipped]]:
        includes = read_includes(body)
        mentions: list[Mention] = []
        skipped: list[Skipped] = []
        for item in read_list(body, "data"):
            try:
                post = read_post(item)
                if post.author_id != self.brand_id:  # the brand naming itself is no mention
                    mentions.append(post_mention(self.account.id, self.brand_id, post, includes))
            except BadPayload as exc:
                remote = item.get("id") if isinstance(item, dict) else None
                skipped.append(Skipped(str(remote or "?"), str(exc)))
                log.warning("Skipped X post %r: %s", remote, exc)
        return mentions, skipped

    async def _dms(self, state: XCursor) -> tuple[list[Mention], list[Skipped], XCursor]:
        now = self._clock()
        last = datetime.fromisoformat(state.dm_at) if state.dm_at else None
        if last is not None and now - last < DM_EVERY:
            return [], [], state
        oldest = now - min(self._window, timedelta(days=30))  # X keeps 30 days of DMs
        params: list[tuple[str, str]] = [PAGE, DM_FIELDS, DM_EXPANSIONS, MESSAGES_ONLY]
        params.append(USER_FIELDS)
        found: list[Mention] = []
        skipped: list[Skipped] = []
        newest = ""
        token = ""
        for _ in range(DM_PAGES):
            answer = await self._http.get(
                DM_EVENTS, params + ([("pagination_token", token)] if token else [])
            )
            body = answer.body if isinstance(answer.body, dict) else {}
            includes = read_includes(body)
            reached = False
            for item in read_list(body, "data"):
                try:
                    event = read_dm(item)
                except BadPayload as exc:
                    skipped.append(Skipped("?", str(exc)))
                    continue
                if event is None:
                    continue
                newest = newest or event.remote_id
                if event.remote_id == state.dm or _not_newer(event.remote_id, state.dm):
                    reached = True
                    break
                if event.created_at < oldest:
                    reached = True
                    break
                if event.sender_id != self.brand_id:
                    found.append(dm_mention(self.account.id, event, includes))
            token = meta_token(body, "next_token")
            if reached or not token:
                break
        state = replace(state, dm=newest or state.dm, dm_at=now.isoformat())
        return found, skipped, state


def _not_newer(remote_id: str, seen: str) -> bool:
    # Snowflakes grow with time; compared as exact integers, never as floats.
    return bool(seen) and remote_id.isdigit() and seen.isdigit() and int(remote_id) < int(seen)


def _created(mention: Mention) -> datetime:
    return mention.created_at
