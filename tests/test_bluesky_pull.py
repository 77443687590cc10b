"""Pull: listNotifications by cursor, mention/reply/quote only, a bounded first sync, then new."""

from __future__ import annotations

import copy
import json
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adapters.bluesky import BlueskyAdapter
from adapters.bluesky.records import UNKNOWN_EMBED
from adapters.errors import BadPayload
from adapters.records import Mention, MentionKind, Platform, PullBatch
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

DART = load("listNotifications.atproto-dart.json")
KEPT = Counter({"reply": 17, "quote": 4, "mention": 3})
LISTING = "app.bsky.notification.listNotifications"


class Pages:
    """listNotifications served in pages of ``size`` with cursors c1, c2, … (the last has none)."""

    def __init__(self, notifications: list[Any], size: int = 50) -> None:
        self.notifications = notifications
        self.size = size
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        assert request.url.path == f"/xrpc/{LISTING}"
        self.requests.append(request)
        cursor = request.url.params.get("cursor")
        start = int(cursor.removeprefix("c")) * self.size if cursor else 0
        body: dict[str, Any] = {"notifications": self.notifications[start : start + self.size]}
        if start + self.size < len(self.notifications):
            body["cursor"] = f"c{start // self.size + 1}"
        return reply(200, body)

    @property
    def cursors(self) -> list[str | None]:
        return [request.url.params.get("cursor") for request in self.requests]


def adapter(handler: Any, now: datetime, **options: Any) -> BlueskyAdapter:
    return BlueskyAdapter(
        brand_account(),
        brand_session(),
        transport=httpx.MockTransport(handler),
        clock=lambda: now,
        **options,
    )


AFTER_DART = datetime(2023, 9, 5, tzinfo=UTC)


async def test_only_mentions_replies_and_quotes_are_kept_across_every_page() -> None:
    pages = Pages(DART["notifications"])
    batch = await adapter(pages, AFTER_DART, first_sync_window=timedelta(days=30)).pull(None)
    assert Counter(m.kind.value for m in batch.mentions) == KEPT
    assert batch.skipped == ()
    assert pages.cursors == [None, "c1", "c2", "c3"]
    assert pages.requests[0].url.params.get_list("reasons") == ["mention", "reply", "quote"]
    assert all(m.platform is Platform.BLUESKY for m in batch.mentions)
    times = [m.created_at for m in batch.mentions]
    assert times == sorted(times)
    assert not batch.more


async def test_the_first_sync_stops_at_the_window() -> None:
    pages = Pages(DART["notifications"])
    now = datetime(2023, 9, 4, 12, tzinfo=UTC)
    batch = await adapter(pages, now, first_sync_window=timedelta(days=2)).pull(None)
    assert pages.cursors == [None, "c1"]  # the first item older than the window is on page 2
    assert len(batch.mentions) == 14
    assert all(m.created_at >= now - timedelta(days=2) for m in batch.mentions)


async def test_the_first_sync_stops_at_max_pages() -> None:
    pages = Pages(DART["notifications"])
    batch = await adapter(
        pages, AFTER_DART, first_sync_window=timedelta(days=30), max_pages=2
    ).pull(None)
    assert pages.cursors == [None, "c1"]
    assert len(batch.mentions) == sum(1 for n in DART["notifications"][:100] if n["reason"] in KEPT)


async def test_later_syncs_return_only_what_is_new() -> None:
    notifications = copy.deepcopy(DART["notifications"])
    pages = Pages(notifications)
    bluesky = adapter(pages, AFTER_DART, first_sync_window=timedelta(days=30))
    first = await bluesky.pull(None)
    assert json.loads(first.cursor or "")["newest"].startswith("2023-09-04T04:25:05.748")

    pages.requests.clear()
    again = await bluesky.pull(first.cursor)
    assert again.mentions == ()
    assert pages.cursors == [None]  # the newest item was seen and the next is older: stop
    assert again.cursor == first.cursor

    fresh = copy.deepcopy(load("local-pds/listNotifications-brand.json")["notifications"][0])
    fresh["indexedAt"] = "2023-09-04T05:00:00.000Z"
    notifications.insert(0, fresh)
    pages.requests.clear()
    newer = await bluesky.pull(first.cursor)
    assert [m.remote_id for m in newer.mentions] == [MENTION_URI]
    assert pages.cursors == [None]
    assert json.loads(newer.cursor or "")["newest"].startswith("2023-09-04T05:00:00")


async def test_an_item_at_the_same_instant_as_the_newest_seen_is_still_new() -> None:
    base = load("local-pds/listNotifications-brand.json")["notifications"][0]
    twin = copy.deepcopy(base) | {"uri": MENTION_URI.replace("3n2wpruwtxk2n", "3n2wpruwtxk3n")}
    pages = Pages([base])
    bluesky = adapter(pages, datetime(2026, 11, 23, tzinfo=UTC))
    first = await bluesky.pull(None)
    pages.notifications = [twin, base]
    second = await bluesky.pull(first.cursor)
    assert [m.remote_id for m in second.mentions] == [twin["uri"]]


