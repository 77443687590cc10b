"""Mastodon quick actions: favourite, reblog and follow, and their undo.

Each is one POST that leaves the same state however often it is sent (a second favourite of a
favourited status answers with the status as it is), so a retry after a lost answer is safe.
"""

from __future__ import annotations

from types import MappingProxyType
from urllib.parse import quote

from adapters.engage import Act, Engaged
from adapters.mastodon.pull import MastodonPull
from adapters.records import Mention

_PATHS = {
    Act.LIKE: ("/api/v1/statuses/{}/favourite", "/api/v1/statuses/{}/unfavourite"),
    Act.BOOST: ("/api/v1/statuses/{}/reblog", "/api/v1/statuses/{}/unreblog"),
    Act.FOLLOW: ("/api/v1/accounts/{}/follow", "/api/v1/accounts/{}/unfollow"),
}


class MastodonEngage(MastodonPull):
    """The quick actions of ``MastodonAdapter`` (``adapters.engage.Engaging``)."""

    words = MappingProxyType({Act.LIKE: "favourite", Act.BOOST: "boost", Act.FOLLOW: "follow"})

    async def engage(self, act: Act, mention: Mention) -> Engaged:
        """Favourite or boost the mention, or follow its author."""
        target = mention.author.remote_id if act is Act.FOLLOW else mention.remote_id
        await self._http.post(_PATHS[act][0].format(quote(target, safe="")), {}, status=True)
        return Engaged(act, target)

    async def disengage(self, done: Engaged) -> None:
        """Unfavourite, unboost or unfollow."""
        path = _PATHS[done.act][1].format(quote(done.target, safe=""))
        await self._http.post(path, {}, status=True)
