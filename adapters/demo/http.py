"""The demo network itself: a small fake server shared by the two demo accounts.

This is the demo's "http" module in the shape every network package shares: where Mastodon and
Bluesky have their transport, the demo has this simulated network and its saved state.

It owns the generated world (made lazily from the seed and the anchor time kept in the state
file), pages through it for ``pull``, finds posts for ``thread`` and ``send``, and records the
brand's replies in the state file. Nothing happens at import or in ``__init__``; the state file is
created on first use with ``anchor = clock()``, so the inbox stays the same across restarts.
One process owns the file at a time (the state is cached in memory after the first read).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from adapters.clock import Clock
from adapters.demo.ids import address
from adapters.demo.inbox import generate_inbox
from adapters.demo.live import live_index, live_platform, live_post, live_time
from adapters.demo.people import brand_author
from adapters.demo.posts import DemoInbox, DemoPost
from adapters.demo.state import DemoState, SentRecord, load_state, save_state
from adapters.demo.voice import BRAND_NAME
from adapters.errors import BadPayload, ConfigError
from adapters.records import Platform, SentReply

DEMO_SEED = 20250310
PAGE_SIZE = 100
_CURSOR_TAG = "demo1"
_HEARD_TAG = "heard1"

Position = tuple[int, int]
"""How far a platform's mentions were delivered: (initial mentions, live-stream slots)."""


def encode_cursor(platform: Platform, position: Position) -> str:
    """The opaque cursor for ``position`` on ``platform``."""
    return f"{_CURSOR_TAG}:{platform.value}:{position[0]}:{position[1]}"


def decode_cursor(platform: Platform, cursor: str | None, initial: int) -> Position:
    """The position a cursor names (``None``: the beginning); ``BadPayload`` if unreadable."""
    if cursor is None:
        return (0, 0)
    parts = cursor.split(":")
    numbers = parts[2:]
    valid = (
        len(parts) == 4
        and parts[0] == _CURSOR_TAG
        and parts[1] == platform.value
        and all(n.isascii() and n.isdigit() for n in numbers)
    )
    if not valid or int(numbers[0]) > initial:
        raise BadPayload(
            f"The demo network cannot read the sync cursor {cursor!r} for {platform.value}. "
            "Pull from the beginning to resynchronise."
        )
    return (int(numbers[0]), int(numbers[1]))


def _heard_position(platform: Platform, cursor: str | None, total: int) -> int:
    """How many indirect posts a search cursor says were read; ``BadPayload`` if unreadable."""
    if cursor is None:
        return 0
    tag, _, rest = cursor.partition(":")
    side, _, number = rest.partition(":")
    if tag != _HEARD_TAG or side != platform.value or not number.isdigit() or int(number) > total:
        raise BadPayload(f"The demo network cannot read the search cursor {cursor!r}.")
    return int(number)


