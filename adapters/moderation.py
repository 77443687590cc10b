"""Hiding a reply under the brand's own post, on networks that allow it (Threads'
``manage_reply``). The UI asks ``can_hide`` and says so when a network cannot."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from adapters.records import Mention


@runtime_checkable
class ReplyHider(Protocol):
    """An adapter that can hide and unhide replies to the brand's posts."""

    async def hide_reply(self, mention: Mention, hide: bool) -> None:
        """Hide (``hide=True``) or show again the reply ``mention``; typed errors only."""
        ...


def can_hide(adapter: object) -> ReplyHider | None:
    """``adapter`` as a ``ReplyHider``, or ``None`` when its network has no such thing."""
    return adapter if isinstance(adapter, ReplyHider) else None