async def test_an_unreadable_cursor_falls_back_to_the_first_sync_window() -> None:
    pages = Pages(load("local-pds/listNotifications-brand.json")["notifications"])
    batch = await adapter(pages, datetime(2026, 11, 23, tzinfo=UTC)).pull("{not json")
    assert len(batch.mentions) == 1


async def test_nothing_seen_yet_keeps_the_cursor_empty() -> None:
    batch = await adapter(Pages([]), AFTER_DART).pull(None)
    assert batch == PullBatch((), None, False, ())


async def test_a_recorded_mention_becomes_a_mention_with_what_send_needs() -> None:
    pages = Pages(load("local-pds/listNotifications-brand.json")["notifications"])
    (mention,) = (await adapter(pages, datetime(2026, 11, 23, tzinfo=UTC)).pull(None)).mentions
    assert mention.remote_id == MENTION_URI
    assert mention.account_id == f"bluesky:{BRAND_DID}"
    assert mention.kind is MentionKind.MENTION
    assert mention.text == "Héllo 👋 @brand.test my order #42 never arrived, can you help?"
    assert mention.author.remote_id == FAN_DID
    assert mention.author.handle == "fan.test"
    assert mention.created_at == datetime(2026, 11, 22, 22, 59, 57, 716000, tzinfo=UTC)
    assert (
        mention.url
        == "https://bsky.app/profile/did:plc:ayo56frzoqvuebyswcgum2yk/post/3n2wpruwtxk2n"
    )
    assert mention.language == "en"
    assert mention.in_reply_to_id is None
    assert dict(mention.meta) == {
        "cid": MENTION_CID,
        "root_uri": MENTION_URI,
        "root_cid": MENTION_CID,
        "author_did": FAN_DID,
    }


async def dart_mentions() -> dict[str, Mention]:
    pages = Pages(DART["notifications"])
    batch = await adapter(pages, AFTER_DART, first_sync_window=timedelta(days=30)).pull(None)
    return {m.remote_id: m for m in batch.mentions}


async def test_replies_carry_their_root_and_parent() -> None:
    source = next(
        n for n in DART["notifications"] if n["reason"] == "mention" and "reply" in n["record"]
    )
    mention = (await dart_mentions())[source["uri"]]
    refs = source["record"]["reply"]
    assert mention.in_reply_to_id == refs["parent"]["uri"]
    assert mention.thread_root_id == refs["root"]["uri"]
    assert mention.meta["root_uri"] == refs["root"]["uri"]
    assert mention.meta["root_cid"] == refs["root"]["cid"]
    assert mention.meta["parent_uri"] == refs["parent"]["uri"]
    assert mention.meta["parent_cid"] == refs["parent"]["cid"]
    assert mention.meta["cid"] == source["cid"]


async def test_links_are_spelled_out_and_embeds_become_text_and_attachments() -> None:
    mentions = await dart_mentions()
    texts = [m.text for m in mentions.values()]
    assert "it's just https://GitHub.com/caraesten/atty" in texts
    with_media = next(m for m in mentions.values() if m.text.startswith("Quote with a game"))
    assert with_media.attachments == ("image (no description)",)
    assert with_media.text.endswith(
        "[quotes https://bsky.app/profile/did:plc:iijrtk7ocored6zuziwmqq3c/post/3k67mcqaux225]"
    )
    assert with_media.kind is MentionKind.QUOTE


def mutated(change: Any) -> list[Any]:
    item = copy.deepcopy(load("local-pds/listNotifications-brand.json")["notifications"][0])
    change(item)
    return [item]


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda n: n["record"].pop("text"), "post has no text"),
        (lambda n: n["record"].update(text=42), "post has no text"),
        (lambda n: n.pop("author"), "author is missing"),
        (lambda n: n["author"].pop("did"), "author has no did or handle"),
        (lambda n: n.pop("cid"), "notification has no post record"),
        (lambda n: n.update(uri="https://not-an-at-uri"), "notification has no post address"),
        (
            lambda n: n["record"].update(reply={"root": {"uri": MENTION_URI}}),
            "reply reference is malformed",
        ),
        (
            lambda n: (
                n["record"].update(
                    createdAt="yesterday",
                )
                or n.update(indexedAt=None)
            ),
            "post has no readable time",
        ),
        (
            lambda n: n["record"].update({"$type": "app.bsky.feed.like"}),
            "notification record is not a post",
        ),
    ],
)
async def test_malformed_items_are_skipped_with_a_reason(change: Any, reason: str) -> None:
    batch = await adapter(Pages(mutated(change)), datetime(2026, 11, 23, tzinfo=UTC)).pull(None)
    assert batch.mentions == ()
    assert [s.reason for s in batch.skipped] == [reason]


