"""Bluesky quick actions: like, repost and follow as records in the brand's repository.

Each record is written with ``putRecord`` under a record key derived from the act and its
subject (a TID whose time is the mention's and whose clock id is a hash of the act and the
subject), so a retry after a lost answer rewrites the same record (only its time changes): one
like, never two. Undo
deletes that record, which a PDS also answers the same way however often it is asked.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from types import MappingProxyType

from adapters.bluesky.http import JsonObject
from adapters.bluesky.pull import BlueskyPull
from adapters.engage import Act, Engaged
from adapters.errors import BadPayload
from adapters.records import Mention
from adapters.tid import encode_tid

COLLECTIONS = {
    Act.LIKE: "app.bsky.feed.like",
    Act.BOOST: "app.bsky.feed.repost",
    Act.FOLLOW: "app.bsky.graph.follow",
}


def engage_rkey(act: Act, subject: str, mention: Mention) -> str:
    """The record key of ``act`` on ``subject``: the same for every retry of it."""
    micros = int(mention.created_at.timestamp() * 1_000_000)
    digest = hashlib.sha256(f"{act.value} {subject}".encode()).digest()
    return encode_tid(max(micros, 0), int.from_bytes(digest[:2]) & 1023)


class BlueskyEngage(BlueskyPull):
    """The quick actions of ``BlueskyAdapter`` (``adapters.engage.Engaging``)."""

    words = MappingProxyType({Act.LIKE: "like", Act.BOOST: "repost", Act.FOLLOW: "follow"})

    async def engage(self, act: Act, mention: Mention) -> Engaged:
        """Like or repost the mention, or follow its author."""
        record: JsonObject = {"$type": COLLECTIONS[act], "createdAt": _iso(self._clock())}
        if act is Act.FOLLOW:
            subject = mention.meta.get("author_did") or mention.author.remote_id
            record["subject"] = subject
        else:
            cid = mention.meta.get("cid")
            if not cid:
                raise BadPayload(
                    "This mention lacks the Bluesky reference a like or repost needs; "
                    "sync the account again."
                )
            subject = mention.remote_id
            record["subject"] = {"uri": subject, "cid": cid}
        rkey = engage_rkey(act, subject, mention)
        body: JsonObject = {
            "repo": self.session.did,
            "collection": COLLECTIONS[act],
            "rkey": rkey,
            "record": record,
        }
        await self._xrpc.procedure("com.atproto.repo.putRecord", body)
        return Engaged(act, subject, rkey)

    async def disengage(self, done: Engaged) -> None:
        """Delete the act's record."""
        body: JsonObject = {
            "repo": self.session.did,
            "collection": COLLECTIONS[done.act],
            "rkey": done.ref,
        }
        await self._xrpc.procedure("com.atproto.repo.deleteRecord", body)


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")
