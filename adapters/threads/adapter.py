"""The Threads adapter: mentions and replies to the brand's posts in, replies out, over the
Threads API. Reading lives in ``pull.py``, posting in ``send.py``."""

from __future__ import annotations

from adapters.payload import read_opt_str, read_str
from adapters.records import THREADS_LIMITS, Account, Limits
from adapters.threads.login import PROFILE_FIELDS
from adapters.threads.send import ThreadsSend


class ThreadsAdapter(ThreadsSend):
    """One Threads account."""

    async def whoami(self) -> Account:
        """The account the stored token belongs to."""
        await self._ready()
        me = await self._http.get("me", (("fields", PROFILE_FIELDS),))
        return Account(
            id=f"threads:{read_str(me, 'id')}",
            network="threads",
            handle=f"@{read_str(me, 'username')}",
            display_name=read_opt_str(me, "name"),
            server=self.account.server,
        )

    async def limits(self) -> Limits:
        """500 characters (an emoji counts its UTF-8 bytes), at most 5 links."""
        return THREADS_LIMITS

    async def aclose(self) -> None:
        """Release the HTTP connections."""
        await self._http.aclose()
