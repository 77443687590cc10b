"""Pulling mentions: paging by Link, the first-sync window, incremental syncs, bad items."""

from __future__ import annotations

import asyncio
import copy
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adapters.errors import BadPayload, RateLimited
from adapters.mastodon import MastodonAdapter
from adapters.mastodon.login import mastodon_account_id
from adapters.records import Account, Mention, MentionKind, PullBatch, Skipped, Visibility
from tests.fakes.mastodon import Replay, fixture_json, json_response, recorded

NOTES = "/api/v1/notifications"
VERIFY = "/api/v1/accounts/verify_credentials"
GTS = Account(
    mastodon_account_id("brand", "http://127.0.0.1:8080"),
    "mastodon",
    "@brand@localhost",
    "brand",
    "http://127.0.0.1:8080",
)
TAKAHE = Account(
    mastodon_account_id("brand", "http://127.0.0.1:8765"),
    "mastodon",
    "@brand@localhost",
    "Brand",
    "http://127.0.0.1:8765",
)
MASTODON = Account(
    mastodon_account_id("@mastodonpy_test@localhost", "http://localhost:3000"),
    "mastodon",
    "@mastodonpy_test@localhost",
    "",
    "http://localhost:3000",
)
VERIFY_OF = {
    GTS.server: "gotosocial/06_verify_credentials_brand",
    TAKAHE.server: "takahe/06_verify_credentials_brand",
}


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def make(
    pages: list[httpx.Response],
    account: Account = GTS,
    *,
    now: str = "2026-11-23T00:00:00",
    **kw: Any,
) -> tuple[MastodonAdapter, Replay]:
    verify = (
        recorded(VERIFY_OF[account.server])
        if account.server in VERIFY_OF
        else json_response(fixture_json("accounts_verify_credentials.json"))
    )
    replay = Replay({("GET", VERIFY): verify, ("GET", NOTES): pages})
    return MastodonAdapter(
        account, "tok", transport=replay.transport, clock=lambda: at(now), **kw
    ), replay


def note_requests(replay: Replay) -> list[httpx.URL]:
    return [r.url for r in replay.requests if r.url.path == NOTES]


async def test_first_sync_walks_gotosocial_pages_by_link_on_our_own_host() -> None:
    pages = [
        recorded(f"gotosocial/{n}")
        for n in (
            "30_walk_mentions_page0",
            "31_walk_mentions_page1",
            "32_walk_mentions_page2",
            "33_walk_mentions_page3",
        )
    ]
    adapter, replay = make(pages)
    batch = await adapter.pull(None)
    # Ordered by the statuses' created_at (the ULIDs' order differs: never sort by id).
    assert [m.text.split()[-1] for m in batch.mentions] == ["help?", "0", "1", "2", "3"]
    assert batch.cursor == "01M82RCQ7QQFNV6Y7SN5YVE6X9"
    assert (batch.more, batch.skipped) == (False, ())
    urls = note_requests(replay)
    # GoToSocial's Link says localhost:8080; the token only ever goes to the configured host.
    assert {u.host for u in urls} == {"127.0.0.1"}
    assert [u.params.get("max_id") for u in urls] == [
        None,
        "01M82RCQ7JJ8ENCD5KQ87SR67W",
        "01M82RCQ6VGWQHA3ZFW9BDZ908",
        "01M82RCNPFBVA87SXQT23Y9XBQ",
    ]
    assert all(u.params.get_list("types[]") == ["mention"] for u in urls)
    await adapter.aclose()


async def test_takahe_link_drops_the_filter_so_every_page_is_filtered_again() -> None:
    pages = [
        recorded(f"takahe/{n}")
        for n in (
            "30_walk_mentions_page0",
            "31_walk_mentions_page1",
            "32_walk_mentions_page2",
            "33_walk_mentions_page3",
            "34_walk_mentions_page4",
        )
    ]
    adapter, replay = make(pages, TAKAHE)
    batch = await adapter.pull(None)
    # Sorted by the statuses' own times, which differ from the notifications' order.
    assert [m.meta["notification_id"] for m in batch.mentions] == ["6", "25", "29", "28", "24"]
    assert [m.created_at for m in batch.mentions] == sorted(m.created_at for m in batch.mentions)
    assert batch.cursor == "29"
    assert all(u.params.get_list("types[]") == ["mention"] for u in note_requests(replay))


