"""Threads, answered-elsewhere detection, sending exactly once, reconcile, and limits."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from urllib.parse import parse_qs

import httpx
import pytest

from adapters.errors import BadPayload, Gone, Rejected
from adapters.mastodon import MastodonAdapter
from adapters.mastodon.login import mastodon_account_id
from adapters.mastodon.text import address_author
from adapters.records import (
    MASTODON_DEFAULT_LIMITS,
    Account,
    Author,
    Limits,
    Mention,
    OutgoingReply,
    Platform,
    Visibility,
)
from tests.fakes.mastodon import FakeMastodon, Replay, fixture_json, json_response, recorded

VERIFY = "/api/v1/accounts/verify_credentials"
STATUSES = "/api/v1/statuses"
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
MENTION_ID = "01M82RCNP1GGPZ3B95XJFHPTFJ"  # the fan's recorded GoToSocial mention
CONTEXT = f"/api/v1/statuses/{MENTION_ID}/context"
FAN = Author("018HV33M9XF6NZP8N63CX4NVJH", "@fan@localhost", "fan")
MENTION = Mention(
    GTS.id,
    MENTION_ID,
    Platform.MASTODON,
    FAN,
    "@brand@localhost my order #1234 never arrived, can you help?",
    datetime(2026, 11, 22, 23, 10, 19, 842000, tzinfo=UTC),
    meta={"author_acct": "fan", "visibility": "public"},
)
DRAFT = "@fan sorry about that! DM us your order number."


def gts(
    routes: dict[tuple[str, str], httpx.Response | list[httpx.Response]],
) -> tuple[MastodonAdapter, Replay]:
    replay = Replay({("GET", VERIFY): recorded("gotosocial/06_verify_credentials_brand"), **routes})
    return MastodonAdapter(GTS, "tok", transport=replay.transport), replay


def form(request: httpx.Request) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(request.content.decode()).items()}


def posts(replay: Replay) -> list[httpx.Request]:
    return [r for r in replay.requests if r.method == "POST"]


async def test_thread_shows_ancestors_focus_and_the_brands_replies() -> None:
    adapter, _ = gts({("GET", CONTEXT): recorded("gotosocial/20_context_of_mention_after_reply")})
    thread = await adapter.thread(MENTION)
    assert [(p.is_focus, p.is_brand) for p in thread] == [
        (True, False),
        (False, True),
        (False, True),
        (False, True),
    ]
    assert thread[1].text == "@fan@localhost sorry about that! DM us your order number."
    assert thread[1].in_reply_to_id == MENTION_ID


async def test_thread_of_a_reply_starts_with_its_ancestor() -> None:
    reply_id = "01M82RCP69HR7RY2S7JWVX3RS0"
    adapter, _ = gts(
        {
            ("GET", f"/api/v1/statuses/{reply_id}/context"): recorded(
                "gotosocial/21_context_of_reply"
            )
        }
    )
    thread = await adapter.thread(dataclasses.replace(MENTION, remote_id=reply_id))
    assert [(p.remote_id, p.is_focus, p.is_brand) for p in thread] == [
        (MENTION_ID, False, False),
        (reply_id, True, False),
    ]


async def test_answered_elsewhere_is_the_brands_first_reply() -> None:
    adapter, _ = gts({("GET", CONTEXT): recorded("gotosocial/20_context_of_mention_after_reply")})
    sent = await adapter.answered(MENTION)
    assert sent is not None
    assert (sent.remote_id, sent.in_reply_to_id) == ("01M82RCP69HR7RY2S7JWVX3RS0", MENTION_ID)
    assert sent.created_at == datetime(2026, 11, 22, 23, 10, 20, 362000, tzinfo=UTC)
    assert sent.url == "http://localhost:8080/@brand/statuses/01M82RCP69HR7RY2S7JWVX3RS0"


async def test_not_answered_before_the_reply() -> None:
    adapter, _ = gts({("GET", CONTEXT): recorded("gotosocial/14_context_of_mention_before_reply")})
    assert await adapter.answered(MENTION) is None
    assert [p.is_focus for p in await adapter.thread(MENTION)] == [True]


async def test_takahe_brand_replies_are_recognised() -> None:
    mention = dataclasses.replace(MENTION, account_id=TAKAHE.id, remote_id="647469033875916224")
    replay = Replay(
        {
            ("GET", VERIFY): recorded("takahe/06_verify_credentials_brand"),
            ("GET", "/api/v1/statuses/647469033875916224/context"): recorded(
                "takahe/20_context_of_mention_after_reply"
            ),
        }
    )
    adapter = MastodonAdapter(TAKAHE, "tok", transport=replay.transport)
    sent = await adapter.answered(mention)
    assert sent is not None
    assert sent.remote_id == "647469038931485704"


async def test_thread_of_a_deleted_mention_is_gone() -> None:
    adapter, _ = gts({("GET", CONTEXT): recorded("gotosocial/10_err_missing_status_404")})
    with pytest.raises(Gone):
        await adapter.thread(MENTION)


async def test_send_posts_a_reply_with_the_idempotency_key() -> None:
    adapter, replay = gts({("POST", STATUSES): recorded("gotosocial/16_brand_reply_1")})
    sent = await adapter.send(OutgoingReply(GTS.id, MENTION, DRAFT), "key-1")
    (request,) = posts(replay)
    assert request.headers["idempotency-key"] == "key-1"
    assert form(request) == {"status": DRAFT, "in_reply_to_id": MENTION_ID, "visibility": "public"}
    assert (sent.remote_id, sent.in_reply_to_id) == ("01M82RCP69HR7RY2S7JWVX3RS0", MENTION_ID)


@pytest.mark.parametrize(
    ("draft", "posted"),
    [
        ("Sorry about that!", "@fan Sorry about that!"),
        ("@FAN@localhost thanks", "@FAN@localhost thanks"),
        ("Thanks @fan!", "Thanks @fan!"),
        ("@fanatic thanks", "@fan @fanatic thanks"),
        ("@fan@elsewhere.example hi", "@fan @fan@elsewhere.example hi"),
        ("mail fan@localhost", "@fan mail fan@localhost"),
    ],
)
def test_the_author_is_addressed_once(draft: str, posted: str) -> None:
    assert address_author(draft, MENTION) == posted


@pytest.mark.parametrize(
    ("mention", "chosen", "sent"),
    [
        (Visibility.DIRECT, Visibility.PUBLIC, "direct"),
        (Visibility.PRIVATE, Visibility.UNLISTED, "private"),
        (Visibility.UNLISTED, Visibility.PUBLIC, "unlisted"),
        (Visibility.PUBLIC, Visibility.DIRECT, "direct"),
    ],
)
async def test_visibility_is_never_wider_than_the_mention(
    mention: Visibility, chosen: Visibility, sent: str
) -> None:
    adapter, replay = gts({("POST", STATUSES): recorded("gotosocial/16_brand_reply_1")})
    original = dataclasses.replace(MENTION, visibility=mention)
    await adapter.send(OutgoingReply(GTS.id, original, DRAFT, visibility=chosen), "k")
    assert form(posts(replay)[0])["visibility"] == sent


async def test_content_warning_is_carried_over_unless_the_reply_sets_one() -> None:
    adapter, replay = gts({("POST", STATUSES): recorded("gotosocial/16_brand_reply_1")})
    warned = dataclasses.replace(MENTION, content_warning="food poisoning")
    await adapter.send(OutgoingReply(GTS.id, warned, DRAFT), "a")
    await adapter.send(OutgoingReply(GTS.id, warned, DRAFT, content_warning="health"), "b")
    await adapter.send(OutgoingReply(GTS.id, MENTION, DRAFT), "c")
    assert [form(r).get("spoiler_text") for r in posts(replay)] == [
        "food poisoning",
        "health",
        None,
    ]


async def test_takahe_dropping_in_reply_to_is_bad_payload() -> None:
    adapter, _ = gts({("POST", STATUSES): recorded("takahe/19_err_reply_to_missing")})
    with pytest.raises(BadPayload, match="new post"):
        await adapter.send(
            OutgoingReply(GTS.id, dataclasses.replace(MENTION, remote_id="1"), "x"), "k"
        )


async def test_reply_to_a_deleted_mention_is_gone() -> None:
    adapter, _ = gts({("POST", STATUSES): recorded("gotosocial/19_err_reply_to_missing")})
    with pytest.raises(Gone):
        await adapter.send(OutgoingReply(GTS.id, MENTION, DRAFT), "k")


async def test_a_refused_reply_shows_the_servers_message() -> None:
    adapter, _ = gts(
        {("POST", STATUSES): json_response(fixture_json("error_422_too_long_de.json"), 422)}
    )
    with pytest.raises(Rejected) as caught:
        await adapter.send(OutgoingReply(GTS.id, MENTION, DRAFT), "k")
    assert caught.value.msg == fixture_json("error_422_too_long_de.json")["error"]


async def test_same_key_twice_posts_once_where_the_server_honours_it() -> None:
    fake = FakeMastodon(honour_idempotency=True)
    adapter = MastodonAdapter(GTS, fake.token, transport=fake.transport())
    reply = OutgoingReply(GTS.id, MENTION, "Sorry about that!")
    first = await adapter.send(reply, "outbox-7")
    second = await adapter.send(reply, "outbox-7")
    assert first == second
    assert len(fake.posted) == 1


async def test_reconcile_finds_the_post_where_the_server_ignores_the_key() -> None:
    # GoToSocial and Takahē made two statuses for one key: reconcile is what prevents that.
    fake = FakeMastodon(honour_idempotency=False)
    adapter = MastodonAdapter(GTS, fake.token, transport=fake.transport())
    reply = OutgoingReply(GTS.id, MENTION, "Sorry about that!  We are on it.")
    first = await adapter.send(reply, "outbox-8")  # pretend the answer was lost
    found = await adapter.reconcile(reply, "outbox-8")
    assert found is not None
    assert found.remote_id == first.remote_id
    assert len(fake.posted) == 1
    assert (
        await adapter.reconcile(dataclasses.replace(reply, text="Something else"), "outbox-9")
        is None
    )


async def test_reconcile_against_recorded_duplicates_picks_the_first() -> None:
    adapter, _ = gts({("GET", CONTEXT): recorded("gotosocial/20_context_of_mention_after_reply")})
    found = await adapter.reconcile(
        OutgoingReply(GTS.id, MENTION, "Sorry about that! DM us your order number."), "k"
    )
    assert found is not None
    assert found.remote_id == "01M82RCP69HR7RY2S7JWVX3RS0"
    assert await adapter.reconcile(OutgoingReply(GTS.id, MENTION, "JSON body"), "k") is None


@pytest.mark.parametrize(
    ("answer", "limits"),
    [
        (
            json_response(fixture_json("instance_v2.json")),
            Limits(Platform.MASTODON, max_chars=500, url_chars=23),
        ),
        (
            recorded("gotosocial/02_instance_v2"),
            Limits(Platform.MASTODON, max_chars=5000, url_chars=25),
        ),
        (recorded("takahe/02_instance_v2"), Limits(Platform.MASTODON, max_chars=500, url_chars=23)),
        (
            json_response({"configuration": {"statuses": {"max_characters": "lots"}}}),
            MASTODON_DEFAULT_LIMITS,
        ),
        (json_response({"title": "old"}), MASTODON_DEFAULT_LIMITS),
        (
            json_response(fixture_json("error_404_record_not_found.json"), 404),
            MASTODON_DEFAULT_LIMITS,
        ),
    ],
)
async def test_limits_come_from_the_server_and_are_cached(
    answer: httpx.Response, limits: Limits
) -> None:
    adapter, replay = gts({("GET", "/api/v2/instance"): answer})
    assert await adapter.limits() == limits
    assert await adapter.limits() == limits
    assert len(replay.requests) == 1
