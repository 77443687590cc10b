"""Bluesky out: a threaded reply written once, under a record key derived from the outbox row.

Send writes an ``app.bsky.feed.post`` with ``com.atproto.repo.putRecord`` under a record key
derived from the outbox row (a TID), with a ``createdAt`` derived from the same key: a retry
writes the very same record, which the PDS answers with the same uri and cid instead of a
second post.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from adapters.bluesky.http import JsonObject, XrpcRejected
from adapters.bluesky.pull import BlueskyPull
from adapters.bluesky.records import (
    POST_COLLECTION,
    is_language_tag,
    parse_at_uri,
    parse_datetime,
    post_url,
)
from adapters.bluesky.text import build_facets
from adapters.errors import BadPayload, ConfigError
from adapters.records import (
    Mention,
    OutgoingReply,
    SentReply,
)
from adapters.tid import tid_datetime, tid_from_key


class BlueskySend(BlueskyPull):
    """The writing half of ``BlueskyAdapter``: send, reconcile, and the handles facets need."""

    async def send(self, reply: OutgoingReply, idempotency_key: str) -> SentReply:
        """Post ``reply`` under the record key derived from ``idempotency_key`` (see module)."""
        rkey = _rkey(idempotency_key)
        # Milliseconds, as written in createdAt, so send and reconcile report the same time.
        moment = tid_datetime(rkey)
        created = moment.replace(microsecond=moment.microsecond // 1000 * 1000)
        record: JsonObject = {
            "$type": POST_COLLECTION,
            "text": reply.text,
            "createdAt": _iso(created),
            "reply": _reply_refs(reply.mention),
        }
        if is_language_tag(reply.mention.language):
            # The draft answers in the mention's language; Bluesky wants it for feeds/filters.
            # A malformed tag would make the PDS refuse the whole record, so it is left out.
            record["langs"] = [reply.mention.language]
        facets = await build_facets(reply.text, self._resolve_handle)
        if facets:
            record["facets"] = facets
        body = {
            "repo": self.session.did,
            "collection": POST_COLLECTION,
            "rkey": rkey,
            "record": record,
        }
        try:
            data = await self._xrpc.procedure("com.atproto.repo.putRecord", body)
        except XrpcRejected as exc:
            # Should a PDS ever refuse the same key as taken, the post exists: that is "sent".
            if exc.error == "InvalidSwap" or "already exists" in exc.msg.lower():
                existing = await self.reconcile(reply, idempotency_key)
                if existing is not None:
                    return existing
            raise
        uri = data.get("uri")
        if parse_at_uri(uri) is None:
            raise BadPayload("Bluesky accepted the reply but did not say where it is.")
        return SentReply(str(uri), reply.mention.remote_id, reply.text, created, post_url(str(uri)))

    async def reconcile(self, reply: OutgoingReply, idempotency_key: str) -> SentReply | None:
        """The reply written under this key's record key, if the PDS has it."""
        rkey = _rkey(idempotency_key)
        params = {"repo": self.session.did, "collection": POST_COLLECTION, "rkey": rkey}
        try:
            data = await self._xrpc.query("com.atproto.repo.getRecord", params)
        except XrpcRejected as exc:
            if exc.error == "RecordNotFound":
                return None
            raise
        uri, value = data.get("uri"), data.get("value")
        if parse_at_uri(uri) is None or not isinstance(value, dict):
            raise BadPayload("Bluesky answered the record lookup without the record.")
        text = value.get("text")
        return SentReply(
            remote_id=str(uri),
            in_reply_to_id=reply.mention.remote_id,
            text=text if isinstance(text, str) else reply.text,
            created_at=parse_datetime(value.get("createdAt")) or tid_datetime(rkey),
            url=post_url(str(uri)),
        )

    async def _resolve_handle(self, handle: str) -> str | None:
        try:
            data = await self._xrpc.query("com.atproto.identity.resolveHandle", {"handle": handle})
        except XrpcRejected:
            return None  # unknown or invalid handle: the mention stays plain text
        did = data.get("did")
        return did if isinstance(did, str) and did.startswith("did:") else None


def _reply_refs(mention: Mention) -> dict[str, Any]:
    meta = mention.meta
    cid, root_uri, root_cid = meta.get("cid"), meta.get("root_uri"), meta.get("root_cid")
    if not (cid and root_uri and root_cid):
        raise BadPayload(
            "This mention lacks the Bluesky references a reply needs; sync the account again."
        )
    return {
        "root": {"uri": root_uri, "cid": root_cid},
        "parent": {"uri": mention.remote_id, "cid": cid},
    }


def _rkey(idempotency_key: str) -> str:
    try:
        return tid_from_key(idempotency_key)
    except ValueError as exc:
        raise ConfigError(
            f"The outbox entry's key cannot become a Bluesky record key ({exc}); "
            "discard the queued reply and write it again."
        ) from exc


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")
