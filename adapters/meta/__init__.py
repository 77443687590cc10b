"""Meta: a Facebook Page, its Messenger inbox and its linked Instagram business account.

The same shape as every network: ``login`` (sign-in, tokens), ``http`` (the Graph transport,
its errors in ``faults`` and usage headers in ``usage``), ``pull`` (comments and messages in),
``send`` (replies out, exactly once), ``text`` (length and reply-window rules), ``entry`` (its
line in ``adapters.networks``). Only the adapter class is exported, loaded on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from adapters.meta.adapter import MetaAdapter

__all__ = ["MetaAdapter"]


def __getattr__(name: str) -> object:
    if name == "MetaAdapter":
        from adapters.meta.adapter import MetaAdapter

        return MetaAdapter
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
