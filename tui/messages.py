"""Messages that carry worker results back to the UI (dataclasses, as Textual intends)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from textual.message import Message

from adapters.errors import ReplyDeskError
from adapters.records import ThreadPost
from store import StoredMention
from store.models import QueueCounts
from store.pages import PageKey

if TYPE_CHECKING:
    from adapters.base import Adapter  # the networks' base: loaded with the adapters
    from sync.push import PushOutcome  # the outbox's code loads with its worker


@dataclass
class QueueLoaded(Message):
    """A fresh ranked queue from the store, with the outbox status of each row and the
    header's counts, all read as of ``now`` in the worker."""

    items: list[StoredMention]
    sending: set[int]
    failed: set[int]
    counts: QueueCounts
    now: datetime
    request: int = 0
    """Which ``load_queue`` call this answers (they count up), so an older read that a slow
    thread delivers late never replaces a newer one."""
    tab: str = "inbox"
    """The tab these rows are of."""
    tab_counts: dict[str, int] = field(default_factory=dict)
    """How many mentions each tab holds, by tab key."""
    follow_ups: dict[int, int] = field(default_factory=dict)
    """Follow-ups due among the rows: mention id → follow-up id."""
    held: str = ""
    """The inbox's summary row of what listening held back today ("": none)."""
    keys: list[PageKey] = field(default_factory=list)
    """Each row's place in its tab: the queue's window pages on from them."""
    at_start: bool = True
    at_end: bool = True
    jump: bool | None = None
    """``True``: put the cursor on the last row (``G``); ``False``: on the first; ``None``:
    keep it where it was."""
    final: bool = True
    """False for the read shown while rows whose rank moved are still being rescored; the
    final one, with every rank up to date, follows."""

    def can_replace(self, message: Message) -> bool:
        # Only the newest queue matters; an older one still waiting can be dropped.
        return isinstance(message, QueueLoaded)


@dataclass
class QueuePageLoaded(Message):
    """One more page for the queue's window, read next to ``edge`` (below it if
    ``downward``); ``reached``: it holds the tab's end (or start)."""

    items: list[StoredMention]
    keys: list[PageKey]
    statuses: dict[int, str]
    edge: PageKey
    downward: bool
    reached: bool


@dataclass
class SyncFinished(Message):
    """A pull of every account ended; ``new`` mentions arrived, ``answered`` were found answered
    elsewhere (the web, a phone, a teammate)."""

    new: int
    errors: list[ReplyDeskError]
    answered: int = 0


@dataclass
class ThrottleNoted(Message):
    """What the networks that pace themselves say of their rate limits now ("Facebook paused
    3 min: app usage 95 %"; "" when none is held back), after a pull or a send."""

    note: str

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, ThrottleNoted)  # only the newest matters


@dataclass
class PushFinished(Message):
    """The push worker tried outbox rows."""

    outcomes: list[PushOutcome]


@dataclass
class ThreadLoaded(Message):
    """The conversation around a mention (from the cache or the network)."""

    mention_id: int
    posts: list[ThreadPost]
    from_network: bool
    gone: bool = False


@dataclass
class LimitsLoaded(Message):
    """The networks said how they count a post; the composer's counter can use it."""


@dataclass
class ProfileReady(Message):
    """After the first paint, the profile's triage rules and persona were read and its
    accounts' adapters opened; ``problems`` is what was found wrong doing so."""

    problems: list[ReplyDeskError]
    adapters: dict[str, Adapter]
