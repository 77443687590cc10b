"""Threads: parents oldest first, the focus, the brand's replies; deleted and blocked posts."""

from __future__ import annotations

import copy
import itertools
import json
import re
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from adapters.bluesky import BlueskyAdapter
from adapters.bluesky.pull import PARENT_HEIGHT
from adapters.errors import BadPayload
from adapters.records import Author, Mention, Platform, PostState
from tests.fakes.bluesky import (
    BRAND_DID,
    FAN_DID,
    MENTION_CID,
    MENTION_URI,
    brand_account,
    brand_session,
    load,
    reply,
)

THREAD = "app.bsky.feed.getPostThread"
DART = load("getPostThread.atproto-dart.json")


def placeholders_to_ids(document: Any) -> Any:
    """The AppView snapshots use placeholders (``record(5)``, ``user(0)``, ``cids(2)``) where real
    answers have AT-URIs, DIDs and CIDs; give them well-formed stand-ins."""
    text = json.dumps(document)
    text = re.sub(
        r"record\((\d+)\)", r"at://did:plc:snapshotuser/app.bsky.feed.post/3jzfcijpj2z2\1", text
    )
    text = re.sub(r"user\((\d+)\)", r"did:plc:snapshotuser\1", text)
    text = re.sub(r"cids\((\d+)\)", r"bafyreisnapshot\1", text)
    return json.loads(text)


def mention_of(uri: str, created: datetime = datetime(2026, 11, 22, 23, tzinfo=UTC)) -> Mention:
    meta = {"cid": MENTION_CID, "root_uri": uri, "root_cid": MENTION_CID, "author_did": FAN_DID}
    return Mention(
        f"bluesky:{BRAND_DID}",
        uri,
        Platform.BLUESKY,
        Author(FAN_DID, "fan.test"),
        "hi",
        created,
        meta=meta,
    )


class Serve:
    def __init__(self, response: httpx.Response) -> None:
        self.response = response
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        assert request.url.path == f"/xrpc/{THREAD}"
        self.requests.append(request)
        return self.response


def adapter(serve: Serve) -> BlueskyAdapter:
    return BlueskyAdapter(brand_account(), brand_session(), transport=httpx.MockTransport(serve))


async def test_parents_come_oldest_first_up_to_the_parent_height() -> None:
    serve = Serve(reply(200, DART))
    focus = DART["thread"]["post"]
    posts = await adapter(serve).thread(mention_of(focus["uri"]))
    params = serve.requests[0].url.params
    assert (params["uri"], params["depth"], params["parentHeight"]) == (
        focus["uri"],
        "1",
        str(PARENT_HEIGHT),
    )
    assert len(posts) == PARENT_HEIGHT + 1
    assert posts[-1].is_focus
    assert posts[-1].remote_id == focus["uri"]
    assert posts[-1].text.startswith("hellthread hellthread hellthread\n\ndid it work?")
    assert posts[-1].text.endswith("[image (no description)]")
    assert posts[-2].remote_id == DART["thread"]["parent"]["post"]["uri"]
    assert [p.created_at for p in posts] == sorted(p.created_at for p in posts)
    assert all(p.in_reply_to_id == q.remote_id for q, p in itertools.pairwise(posts))
    assert not any(p.is_brand for p in posts)


async def test_a_blocked_ancestor_is_shown_as_blocked_and_ends_the_chain() -> None:
    document = copy.deepcopy(DART)
    node = document["thread"]
    while "parent" in node:
        node = node["parent"]
    blocked = node  # the recorded blockedPost (its author has "type", not "$type", as recorded)
    document["thread"]["parent"]["parent"] = blocked
    posts = await adapter(Serve(reply(200, document))).thread(
        mention_of(DART["thread"]["post"]["uri"])
    )
    assert [p.state for p in posts] == [PostState.BLOCKED, PostState.OK, PostState.OK]
    assert posts[0].remote_id == blocked["uri"]
    assert posts[0].author.remote_id == blocked["author"]["did"]
    assert posts[0].created_at == posts[1].created_at