async def test_bad_facets_and_unknown_embeds_degrade_instead_of_skipping() -> None:
    def change(n: dict[str, Any]) -> None:
        n["record"]["facets"] = [
            {
                "index": {"byteStart": 7, "byteEnd": 9},
                "features": [  # splits 👋
                    {"$type": "app.bsky.richtext.facet#link", "uri": "https://wrong.example"}
                ],
            },
            {"index": {"byteStart": 12, "byteEnd": 999}, "features": []},
        ]
        n["record"]["embed"] = {"$type": "app.bsky.embed.hologram", "beam": 1}

    batch = await adapter(Pages(mutated(change)), datetime(2026, 11, 23, tzinfo=UTC)).pull(None)
    (mention,) = batch.mentions
    assert "wrong.example" not in mention.text
    assert mention.text.startswith("Héllo 👋 @brand.test")
    assert mention.text.endswith(UNKNOWN_EMBED)


@pytest.mark.parametrize(
    ("langs", "language"), [(["pt-BR"], "pt-BR"), (["en US!"], ""), ([7], ""), ("en", "")]
)
async def test_only_well_formed_language_tags_are_kept(langs: Any, language: str) -> None:
    items = mutated(lambda n: n["record"].update(langs=langs))
    (mention,) = (
        await adapter(Pages(items), datetime(2026, 11, 23, tzinfo=UTC)).pull(None)
    ).mentions
    assert mention.language == language


async def test_a_future_created_at_is_capped_at_the_indexing_time() -> None:
    items = mutated(lambda n: n["record"].update(createdAt="2099-01-01T00:00:00Z"))
    (mention,) = (
        await adapter(Pages(items), datetime(2026, 11, 23, tzinfo=UTC)).pull(None)
    ).mentions
    assert mention.created_at == datetime(2026, 11, 22, 22, 59, 57, 716000, tzinfo=UTC)


@pytest.mark.parametrize(
    "response",
    [
        httpx.Response(200, text="<html>oops</html>"),
        httpx.Response(200, json={"cursor": "x"}),
        httpx.Response(200, json={"notifications": {"a": 1}}),
        httpx.Response(200, json=[]),
    ],
)
async def test_an_unreadable_page_is_a_bad_payload(response: httpx.Response) -> None:
    with pytest.raises(BadPayload):
        await adapter(lambda request: response, AFTER_DART).pull(None)


# ---- mutated-payload fuzzing -------------------------------------------------------------


def fuzz_seed(text_start: str) -> Any:
    return next(
        n for n in DART["notifications"] if n["record"].get("text", "").startswith(text_start)
    )


# One of each shape: facets (mention, link), reply refs, quote, quote with media, a like.
FUZZ_BASE: dict[str, Any] = {
    "cursor": DART["cursor"],
    "notifications": [
        *load("local-pds/listNotifications-brand.json")["notifications"],
        fuzz_seed("It is already possible"),
        fuzz_seed("it's just GitHub"),
        fuzz_seed("Quote with a game"),
        fuzz_seed("The music to this one"),
        next(n for n in DART["notifications"] if n["reason"] == "like"),
    ],
}


def all_paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    paths = [path]
    if isinstance(value, dict):
        for key, child in value.items():
            paths += all_paths(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            paths += all_paths(child, (*path, index))
    return paths


FUZZ_PATHS = all_paths(FUZZ_BASE)
# The post records are where malformed data does harm: draw their paths as often as the rest.
PATHS = st.one_of(
    st.sampled_from([p for p in FUZZ_PATHS if "record" in p]), st.sampled_from(FUZZ_PATHS)
)
JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**40), 2**40)
    | st.floats(allow_nan=False)
    | st.text(max_size=12),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=6), children, max_size=3)
    ),
    max_leaves=6,
)


def apply(document: Any, path: tuple[Any, ...], value: Any, delete: bool) -> Any:
    if not path:
        return value
    parent = document
    for key in path[:-1]:
        try:
            parent = parent[key]
        except (KeyError, IndexError, TypeError):
            return document  # an earlier mutation removed this branch
    key = path[-1]
    if isinstance(parent, dict):
        if delete:
            parent.pop(key, None)
        else:
            parent[key] = value
    elif isinstance(parent, list) and isinstance(key, int) and key < len(parent):
        if delete:
            del parent[key]
        else:
            parent[key] = value
    return document


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
async def test_mutated_notification_pages_give_records_or_bad_payload(data: st.DataObject) -> None:
    document: Any = copy.deepcopy(FUZZ_BASE)
    for _ in range(data.draw(st.integers(1, 6), label="mutations")):
        path = data.draw(PATHS, label="path")
        delete = data.draw(st.booleans(), label="delete")
        value = None if delete else data.draw(JSON_VALUES, label="value")
        document = apply(document, path, value, delete)
    body = json.dumps(document).encode()
    bluesky = adapter(
        lambda request: httpx.Response(200, content=body),
        AFTER_DART,
        first_sync_window=timedelta(days=3650),
        max_pages=2,
    )
    try:
        batch = await bluesky.pull(None)
    except BadPayload:
        return
    assert isinstance(batch, PullBatch)
    for mention in batch.mentions:
        assert isinstance(mention, Mention)
        assert mention.remote_id.startswith("at://")
        assert mention.created_at.tzinfo is not None
        assert isinstance(mention.text, str)
        assert set(mention.meta) >= {"cid", "root_uri", "root_cid", "author_did"}
    for skipped in batch.skipped:
        assert isinstance(skipped.reason, str)
        assert skipped.reason
