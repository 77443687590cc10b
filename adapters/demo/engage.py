"""Demo quick actions: like, boost and follow, kept by the demo network for this session.

Like the real networks, each act is a state, not an event: doing it twice leaves one like,
and undoing it twice leaves none. The demo's acts live in memory (its state file keeps only
what the brand posted).
"""

from __future__ import annotations

import asyncio
from types import MappingProxyType

from adapters.demo.pull import DemoPull
from adapters.engage import Act, Engaged
from adapters.records import Mention


class DemoEngage(DemoPull):
    """The quick actions of ``DemoAdapter`` (``adapters.engage.Engaging``)."""

    words = MappingProxyType({Act.LIKE: "like", Act.BOOST: "boost", Act.FOLLOW: "follow"})

    async def engage(self, act: Act, mention: Mention) -> Engaged:
        """Like or boost the mention (which must exist), or follow its author."""
        await asyncio.sleep(self.latency)
        post = self._post(mention.remote_id)
        target = post.author.remote_id if act is Act.FOLLOW else post.remote_id
        self.network.engaged.add((self.account.id, act.value, target))
        return Engaged(act, target)

    async def disengage(self, done: Engaged) -> None:
        """Take the act back."""
        await asyncio.sleep(self.latency)
        self.network.engaged.discard((self.account.id, done.act.value, done.target))
