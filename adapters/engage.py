"""Quick actions on a mention: like, boost and follow its author (an optional capability).

A network that can do them implements ``Engaging``; one that cannot does not, and
``can_engage`` says so plainly. Every act is safe to repeat: Mastodon's favourite, reblog and
follow leave the same state however often they are sent, and Bluesky's records are written
under a record key derived from the act and its subject, so a retry rewrites the same record
instead of adding a second like. Each act can be taken back (``disengage``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol, runtime_checkable

from adapters.records import Mention


class Act(StrEnum):
    """What the brand does to a mention."""

    LIKE = "like"
    BOOST = "boost"
    FOLLOW = "follow"


@dataclass(frozen=True, slots=True)
class Engaged:
    """An act the network has taken: what undoing it needs."""

    act: Act
    target: str
    """The post's remote id (like, boost) or the author's (follow)."""
    ref: str = ""
    """The network's handle on the act itself (Bluesky: the record key), if it has one."""


@runtime_checkable
class Engaging(Protocol):
    """What a network that can like, boost and follow offers beyond ``Adapter``."""

    words: Mapping[Act, str]
    """The network's own word for each act ("favourite", "repost"), for toasts."""

    async def engage(self, act: Act, mention: Mention) -> Engaged:
        """Take ``act`` on ``mention`` (follow: its author); repeating it changes nothing."""
        ...

    async def disengage(self, done: Engaged) -> None:
        """Take ``done`` back (unlike, unboost, unfollow); repeating it changes nothing."""
        ...


def can_engage(adapter: object) -> Engaging | None:
    """``adapter`` as an ``Engaging``, or ``None`` when its network cannot do these acts."""
    return adapter if isinstance(adapter, Engaging) else None