async def test_a_deleted_parent_is_shown_as_not_found() -> None:
    document = {
        "thread": placeholders_to_ids(load("getPostThread_notFoundPost_parent.snapshot.json"))
    }
    focus_uri = document["thread"]["post"]["uri"]
    posts = await adapter(Serve(reply(200, document))).thread(mention_of(focus_uri))
    assert [(p.state, p.is_focus) for p in posts] == [
        (PostState.NOT_FOUND, False),
        (PostState.OK, True),
    ]
    assert posts[0].remote_id == document["thread"]["parent"]["uri"]
    assert posts[1].text == "Reply reply"
    assert posts[1].in_reply_to_id == posts[0].remote_id


async def test_a_blocked_focus_is_shown_as_blocked() -> None:
    document = {"thread": placeholders_to_ids(load("getPostThread_blockedPost.snapshot.json"))}
    mention = mention_of(document["thread"]["uri"])
    (post,) = await adapter(Serve(reply(200, document))).thread(mention)
    assert (post.state, post.is_focus, post.created_at) == (
        PostState.BLOCKED,
        True,
        mention.created_at,
    )


async def test_a_post_the_network_no_longer_has_is_not_found() -> None:
    serve = Serve(reply(400, {"error": "NotFound", "message": "Post not found: " + MENTION_URI}))
    (post,) = await adapter(serve).thread(mention_of(MENTION_URI))
    assert (post.state, post.is_focus, post.remote_id) == (PostState.NOT_FOUND, True, MENTION_URI)


async def test_the_brands_replies_follow_the_focus_and_answer_it() -> None:
    after = load("local-pds/getPostThread-after-reply.json")
    bluesky = adapter(Serve(reply(200, after)))
    posts = await bluesky.thread(mention_of(MENTION_URI))
    assert [(p.is_focus, p.is_brand) for p in posts] == [
        (True, False),
        (False, True),
        (False, True),
    ]
    assert posts[1].text == "Sorry about that! We have sent you a tracking link."
    assert posts[0].text == "Héllo 👋 @brand.test my order #42 never arrived, can you help?"
    answer = await bluesky.answered(mention_of(MENTION_URI))
    assert answer is not None
    assert answer.remote_id == after["thread"]["replies"][0]["post"]["uri"]
    assert answer.in_reply_to_id == MENTION_URI
    assert answer.created_at == datetime(2026, 1, 1, tzinfo=UTC)
    assert (
        answer.url == "https://bsky.app/profile/did:plc:26qmx5zvzvo4rscgdusxj3mk/post/3n2wprx6z64tc"
    )


async def test_answered_looks_only_at_direct_replies_without_parents() -> None:
    serve = Serve(reply(200, load("local-pds/getPostThread-before-reply.json")))
    assert await adapter(serve).answered(mention_of(MENTION_URI)) is None
    assert serve.requests[0].url.params["parentHeight"] == "0"


async def test_embedded_media_and_quotes_are_written_into_the_thread_text() -> None:
    document = load("getPostThread_embed_media.marshalx.json")
    (post,) = await adapter(Serve(reply(200, document))).thread(
        mention_of(document["thread"]["post"]["uri"])
    )
    assert post.text == (
        "[quotes https://bsky.app/profile/did:plc:kvwvcn5iqfooopmyzvb4qzba/post/3kahesw26il2z]\n"
        "[image (no description)]"
    )


@pytest.mark.parametrize("body", [{}, {"thread": "x"}, {"thread": {"post": {"uri": "nope"}}}])
async def test_an_unreadable_thread_is_a_bad_payload(body: Any) -> None:
    with pytest.raises(BadPayload):
        await adapter(Serve(reply(200, body))).thread(mention_of(MENTION_URI))
