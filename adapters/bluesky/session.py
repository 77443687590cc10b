"""The Bluesky session type, shared by the login flow and the XRPC client (which refreshes it)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class BskySession:
    """A logged-in Bluesky session; ``pds`` is the base URL of the account's own PDS.

    The tokens are left out of ``repr`` so a log line or traceback can never show them.
    """

    did: str
    handle: str
    access_jwt: str = field(repr=False)
    refresh_jwt: str = field(repr=False)
    pds: str
