"""Send: a threaded reply record via putRecord under a TID from the outbox key, exactly once."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest

from adapters.base import Adapter
from adapters.bluesky import BlueskyAdapter
from adapters.bluesky.session import BskySession
from adapters.bluesky.text import LINK_TYPE, MENTION_TYPE
from adapters.errors import AuthError, BadPayload, ConfigError
from adapters.records import BLUESKY_LIMITS, Author, Mention, OutgoingReply, Platform
from adapters.tid import tid_from_key
from tests.fakes.bluesky import (
    BRAND_DID,
    FAN_DID,
    MENTION_CID,
    MENTION_URI,
    FakePds,
    brand_account,
    brand_session,
    load,
    reply,
)

KEY = "rd-1795388400106626-00000000abcd"
RKEY = tid_from_key(KEY)
POST_LEXICON = load("lexicons/app.bsky.feed.post.json")["defs"]["main"]["record"]
PUT_LEXICON = load("lexicons/com.atproto.repo.putRecord.json")["defs"]["main"]["input"]["schema"]


def recorded_mention() -> Mention:
    """The mention recorded on the local PDS, as pull reads it (top level: root = itself)."""
    meta = {
        "cid": MENTION_CID,
        "root_uri": MENTION_URI,
        "root_cid": MENTION_CID,
        "author_did": FAN_DID,
    }
    return Mention(
        f"bluesky:{BRAND_DID}",
        MENTION_URI,
        Platform.BLUESKY,
        Author(FAN_DID, "fan.test"),
        "Héllo 👋 @brand.test my order #42 never arrived, can you help?",
        datetime(2026, 11, 22, 22, 59, 57, 716000, tzinfo=UTC),
        language="en",
        meta=meta,
    )


def outgoing(
    text: str = "Sorry about that! We have sent you a tracking link.",
    mention: Mention | None = None,
) -> OutgoingReply:
    return OutgoingReply(f"bluesky:{BRAND_DID}", mention or recorded_mention(), text)


def adapter_on(pds: FakePds, stored: list[BskySession] | None = None) -> BlueskyAdapter:
    return BlueskyAdapter(
        brand_account(),
        brand_session(),
        transport=pds.transport(),
        on_session=stored.append if stored is not None else None,
    )


def put_bodies(pds: FakePds) -> list[dict[str, Any]]:
    return [json.loads(r.content) for r in pds.requests if r.url.path.endswith("putRecord")]


def test_the_adapter_implements_the_protocol() -> None:
    assert isinstance(adapter_on(FakePds()), Adapter)


async def test_a_reply_is_written_with_put_record_under_the_keys_tid() -> None:
    pds = FakePds()
    sent = await adapter_on(pds).send(outgoing(), KEY)
    (body,) = put_bodies(pds)
    assert set(PUT_LEXICON["required"]) <= set(body)
    assert (body["repo"], body["collection"], body["rkey"]) == (
        BRAND_DID,
        "app.bsky.feed.post",
        RKEY,
    )
    record = body["record"]
    assert set(POST_LEXICON["required"]) <= set(record)
    assert record["$type"] == "app.bsky.feed.post"
    assert record["text"] == "Sorry about that! We have sent you a tracking link."
    assert record["createdAt"] == "2026-11-22T23:00:00.106Z"  # the TID's (queue) time
    assert record["langs"] == ["en"]
    strong = {"uri": MENTION_URI, "cid": MENTION_CID}
    assert record["reply"] == {"root": strong, "parent": strong}
    assert "facets" not in record
    assert sent.remote_id == f"at://{BRAND_DID}/app.bsky.feed.post/{RKEY}"
    assert sent.in_reply_to_id == MENTION_URI
    assert sent.url == f"https://bsky.app/profile/{BRAND_DID}/post/{RKEY}"
    assert sent.created_at == datetime(2026, 11, 22, 23, 0, 0, 106000, tzinfo=UTC)


async def test_the_same_key_twice_posts_once() -> None:
    pds = FakePds()
    bluesky = adapter_on(pds)
    first = await bluesky.send(outgoing(), KEY)
    second = await bluesky.send(outgoing(), KEY)
    assert first == second
    assert list(pds.records) == [RKEY]
    bodies = put_bodies(pds)
    assert len(bodies) == 2
    assert bodies[0] == bodies[1]  # byte-identical record, so the PDS answers the same cid


async def test_a_reply_to_a_reply_keeps_the_conversation_root() -> None:
    root = {"uri": "at://did:plc:root/app.bsky.feed.post/3k43tv4rft22g", "cid": "bafyreiroot"}
    meta = {
        "cid": MENTION_CID,
        "root_uri": root["uri"],
        "root_cid": root["cid"],
        "parent_uri": "at://did:plc:x/app.bsky.feed.post/3k43tv4rft33g",
        "parent_cid": "bafyreiparent",
        "author_did": FAN_DID,
    }
    mention = Mention(
        f"bluesky:{BRAND_DID}",
        MENTION_URI,
        Platform.BLUESKY,
        Author(FAN_DID, "fan.test"),
        "hi",
        datetime(2026, 1, 1, tzinfo=UTC),
        meta=meta,
    )
    pds = FakePds()
    await adapter_on(pds).send(outgoing("thanks!", mention), KEY)
    record = put_bodies(pds)[0]["record"]
    assert record["reply"] == {"root": root, "parent": {"uri": MENTION_URI, "cid": MENTION_CID}}
    assert "langs" not in record  # the mention's language is unknown: declare none


async def test_a_malformed_language_is_not_declared() -> None:
    pds = FakePds()
    mention = replace(recorded_mention(), language="en US!")
    await adapter_on(pds).send(outgoing(mention=mention), KEY)
    assert "langs" not in put_bodies(pds)[0]["record"]


async def test_mentions_and_links_get_byte_facets_and_unknown_handles_stay_text() -> None:
    pds = FakePds()
    text = "Héllo 👋 @fan.test, tracking: https://track.example/42 — cc @ghost.example"
    await adapter_on(pds).send(outgoing(text), KEY)
    record = put_bodies(pds)[0]["record"]
    data = text.encode()
    spans = [
        (data[f["index"]["byteStart"] : f["index"]["byteEnd"]], f["features"][0])
        for f in record["facets"]
    ]
    assert spans == [
        (b"@fan.test", {"$type": MENTION_TYPE, "did": FAN_DID}),
        (b"https://track.example/42", {"$type": LINK_TYPE, "uri": "https://track.example/42"}),
    ]
    resolved = [
        r.url.params["handle"] for r in pds.requests if r.url.path.endswith("resolveHandle")
    ]
    assert resolved == ["fan.test", "ghost.example"]


async def test_reconcile_finds_the_reply_only_once_it_exists() -> None:
    pds = FakePds()
    bluesky = adapter_on(pds)
    assert await bluesky.reconcile(outgoing(), KEY) is None
    sent = await bluesky.send(outgoing(), KEY)
    found = await bluesky.reconcile(outgoing(), KEY)
    assert found == sent
    lookup = [r for r in pds.requests if r.url.path.endswith("getRecord")][-1].url.params
    assert (lookup["repo"], lookup["collection"], lookup["rkey"]) == (
        BRAND_DID,
        "app.bsky.feed.post",
        RKEY,
    )


async def test_a_key_that_is_already_taken_counts_as_sent() -> None:
    pds = FakePds()
    bluesky = adapter_on(pds)
    sent = await bluesky.send(outgoing(), KEY)
    pds.routes["com.atproto.repo.putRecord"] = lambda request: reply(
        400, {"error": "InvalidSwap", "message": "Record already exists"}
    )
    assert await bluesky.send(outgoing(), KEY) == sent


async def test_an_expired_token_during_send_refreshes_once_and_posts_once() -> None:
    pds = FakePds()
    pds.expire_access()
    stored: list[BskySession] = []
    await adapter_on(pds, stored).send(outgoing(), KEY)
    assert pds.calls == [
        "com.atproto.repo.putRecord",
        "com.atproto.server.refreshSession",
        "com.atproto.repo.putRecord",
    ]
    assert len(pds.records) == 1
    assert [s.access_jwt for s in stored] == ["access-2"]


async def test_a_key_not_from_the_outbox_is_refused_before_any_request() -> None:
    pds = FakePds()
    with pytest.raises(ConfigError, match="record key"):
        await adapter_on(pds).send(outgoing(), "replydesk-1")
    with pytest.raises(ConfigError, match="record key"):
        await adapter_on(pds).reconcile(outgoing(), "replydesk-1")
    assert pds.calls == []


async def test_a_mention_without_its_references_is_not_answered_blindly() -> None:
    bare = Mention(
        f"bluesky:{BRAND_DID}",
        MENTION_URI,
        Platform.BLUESKY,
        Author(FAN_DID, "fan.test"),
        "hi",
        datetime(2026, 1, 1, tzinfo=UTC),
    )
    pds = FakePds()
    with pytest.raises(BadPayload, match="sync"):
        await adapter_on(pds).send(outgoing(mention=bare), KEY)
    assert pds.calls == []


async def test_whoami_checks_the_session_and_follows_a_handle_change() -> None:
    pds = FakePds()
    pds.routes["com.atproto.server.getSession"] = lambda request: reply(
        200, {"did": BRAND_DID, "handle": "brand.example"}
    )
    assert (await adapter_on(pds).whoami()).handle == "brand.example"
    pds.routes["com.atproto.server.getSession"] = lambda request: reply(
        200, {"did": FAN_DID, "handle": "fan.test"}
    )
    with pytest.raises(AuthError, match="another account"):
        await adapter_on(pds).whoami()


async def test_limits_are_bluesky_graphemes_and_bytes() -> None:
    bluesky = adapter_on(FakePds())
    assert await bluesky.limits() == BLUESKY_LIMITS
    assert (BLUESKY_LIMITS.max_graphemes, BLUESKY_LIMITS.max_bytes) == (
        POST_LEXICON["properties"]["text"]["maxGraphemes"],
        POST_LEXICON["properties"]["text"]["maxLength"],
    )
    await bluesky.aclose()
