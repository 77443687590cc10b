"""Pulling a Page against the fake Graph API: comments, Instagram, Messenger, paging, resume,
permissions, expiry and bad input."""

from __future__ import annotations

import json
import logging
from datetime import timedelta

import pytest

from adapters.errors import AuthError
from adapters.meta import MetaAdapter
from adapters.meta.faults import PermissionMissing
from adapters.meta.login import facebook_account_id
from adapters.meta.text import CONVERSATION, REPLY_TO
from adapters.records import Account, MentionKind, Platform, PostState, Visibility
from adapters.reply_window import describe_window, window_open
from tests.conftest import FakeClock
from tests.fakes.meta import FakeGraph, ok
from tests.fakes.meta_seed import (
    CONVERSATION as CONV_ID,
)
from tests.fakes.meta_seed import (
    FAN_ID,
    OLD_CONVERSATION,
    PAGE_ID,
    POST_ID,
    Comment,
    fixture,
)

ACCOUNT = Account(
    facebook_account_id(PAGE_ID), "facebook", "MyLife", "MyLife", "https://graph.facebook.com/v21.0"
)


def adapter(fake: FakeGraph, clock: FakeClock, **options: int) -> MetaAdapter:
    return MetaAdapter(ACCOUNT, fake.page_token, transport=fake.transport(), clock=clock, **options)  # type: ignore[arg-type]


def comment_calls(fake: FakeGraph) -> list[dict[str, str]]:
    return [r.query for r in fake.requests if r.path == f"/{POST_ID}/comments"]


async def test_first_sync_reads_comments_instagram_and_messages(clock: FakeClock) -> None:
    fake = FakeGraph(clock)
    batch = await adapter(fake, clock).pull(None)
    by_platform = {p: [m for m in batch.mentions if m.platform is p] for p in Platform}
    fb = [m for m in by_platform[Platform.FACEBOOK] if m.kind is MentionKind.REPLY]
    dms = [m for m in batch.mentions if m.kind is MentionKind.DIRECT]
    assert len(fb) == 9  # 7 recorded + a fan's reply + a hidden author; the Page's reply is not
    assert all(m.author.remote_id != PAGE_ID for m in batch.mentions)
    assert [m.text for m in by_platform[Platform.INSTAGRAM]] == [
        "Beautiful!",
        "Beautiful!",
        "@ikroskun 我看见你吃的，全吃了一点没剩",
    ]  # the older recorded comments are outside the window; the account's own reply is left out
    assert len(dms) == 3 and all(m.visibility is Visibility.DIRECT for m in dms)
    assert [m.created_at for m in batch.mentions] == sorted(m.created_at for m in batch.mentions)
    assert all(isinstance(m.remote_id, str) for m in batch.mentions)
    assert not batch.skipped and not batch.more


async def test_comment_paging_goes_to_the_last_page_and_resumes(clock: FakeClock) -> None:
    fake = FakeGraph(clock)
    meta = adapter(fake, clock, page_size=3)
    first = await meta.pull(None)
    calls = comment_calls(fake)
    assert len(calls) == 4 and "after" not in calls[0] and all("after" in c for c in calls[1:])
    assert len([m for m in first.mentions if m.thread_root_id == POST_ID]) == 9
    fake.requests.clear()
    again = await meta.pull(first.cursor)
    assert not [m for m in again.mentions if m.thread_root_id == POST_ID]
    assert len(comment_calls(fake)) == 1 and "after" in comment_calls(fake)[0]
    clock.advance(minutes=5)
    fake.comments.append(
        Comment(
            f"{POST_ID}_new",
            POST_ID,
            "Still waiting for my refund!",
            clock(),
            {"id": "42", "name": "Ana"},
        )
    )
    newer = await meta.pull(again.cursor)
    assert [m.text for m in newer.mentions] == ["Still waiting for my refund!"]