class DemoNetwork:
    """A deterministic fake server with a Mastodon-like and a Bluesky-like side."""

    def __init__(
        self,
        state_file: Path,
        clock: Clock,
        *,
        seed: int = DEMO_SEED,
        arrival_interval: timedelta = timedelta(seconds=20),
    ) -> None:
        if arrival_interval <= timedelta(0):
            raise ValueError("arrival_interval must be positive")
        self.state_file = state_file
        self.clock = clock
        self.seed = seed
        self.arrival_interval = arrival_interval
        self._state: DemoState | None = None
        self._inbox: DemoInbox | None = None
        self.engaged: set[tuple[str, str, str]] = set()
        """Likes, boosts and follows in effect: (account id, act, target remote id)."""

    def _loaded(self) -> DemoState:
        """The state, read (or created, anchored now) on first use."""
        if self._state is None:
            state = load_state(self.state_file)
            if state is None:
                state = DemoState(self.seed, self.clock())
                save_state(self.state_file, state)
            elif state.seed != self.seed:
                raise ConfigError(
                    f"The demo network's state file {self.state_file} was made with seed "
                    f"{state.seed}, not {self.seed}. Delete it to reset the demo network.",
                    "Demo network state mismatch",
                )
            self._state = state
        return self._state

    def ensure_ready(self) -> None:
        """Read (or create) the state file now, so an unreadable one is reported at once."""
        self._loaded()

    @property
    def anchor(self) -> datetime:
        """The time the network was first used: the inbox ends here, the live stream starts."""
        return self._loaded().anchor

    @property
    def inbox(self) -> DemoInbox:
        """The generated initial world (built once per process)."""
        if self._inbox is None:
            self._inbox = generate_inbox(self.seed, self.anchor)
        return self._inbox

    def _live(self, k: int) -> DemoPost:
        return live_post(self.inbox, self.seed, self.anchor, self.arrival_interval, k)

    def _live_due(self, k: int, now: datetime) -> bool:
        return live_time(self.anchor, self.arrival_interval, k) <= now

    def page(self, platform: Platform, cursor: str | None) -> tuple[list[DemoPost], str, bool]:
        """Up to ``PAGE_SIZE`` mentions after ``cursor`` that exist by now, the next cursor, and
        whether another page is ready now."""
        initial = self.inbox.mentions[platform]
        i, k = decode_cursor(platform, cursor, len(initial))
        now = self.clock()
        posts: list[DemoPost] = []
        while len(posts) < PAGE_SIZE and i < len(initial) and initial[i].created_at <= now:
            posts.append(initial[i])
            i += 1
        # The live stream follows the initial inbox, which ends at the anchor.
        if i == len(initial):
            while len(posts) < PAGE_SIZE and self._live_due(k, now):
                if live_platform(self.seed, k) is platform:
                    posts.append(self._live(k))
                k += 1
        return posts, encode_cursor(platform, (i, k)), self._ready(platform, i, k, now)

    def _ready(self, platform: Platform, i: int, k: int, now: datetime) -> bool:
        initial = self.inbox.mentions[platform]
        if i < len(initial):
            return initial[i].created_at <= now
        while self._live_due(k, now):
            if live_platform(self.seed, k) is platform:
                return True
            k += 1
        return False

    def search(
        self, platform: Platform, found: Callable[[DemoPost], bool], cursor: str | None
    ) -> tuple[list[DemoPost], str, bool]:
        """Up to ``PAGE_SIZE`` of the posts that name the brand without tagging it, after
        ``cursor``, that exist by now and that ``found`` keeps; the next cursor; whether more
        are ready now."""
        heard = self.inbox.heard.get(platform, ())
        start = _heard_position(platform, cursor, len(heard))
        now = self.clock()
        posts: list[DemoPost] = []
        i = start
        while len(posts) < PAGE_SIZE and i < len(heard) and heard[i].created_at <= now:
            if found(heard[i]):
                posts.append(heard[i])
            i += 1
        more = i < len(heard) and heard[i].created_at <= now
        return posts, f"{_HEARD_TAG}:{platform.value}:{i}", more

    def find(self, platform: Platform, remote_id: str) -> DemoPost | None:
        """The post ``remote_id`` on ``platform`` if it exists by now (initial or live)."""
        now = self.clock()
        post = self.inbox.posts.get(remote_id)
        if post is None:
            k = live_index(platform, remote_id, self.anchor, self.arrival_interval)
            if k is not None and self._live_due(k, now):
                post = self._live(k)
        if post is None or post.remote_id != remote_id or post.platform is not platform:
            return None
        return post if post.created_at <= now else None

    def replies_to(self, remote_id: str) -> list[SentReply]:
        """What the brand posted in reply to ``remote_id``, oldest first (generated or sent)."""
        replies = [
            SentReply(p.remote_id, remote_id, p.text, p.created_at, p.url)
            for p in self.inbox.brand_replies.get(remote_id, ())
        ]
        replies += [r.reply for r in self._loaded().sent if r.reply.in_reply_to_id == remote_id]
        return sorted(replies, key=lambda r: r.created_at)

    def answered(self, remote_id: str) -> tuple[datetime, str] | None:
        """When the brand first answered ``remote_id`` and who signed it, if it did."""
        first: tuple[datetime, str] | None = None
        for post in self.inbox.brand_replies.get(remote_id, ()):
            if first is None or post.created_at < first[0]:
                first = (post.created_at, post.signer or BRAND_NAME)
        for record in self._loaded().sent:
            reply = record.reply
            if reply.in_reply_to_id == remote_id and (first is None or reply.created_at < first[0]):
                first = (reply.created_at, BRAND_NAME)
        return first

    def sent_with_key(self, account_id: str, idempotency_key: str) -> SentReply | None:
        """The reply already posted by ``account_id`` with ``idempotency_key``, if any."""
        for record in self._loaded().sent:
            if record.account_id == account_id and record.idempotency_key == idempotency_key:
                return record.reply
        return None

    def record_reply(
        self, account_id: str, parent: DemoPost, text: str, idempotency_key: str
    ) -> SentReply:
        """Post the brand's reply to ``parent`` and save it; a known key returns the old reply."""
        existing = self.sent_with_key(account_id, idempotency_key)
        if existing is not None:
            return existing
        state = self._loaded()
        created_at = self.clock()
        taken = {r.reply.remote_id for r in state.sent}
        serial = len(state.sent) + 1
        brand = brand_author(parent.platform)
        minted = created_at
        where = address(parent.platform, brand, minted, f"s-{serial:06d}", serial)
        # Like a PDS's monotonic TID clock: never reuse a record key minted at the same instant.
        while where.remote_id in taken or where.remote_id in self.inbox.posts:
            minted += timedelta(microseconds=1)
            where = address(parent.platform, brand, minted, f"s-{serial:06d}", serial)
        reply = SentReply(where.remote_id, parent.remote_id, text, created_at, where.url)
        state.sent.append(SentRecord(account_id, idempotency_key, reply))
        try:
            save_state(self.state_file, state)
        except ConfigError:
            state.sent.pop()  # not saved means not posted: memory must match the file
            raise
        return reply

    def intended_class(self, remote_id: str) -> str | None:
        """The class a mention was generated as (for tests and triage benchmarks), if known."""
        for platform in Platform:
            post = self.find(platform, remote_id)
            if post is not None and post.label:
                return post.label
        return None
