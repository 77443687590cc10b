"""Threads: one package in the shape every network shares.

``login`` (sign-in, token refresh), ``http`` (the transport), ``pull`` (mentions and threads
in), ``send`` (replies out, exactly once), ``text`` (the network's text rules), ``entry`` (its
line in ``adapters.networks``). Only the adapter class is exported, and loaded on first use:
importing one of the light modules (say ``text``) must not load the transport.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from adapters.threads.adapter import ThreadsAdapter

__all__ = ["ThreadsAdapter"]


def __getattr__(name: str) -> object:
    if name == "ThreadsAdapter":
        from adapters.threads.adapter import ThreadsAdapter

        return ThreadsAdapter
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