async def test_first_sync_stops_paging_at_the_window() -> None:
    pages = [
        recorded(f"takahe/{n}")
        for n in (
            "30_walk_mentions_page0",
            "31_walk_mentions_page1",
            "32_walk_mentions_page2",
            "33_walk_mentions_page3",
        )
    ]
    # The window starts at 23:10:51: page 3 (favourite/follow at 23:10:50) is older, so stop.
    adapter, replay = make(
        pages, TAKAHE, now="2026-11-22T23:10:52", first_sync_window=timedelta(seconds=1)
    )
    batch = await adapter.pull(None)
    assert sorted(m.meta["notification_id"] for m in batch.mentions) == ["24", "25", "28", "29"]
    assert len(note_requests(replay)) == 3


async def test_first_sync_drops_mentions_older_than_the_window() -> None:
    # Notification 29 came at 23:10:51.785, 28 at 51.782: a window starting at 51.784 keeps 29.
    page = recorded("takahe/30_walk_mentions_page0")
    adapter, replay = make(
        [page], TAKAHE, now="2026-11-22T23:10:51.784", first_sync_window=timedelta(0)
    )
    batch = await adapter.pull(None)
    assert [m.meta["notification_id"] for m in batch.mentions] == ["29"]
    assert len(note_requests(replay)) == 1
    assert batch.cursor == "29"


async def test_first_sync_is_bounded_by_max_pages() -> None:
    pages = [recorded(f"takahe/{n}") for n in ("30_walk_mentions_page0", "31_walk_mentions_page1")]
    adapter, replay = make(pages, TAKAHE, max_pages=2)
    batch = await adapter.pull(None)
    assert len(batch.mentions) == 4
    assert len(note_requests(replay)) == 2
    assert not batch.more  # older history past the bound is not fetched later


async def test_incremental_sync_asks_only_for_what_is_newer() -> None:
    adapter, replay = make([recorded("takahe/29_page_min_id"), json_response([])], TAKAHE)
    batch = await adapter.pull("28")
    assert [m.meta["notification_id"] for m in batch.mentions] == ["29"]
    assert (batch.cursor, batch.more) == ("29", False)
    assert [u.params.get("min_id") for u in note_requests(replay)] == ["28", "29"]
    assert all(u.params.get("max_id") is None for u in note_requests(replay))


async def test_incremental_sync_with_nothing_new_keeps_the_cursor() -> None:
    adapter, _ = make([recorded("gotosocial/26_page0_follow_link_prev")])
    batch = await adapter.pull("01M82RCQ7QQFNV6Y7SN5YVE6X9")
    assert batch == PullBatch((), "01M82RCQ7QQFNV6Y7SN5YVE6X9")


async def test_incremental_sync_says_more_when_the_page_bound_is_hit() -> None:
    adapter, _ = make([recorded("gotosocial/29_page_min_id")], max_pages=1)
    batch = await adapter.pull("01M82RCQ7JJ8ENCD5KQ87SR67W")
    assert (batch.cursor, batch.more) == ("01M82RCQ7QQFNV6Y7SN5YVE6X9", True)


async def test_rate_limit_mid_walk_keeps_what_was_read() -> None:
    first = recorded("takahe/29_page_min_id")
    limited = httpx.Response(
        200, headers={**first.headers, "X-RateLimit-Remaining": "0"}, content=first.content
    )
    adapter, replay = make([limited], TAKAHE)
    batch = await adapter.pull("28")
    assert (len(batch.mentions), batch.cursor, batch.more) == (1, "29", True)
    assert len(note_requests(replay)) == 1
    with pytest.raises(RateLimited):
        await adapter.pull(batch.cursor)


async def test_mastodon_mention_is_mapped_and_admin_signups_filtered_out() -> None:
    page = fixture_json("notifications_admin_signup.json") + fixture_json(
        "notifications_mention_public.json"
    )
    adapter, _ = make([json_response(page), json_response([])], MASTODON, now="2026-08-02T00:00:00")
    (mention,) = (await adapter.pull(None)).mentions
    assert mention.remote_id == "117020577157693549"
    assert mention.meta["notification_id"] == "21"
    assert mention.text == "@mastodonpy_test@localhost hello!"
    assert (mention.author.handle, mention.author.followers, mention.author.url) == (
        "@admin@localhost",
        1,
        "http://localhost:3000/@admin",
    )
    assert (mention.kind, mention.visibility, mention.language) == (
        MentionKind.MENTION,
        Visibility.PUBLIC,
        "en",
    )
    assert mention.created_at == datetime(2026, 8, 1, 13, 51, 42, 823000, tzinfo=UTC)
    assert mention.url == "http://localhost:3000/@admin/117020577157693549"


