"""The Threads adapter: mentions and replies to the brand's posts in, replies out, over the
Threads API. Reading lives in ``pull.py``, posting in ``send.py``."""

from __future__ import annotations

from adapters.errors import BadPayload, Rejected
from adapters.payload import read_opt_str, read_str
from adapters.records import THREADS_LIMITS, Account, Limits, Mention, MentionKind
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

    async def hide_reply(self, mention: Mention, hide: bool) -> None:
        """Hide or show again a reply to the brand's post (``manage_reply``); Threads allows it
        only there, so a mention elsewhere is refused before any request."""
        if mention.kind is not MentionKind.REPLY:
            raise Rejected(
                "Threads lets a brand hide only replies to its own posts; this is a mention."
            )
        await self._ready()
        body = await self._http.post(
            f"{mention.remote_id}/manage_reply", {"hide": "true" if hide else "false"}
        )
        if body.get("success") is not True:
            raise BadPayload("Threads did not confirm the change to the reply.")

    async def limits(self) -> Limits:
        """500 characters (an emoji counts its UTF-8 bytes), at most 5 links."""
        return THREADS_LIMITS

    async def aclose(self) -> None:
        """Release the HTTP connections."""
        await self._http.aclose()
