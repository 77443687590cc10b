"""X (Twitter) over the API v2, in the shape every network shares (see docs/architecture.md).

Besides ``login``, ``http``, ``pull``, ``send`` and ``text``: ``oauth`` (the PKCE sign-in),
``tokens`` (the login kept in the keyring), ``problems`` (X's error bodies), ``parse`` and
``fields`` (bodies to records), ``thread``. Only ``XAdapter`` is exported, loaded on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from adapters.x.adapter import XAdapter

__all__ = ["XAdapter"]


def __getattr__(name: str) -> object:
    if name == "XAdapter":
        from adapters.x.adapter import XAdapter

        return XAdapter
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
