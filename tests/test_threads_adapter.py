"""The Threads adapter against an in-process Threads API: sign-in, pull, thread, send once."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from adapters.errors import AuthError, RateLimited
from adapters.records import Mention, MentionKind, OutgoingReply, PostState
from adapters.threads.adapter import ThreadsAdapter
from adapters.threads.http import graph_error
from adapters.threads.login import ThreadsToken, load_token, store_token
from adapters.threads.pull import PAGE_SIZE
from tests.cli_helpers import run_captured
from tests.fakes.threads import (
    ACCOUNT,
    BRAND,
    BRAND_ID,
    TOKEN,
    FakeThreads,
    fixture,
    open_adapter,
    pull_all,
)
from tests.memory_keyring import MemoryKeyring


@pytest.fixture
def fake() -> FakeThreads:
    return FakeThreads()


def adapter(fake: FakeThreads, issued_ago: timedelta = timedelta(hours=1)) -> ThreadsAdapter:
    return open_adapter(fake, issued_ago)


def reply_to(mention: Mention, text: str = "Sorry! A new bag ships today.") -> OutgoingReply:
    return OutgoingReply(ACCOUNT.id, mention, text)


async def test_pull_pages_to_the_end_then_resumes_with_only_new_mentions(
    fake: FakeThreads,
) -> None:
    fake.add_mentions(PAGE_SIZE * 2 + 7)
    threads = adapter(fake)
    first, cursor = await pull_all(threads)
    assert len(first) == PAGE_SIZE * 2 + 7
    assert len({m.remote_id for m in first}) == len(first)
    mention = first[0]
    assert mention.text.startswith(f"@{BRAND} where is my order")
    assert mention.author.handle.startswith("@fan")
    assert mention.created_at.tzinfo is not None  # "+0000" parsed
    fake.now += timedelta(minutes=5)
    fake.add_mentions(3, minutes_ago=1)
    again, _ = await pull_all(threads, cursor)
    assert len(again) == 3
    pages = [q for method, path, q in fake.requests if path == "me/mentions"]
    assert any("after" in q for q in pages)  # the next page was built from the cursor
    await threads.aclose()


async def test_replies_to_the_brands_posts_arrive_but_not_its_own(fake: FakeThreads) -> None:
    post = fake.add_own_post(minutes_ago=120)
    fake.reply_to(post, "the new roast tastes burnt, what happened?", "maya", 60)
    fake.reply_to(post, "Thanks Maya, we're checking the batch.", BRAND, 50)
    threads = adapter(fake)
    mentions = (await pull_all(threads))[0]
    assert [m.text for m in mentions] == ["the new roast tastes burnt, what happened?"]
    assert mentions[0].kind is MentionKind.REPLY
    assert mentions[0].in_reply_to_id == post == mentions[0].thread_root_id
    await threads.aclose()


async def test_the_thread_shows_root_and_replies_with_the_brand_marked(fake: FakeThreads) -> None:
    post = fake.add_own_post(minutes_ago=120)
    fake.reply_to(post, "burnt again", "maya", 60)
    fake.reply_to(post, "On it, Maya.", BRAND, 50)
    threads = adapter(fake)
    (mention,) = (await pull_all(threads))[0]
    thread = await threads.thread(mention)
    assert [p.text for p in thread] == ["New roast is out!", "burnt again", "On it, Maya."]
    assert [p.is_brand for p in thread] == [True, False, True]
    assert [p.is_focus for p in thread] == [False, True, False]
    del fake.own_posts[0]  # the root is deleted: its replies still show
    thread = await threads.thread(mention)
    assert thread[0].state is PostState.NOT_FOUND
    await threads.aclose()


async def test_a_day_old_token_is_refreshed_and_kept(
    fake: FakeThreads, memory_keyring: MemoryKeyring
) -> None:
    fake.add_mentions(1)
    threads = adapter(fake, issued_ago=timedelta(days=2))
    assert len((await pull_all(threads))[0]) == 1
    stored = load_token(ACCOUNT)
    assert stored.token == TOKEN + "-r" and stored.issued_at == fake.now
    assert stored.expires_at == fake.now + timedelta(seconds=5183944)
    await threads.aclose()


async def test_an_expired_or_revoked_token_says_sign_in_again(fake: FakeThreads) -> None:
    threads = adapter(fake)
    fake.tokens = {"another"}
    with pytest.raises(AuthError, match="Sign in again: replydesk account add threads"):
        await threads.pull(None)
    lapsed = ThreadsToken(TOKEN, fake.now - timedelta(days=61), fake.now - timedelta(days=1))
    old = ThreadsAdapter(ACCOUNT, lapsed, transport=fake.transport(), clock=lambda: fake.now)
    with pytest.raises(AuthError, match="expired on"):
        await old.pull(None)
    await threads.aclose()
    await old.aclose()


async def test_throttling_waits(fake: FakeThreads) -> None:
    fake.throttled = True
    threads = adapter(fake)
    with pytest.raises(RateLimited) as raised:
        await threads.pull(None)
    assert raised.value.retry_after > 0
    await threads.aclose()


async def test_unreadable_posts_are_skipped_and_the_rest_kept(fake: FakeThreads) -> None:
    fake.add_mentions(2)
    del fake.mentions[0]["timestamp"]
    fake.mentions[1]["unknown_field"] = {"nested": [1, 2]}
    fake.mentions.append({"id": "9", "username": "x"})  # no text, no time
    threads = adapter(fake)
    batch = await threads.pull(None)
    assert len(batch.mentions) == 1
    assert {s.remote_id for s in batch.skipped} == {fake.mentions[0]["id"], "9"}
    await threads.aclose()


def test_the_documented_reply_shapes_read() -> None:
    body = fixture("docs_replies.json")
    threads = ThreadsAdapter(ACCOUNT, ThreadsToken(TOKEN, datetime.now().astimezone()))
    mentions, skipped = threads._read_posts(body, MentionKind.REPLY)
    assert not skipped and mentions
    assert all(m.in_reply_to_id == "1234567890" for m in mentions)


def test_every_error_shape_gives_its_codes() -> None:
    not_ready = graph_error(fixture("error_24_4279009_media_not_found.issue.json"))
    assert not_ready is not None and (not_ready.code, not_ready.subcode) == (24, 4279009)
    recorded = fixture("error_10_publish_ambiguous.assembled.http.json")
    ambiguous = graph_error(json.loads(recorded["body"]))
    assert ambiguous is not None and (ambiguous.code, ambiguous.subcode) == (10, 0)
    token = graph_error({"error_type": "OAuthException", "code": 400, "error_message": "used"})
    assert token is not None and token.code == 400 and token.message == "used"
    window = graph_error({"error_message": "denied", "error_code": 1349026})
    assert window is not None and window.code == 1349026
    assert graph_error({"data": []}) is None


def test_account_add_checks_the_token_belongs_to_the_handle(
    home: Path, memory_keyring: MemoryKeyring, capsys: pytest.CaptureFixture[str]
) -> None:
    with FakeThreads() as fake:
        add = ("account", "add", "threads", "someoneelse", "--token-stdin")
        code, out, err = run_captured(capsys, *add, "--api-base", fake.base_url, stdin=TOKEN)
        assert code != 0 and f"belongs to @{BRAND}" in err
        assert not memory_keyring.secrets
        add = ("account", "add", "threads", BRAND, "--token-stdin")
        code, out, err = run_captured(capsys, *add, "--api-base", fake.base_url, stdin=TOKEN)
        assert code == 0, err
        assert f"Added @{BRAND} (threads)" in out
        code, out, err = run_captured(capsys, "account", "list", "--json")
    (row,) = json.loads(out)
    assert row["id"] == f"threads:{BRAND_ID}"  # the 17-digit id kept exactly
    assert TOKEN in json.dumps(list(memory_keyring.secrets.values()))


def test_without_token_stdin_the_way_to_sign_in_is_named(
    home: Path, memory_keyring: MemoryKeyring, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run_captured(capsys, "account", "add", "threads", BRAND)
    assert code != 0 and "[threads] app_id" in err and "--token-stdin" in err


def test_a_token_is_stored_only_in_the_keyring(memory_keyring: MemoryKeyring) -> None:
    token = ThreadsToken(TOKEN, datetime(2026, 1, 1).astimezone())
    store_token(ACCOUNT, token)
    assert load_token(ACCOUNT) == token