async def test_direct_message_is_direct_and_keeps_its_participants() -> None:
    adapter, _ = make([recorded("gotosocial/35_brand_notifications_after_dm"), json_response([])])
    (mention,) = (await adapter.pull(None)).mentions
    assert (mention.kind, mention.visibility) == (MentionKind.DIRECT, Visibility.DIRECT)
    assert mention.text == "@brand@localhost private: my email is fan@example.com"
    assert mention.meta["visibility"] == "direct"
    assert (mention.meta["author_acct"], mention.meta["participants"]) == (
        "fan",
        "",
    )  # the brand is not a participant


def as_notification(status: dict[str, Any], note_id: str) -> dict[str, Any]:
    return {
        "id": note_id,
        "type": "mention",
        "created_at": status["created_at"],
        "account": status["account"],
        "status": status,
    }


async def test_spoiler_media_and_language_are_kept() -> None:
    spoiler = fixture_json("statuses_post_direct_spoiler.json")
    media = fixture_json("statuses_post_sensitive_media.json")
    bare = copy.deepcopy(media)
    bare["id"] = "bare"
    bare["media_attachments"][0].update(type="image", description=None)
    page = [as_notification(s, n) for s, n in ((spoiler, "3"), (media, "2"), (bare, "1"))]
    adapter, _ = make([json_response(page), json_response([])], MASTODON, now="2026-08-02T00:00:00")
    by_id = {m.remote_id: m for m in (await adapter.pull(None)).mentions}
    warned = by_id["117020585956347304"]
    assert (warned.content_warning, warned.meta["spoiler_text"], warned.kind) == (
        "Content warning",
        "Content warning",
        MentionKind.DIRECT,
    )
    assert by_id["117020576440066974"].attachments == ("me when a cat",)
    assert by_id["117020576440066974"].visibility is Visibility.UNLISTED
    assert by_id["bare"].attachments == ("image without description",)


async def test_a_bad_item_is_skipped_and_the_rest_kept() -> None:
    good = fixture_json("gotosocial/12_brand_notifications_mention.body.json")[0]
    broken = {
        "id": "n2",
        "type": "mention",
        "created_at": good["created_at"],
        "status": {"id": "s2", "created_at": 5},
    }
    adapter, _ = make([json_response([broken, "junk", good]), json_response([])])
    batch = await adapter.pull(None)
    assert [m.remote_id for m in batch.mentions] == ["01M82RCNP1GGPZ3B95XJFHPTFJ"]
    assert [s.remote_id for s in batch.skipped] == ["s2", ""]
    assert all(isinstance(s, Skipped) and s.reason for s in batch.skipped)


@pytest.mark.parametrize(
    "page", [httpx.Response(200, text="<html>oops</html>"), json_response({"error": "x"})]
)
async def test_a_page_that_is_not_a_list_is_bad_payload(page: httpx.Response) -> None:
    adapter, _ = make([page])
    with pytest.raises(BadPayload):
        await adapter.pull(None)


# -- property: mutated payloads give records or BadPayload, nothing else ----------------------
BASES = (
    fixture_json("gotosocial/12_brand_notifications_mention.body.json")
    + fixture_json("takahe/12_brand_notifications_mention.body.json")
    + fixture_json("notifications_mention_public.json")
)
GARBAGE = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


def paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += paths(item, (*prefix, index))
    return found


def mutate(page: list[Any], data: st.DataObject) -> Any:
    if data.draw(st.integers(0, 19)) == 0:
        return data.draw(GARBAGE)  # sometimes the whole page is something else
    for _ in range(data.draw(st.integers(1, 6))):
        path = data.draw(st.sampled_from(paths(page)[1:]))
        parent: Any = page
        for step in path[:-1]:
            parent = parent[step]
        if isinstance(parent, dict) and data.draw(st.booleans()):
            del parent[path[-1]]
        else:
            parent[path[-1]] = data.draw(GARBAGE)
    return page


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_mutated_notifications_give_records_or_bad_payload(data: st.DataObject) -> None:
    page = mutate(copy.deepcopy(BASES), data)

    async def pull() -> PullBatch | None:
        adapter, _ = make([json_response(page), json_response([])])
        try:
            return await adapter.pull(None)
        except BadPayload:
            return None
        finally:
            await adapter.aclose()

    batch = asyncio.run(pull())
    if batch is not None:
        assert all(isinstance(m, Mention) for m in batch.mentions)
        assert all(isinstance(s, Skipped) for s in batch.skipped)
        assert isinstance(page, list)
        assert len(batch.mentions) + len(batch.skipped) <= len(page)
