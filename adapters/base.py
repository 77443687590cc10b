"""The one protocol every network adapter implements.

An adapter speaks to exactly one account on one network. All methods are async and raise only
the typed errors of ``adapters.errors``. Adapters own their HTTP client; ``aclose`` releases it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol, runtime_checkable

from adapters.records import (
    Account,
    Limits,
    Mention,
    OutgoingReply,
    PullBatch,
    SearchBatch,
    SentReply,
    ThreadPost,
)
from adapters.watch import WatchList, WatchTerm


@runtime_checkable
class Adapter(Protocol):
    """A network as ReplyDesk sees it."""

    account: Account

    async def whoami(self) -> Account:
        """Verify the credentials and return the account they belong to."""
        ...

    async def pull(self, cursor: str | None) -> PullBatch:
        """Return the mentions newer than ``cursor`` (``None``: the first sync window)."""
        ...

    async def thread(self, mention: Mention) -> tuple[ThreadPost, ...]:
        """The conversation around ``mention``, oldest first, including the brand's replies."""
        ...

    async def send(self, reply: OutgoingReply, idempotency_key: str) -> SentReply:
        """Post ``reply``. The same key must never produce a second post where the network
        allows it to be guaranteed (see ``reconcile`` for where it does not)."""
        ...

    async def reconcile(self, reply: OutgoingReply, idempotency_key: str) -> SentReply | None:
        """After a send of unknown outcome: the brand's matching reply if it was posted."""
        ...

    async def limits(self) -> Limits:
        """How this network counts a post's length."""
        ...

    async def aclose(self) -> None:
        """Release connections."""
        ...


@runtime_checkable
class Preparing(Protocol):
    """An adapter whose network posts in two steps (Threads: a container, then a publish).

    The outbox calls ``prepare`` once per reply and stores what it returns on the reply's row
    before ``send`` is called with it (``OutgoingReply.network_ref``), so that after a crash or
    an unknown outcome the same prepared post is published, never a second one made.
    """

    async def prepare(self, reply: OutgoingReply) -> str:
        """Make the network-side draft of ``reply``; its id."""
        ...


@runtime_checkable
class Searcher(Protocol):
    """What a network that can search offers beyond ``Adapter`` (optional: a network without
    search does not implement it, and ``can_search`` says so plainly)."""

    def refusal(self, term: WatchTerm) -> str | None:
        """Why this network's query syntax refuses ``term`` (``None``: it can be searched)."""
        ...

    async def search(self, term: WatchTerm, watch: WatchList, cursor: str | None) -> SearchBatch:
        """Posts that contain ``term`` newer than ``cursor`` (``None``: the first-sync
        window), leaving out what ``watch``'s exclusions name and posts by the brand."""
        ...


@runtime_checkable
class MeteredSearch(Protocol):
    """A ``Searcher`` whose network bills every post a search reads (X): the sync keeps its
    reads under the month's cap in the config and says what they cost."""

    def allow_reads(self, reads: int) -> None:
        """How many posts the next searches may read (what is left of the month's cap)."""
        ...

    def reads_cost(self, reads: int) -> str:
        """What reading ``reads`` posts costs, in words ("$2.50 ($0.005 a post read)")."""
        ...


def can_search(adapter: Adapter) -> Searcher | None:
    """``adapter`` as a ``Searcher``, or ``None`` when its network cannot search."""
    return adapter if isinstance(adapter, Searcher) else None


@runtime_checkable
class Throttled(Protocol):
    """What a network that paces itself by the usage it reports offers beyond ``Adapter``
    (optional: Meta's usage headers). The app's header shows the note."""

    def throttle_note(self, now: datetime) -> str:
        """ "Facebook paused 3 min: app usage 95 %", "" while requests go out freely."""
        ...


def throttle_note(adapter: Adapter, now: datetime) -> str:
    """``adapter``'s throttle note, "" for a network that reports none."""
    return adapter.throttle_note(now) if isinstance(adapter, Throttled) else ""