async def test_the_token_never_reaches_a_log_or_a_url(
    clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    fake = FakeGraph(clock)
    meta = adapter(fake, clock, page_size=2)
    await meta.pull(None)
    assert "fake-page-token" not in caplog.text and "access_token" not in caplog.text
    assert all("access_token" not in q for r in fake.requests for q in r.query)


async def test_a_missing_messenger_permission_is_named_and_the_rest_still_arrives(
    clock: FakeClock,
) -> None:
    fake = FakeGraph(clock)
    fake.permissions.discard("pages_messaging")
    batch = await adapter(fake, clock).pull(None)
    assert not [m for m in batch.mentions if m.kind is MentionKind.DIRECT]
    assert len([m for m in batch.mentions if m.platform is Platform.FACEBOOK]) == 9
    reasons = {s.remote_id: s.reason for s in batch.skipped}
    assert (
        "read and answer the Page's Messenger conversations (pages_messaging)"
        in reasons["messenger messages"]
    )


async def test_a_missing_comment_permission_stops_the_pull_with_its_name(clock: FakeClock) -> None:
    fake = FakeGraph(clock)
    fake.permissions.discard("pages_read_engagement")
    with pytest.raises(
        PermissionMissing, match=r"read the Page's posts and comments \(pages_read_engagement\)"
    ):
        await adapter(fake, clock).pull(None)


async def test_an_expired_token_asks_to_sign_in_again(clock: FakeClock) -> None:
    fake = FakeGraph(clock)
    meta = adapter(fake, clock)
    first = await meta.pull(None)
    fake.expire_token()
    with pytest.raises(AuthError, match="sign in again: the login expired"):
        await meta.pull(first.cursor)


async def test_comments_without_id_or_from_unknown_fields_and_attachments(clock: FakeClock) -> None:
    fake = FakeGraph(clock)
    fake.fail_next("GET", f"/{POST_ID}/comments", ok(fixture("fb_post_comments_stream_p1.json")))
    batch = await adapter(fake, clock).pull(None)
    # The recorded stream page has no ids (trimmed upstream): each item skipped, nothing lost.
    assert len(batch.skipped) == 10
    assert batch.skipped[0].remote_id.startswith("https://www.facebook.com/19292868552/posts/")
    fresh = await adapter(FakeGraph(clock), clock).pull(None)
    hidden = next(m for m in fresh.mentions if m.text == "Is the shop open on Sunday?")
    assert (
        hidden.author.display_name == "Facebook user (name hidden)"
        and hidden.author.remote_id == ""
    )
    photo = next(m for m in fresh.mentions if m.text == "Good job!😏")
    assert photo.attachments == ("photo",)
    only_image = next(m for m in fresh.mentions if m.kind is MentionKind.DIRECT and not m.text)
    assert only_image.attachments == ("image/jpeg",)


async def test_direct_messages_carry_their_reply_window(clock: FakeClock) -> None:
    batch = await adapter(FakeGraph(clock), clock).pull(None)
    dms = {m.meta[CONVERSATION]: m for m in batch.mentions if m.kind is MentionKind.DIRECT}
    assert describe_window(dms[CONV_ID], clock()) == "window closes in 21 h"
    assert window_open(dms[CONV_ID], clock())
    assert describe_window(dms[OLD_CONVERSATION], clock()) == "window closed 6 h ago"
    assert dms[CONV_ID].meta["recipient_id"] == FAN_ID


async def test_thread_of_a_reply_shows_post_parent_and_replies(clock: FakeClock) -> None:
    fake = FakeGraph(clock)
    meta = adapter(fake, clock)
    batch = await meta.pull(None)
    reply = next(
        m for m in batch.mentions if m.text == "My order arrived broken, who do I talk to?"
    )
    thread = await meta.thread(reply)
    assert thread[0].remote_id == POST_ID and thread[0].is_brand
    assert [(p.text, p.is_brand, p.is_focus) for p in thread[1:]] == [
        ("Good job!😏", False, False),
        ("Thanks! Glad you like it.", True, False),
        ("My order arrived broken, who do I talk to?", False, True),
    ]
    fake.comments = [c for c in fake.comments if c.id != reply.meta[REPLY_TO]]  # parent deleted
    gone = await meta.thread(reply)
    assert gone[1].state is PostState.NOT_FOUND and gone[-1].is_focus


async def test_thread_of_a_message_is_the_conversation(clock: FakeClock) -> None:
    meta = adapter(FakeGraph(clock), clock)
    batch = await meta.pull(None)
    message = next(
        m
        for m in batch.mentions
        if m.kind is MentionKind.DIRECT and m.meta[CONVERSATION] == CONV_ID and m.text
    )
    thread = await meta.thread(message)
    assert [p.text for p in thread] == ["hello, is my table for 4 still booked?", "[image/jpeg]"]
    assert thread[0].is_focus


async def test_an_unreadable_cursor_starts_over(clock: FakeClock) -> None:
    meta = adapter(FakeGraph(clock), clock)
    batch = await meta.pull("{not json")
    assert len(batch.mentions) == 15
    assert json.loads(batch.cursor or "")["v"] == 1


async def test_posts_are_read_with_time_paging(clock: FakeClock) -> None:
    fake = FakeGraph(clock)
    for n in range(30):
        fake.posts.append(
            {
                "id": f"{PAGE_ID}_{n}",
                "message": "old",
                "created_time": (clock() - timedelta(days=1, minutes=n)).strftime(
                    "%Y-%m-%dT%H:%M:%S+0000"
                ),
            }
        )
    await adapter(fake, clock).pull(None)
    pages = [r.query for r in fake.requests if r.path == f"/{PAGE_ID}/posts"]
    assert len(pages) == 2 and "until" in pages[1] and "access_token" not in pages[1]
