"""The demo's Facebook/Instagram Page: comments and messages with open, closing and closed
reply windows, in the adapter and in the app (shown in the queue; a closed one blocks sending)."""

from __future__ import annotations

from pathlib import Path

import pytest

from adapters.demo.http import DemoNetwork
from adapters.demo.login import META_ACCOUNT, demo_profile_accounts
from adapters.demo.meta import DemoMetaAdapter
from adapters.errors import Rejected
from adapters.meta.text import reply_limits
from adapters.records import (
    FACEBOOK_LIMITS,
    INSTAGRAM_LIMITS,
    Mention,
    MentionKind,
    OutgoingReply,
    Platform,
)
from adapters.reply_window import describe_window, window_open
from tests.conftest import FakeClock
from tests.pilot_helpers import SIZE, demo_app, notes, wait_for, wait_ready
from tui.format import queue_row
from tui.widgets.composer import Composer
from tui.widgets.queue import QueueList


def demo(tmp_path: Path, clock: FakeClock) -> DemoMetaAdapter:
    return DemoMetaAdapter(META_ACCOUNT, DemoNetwork(tmp_path / "net.json", clock))


async def test_the_page_has_comments_and_messages_with_windows(
    tmp_path: Path, clock: FakeClock
) -> None:
    adapter = demo(tmp_path, clock)
    batch = await adapter.pull(None)
    assert {m.platform for m in batch.mentions} == {Platform.FACEBOOK, Platform.INSTAGRAM}
    windows = [describe_window(m, clock()) for m in batch.mentions if m.kind is MentionKind.DIRECT]
    assert windows == [
        "window closed 6 h ago",
        "window closes in 2 h",
        "window closes in 22 h",
        "window closes in 23 h",
    ]
    assert (await adapter.pull(batch.cursor)).mentions == ()
    assert META_ACCOUNT in demo_profile_accounts()


async def test_a_closed_window_refuses_and_an_open_one_answers(
    tmp_path: Path, clock: FakeClock
) -> None:
    adapter = demo(tmp_path, clock)
    mentions = (await adapter.pull(None)).mentions
    closed = next(
        m for m in mentions if m.kind is MentionKind.DIRECT and not window_open(m, clock())
    )
    with pytest.raises(Rejected, match="window closed 6 h ago: Meta lets a Page answer"):
        await adapter.send(OutgoingReply(META_ACCOUNT.id, closed, "Sorry!"), "k1")
    comment = next(m for m in mentions if m.kind is MentionKind.REPLY)
    sent = await adapter.send(OutgoingReply(META_ACCOUNT.id, comment, "Thanks!"), "k2")
    thread = await adapter.thread(comment)
    assert [(p.is_brand, p.is_focus) for p in thread] == [
        (True, False),
        (False, True),
        (True, False),
    ]
    assert await adapter.reconcile(OutgoingReply(META_ACCOUNT.id, comment, "Thanks!"), "k2") == sent


async def test_the_app_shows_windows_and_blocks_a_closed_one(home: Path, clock: FakeClock) -> None:
    app = demo_app(home, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await wait_ready(pilot)
        queue = screen.query_one(QueueList)
        await wait_for(
            pilot,
            lambda: any(i.mention.account_id == META_ACCOUNT.id for i in queue.items.values()),
        )
        rows = {i: queue_row(item, clock(), "").plain for i, item in queue.items.items()}
        assert any("window closes in 2 h" in row for row in rows.values())
        closed = next(i for i, row in rows.items() if "window closed 6 h ago" in row)
        queue.highlighted = queue.get_option_index(str(closed))
        composer = screen.query_one(Composer)
        await wait_for(pilot, lambda: composer.item is not None and composer.item.id == closed)
        await pilot.press("r")
        composer.set_text("So sorry for the wait, Marta!")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: any("window closed 6 h ago" in n for n in notes(app)))
        assert app.profile.store.outbox_for(closed) == []


async def test_a_message_is_counted_against_a_messages_cap(home: Path, clock: FakeClock) -> None:
    """An Instagram DM holds 1,000 bytes, not the Page's 8,000: the composer counts it so and
    refuses it before the outbox, as the Send API would."""
    app = demo_app(home, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await wait_ready(pilot)
        queue = screen.query_one(QueueList)
        composer = screen.query_one(Composer)
        counter = composer.query_one("#counter")
        rosa = "@rosa.morning"
        await wait_for(
            pilot, lambda: any(i.mention.author.handle == rosa for i in queue.items.values())
        )
        dm = next(i for i, m in queue.items.items() if m.mention.author.handle == rosa)
        queue.highlighted = queue.get_option_index(str(dm))
        await wait_for(pilot, lambda: composer.item is not None and composer.item.id == dm)
        await pilot.press("r")
        composer.set_text("é" * 600)  # 600 characters, 1,200 bytes
        await wait_for(pilot, lambda: "1200/1000 bytes" in str(counter.render()))
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: any("shorten it" in n for n in notes(app)))
        assert app.profile.store.outbox_for(dm) == []


def test_a_replys_limits_follow_where_it_goes(tmp_path: Path, clock: FakeClock) -> None:
    """Messages (a DM, or a comment answered privately) have a message's cap; a public reply
    to a comment has the comment's."""
    mentions = demo(tmp_path, clock)._mentions()

    def first(direct: bool, platform: Platform) -> Mention:
        return next(
            m
            for m in mentions
            if (m.kind is MentionKind.DIRECT) == direct and m.platform is platform
        )

    ig_dm = first(True, Platform.INSTAGRAM)
    fb_comment = first(False, Platform.FACEBOOK)
    ig_comment = first(False, Platform.INSTAGRAM)
    assert reply_limits(ig_dm, private=False).max_bytes == 1000
    assert reply_limits(fb_comment, private=True).max_graphemes == 2000
    assert reply_limits(ig_comment, private=True).max_bytes == 1000
    assert reply_limits(fb_comment, private=False) == FACEBOOK_LIMITS
    assert reply_limits(ig_comment, private=False) == INSTAGRAM_LIMITS
