"""The re-read just before a reply is queued: news stops the send, a failed read does not."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, cast

import pytest
from textual.pilot import Pilot
from textual.worker import Worker

from adapters.demo import DemoAdapter
from adapters.errors import Gone, NetworkError
from adapters.records import Author, Mention, PostState, ThreadPost
from store import StoredMention

if TYPE_CHECKING:
    from adapters.base import Adapter
    from store import Store
from sync.reread import Reread, compare, reread
from tests.conftest import FakeClock
from tests.pilot_helpers import SIZE, demo_app, notes, on_demo_network, wait_for, wait_ready
from tests.test_answered import NOW, mention
from tui.screens.main import MainScreen
from tui.widgets.composer import Composer
from tui.widgets.queue import QueueList
from tui.widgets.thread import ThreadView

ANA = Author("a1", "@ana@x.social", "Ana")
BRAND = Author("b1", "@brand@x.social", "Brand")
PARENT = ThreadPost("r0", ANA, "earlier", NOW - timedelta(hours=1))
FOCUS = ThreadPost("r1", ANA, "hi", NOW, is_focus=True)


def later(remote_id: str, author: Author = ANA, *, is_brand: bool = False) -> ThreadPost:
    return ThreadPost(remote_id, author, "more", NOW + timedelta(minutes=5), is_brand=is_brand)


def test_only_unseen_posts_newer_than_the_mention_are_news() -> None:
    item = mention(1)
    seen = {"r1"}  # the parents were still loading: they are context, not news
    assert not compare(item, [PARENT, FOCUS], seen).changed
    found = compare(item, [PARENT, FOCUS, later("c1"), later("b9", BRAND, is_brand=True)], seen)
    assert [p.remote_id for p in found.from_customer] == ["c1"]
    assert [p.remote_id for p in found.from_brand] == ["b9"]
    assert found.summary() == (
        "1 new message in the conversation; 1 other reply from the brand account"
    )
    assert not compare(item, [FOCUS, later("c1")], {"r1", "c1"}).changed  # already seen


def test_a_deleted_mention_is_news() -> None:
    found = compare(mention(1), [replace(FOCUS, state=PostState.NOT_FOUND)], {"r1"})
    assert found.changed and "deleted" in found.gone


class FakeThreads:
    """Answers ``thread`` from a script: posts, an error to raise, or a stall."""

    def __init__(self, answer: object) -> None:
        self.answer = answer
        self.account = None

    async def thread(self, _: Mention) -> tuple[ThreadPost, ...]:
        if isinstance(self.answer, BaseException):
            raise self.answer
        if self.answer == "stall":
            await asyncio.Event().wait()
        assert isinstance(self.answer, tuple)
        return self.answer


class FakeStore:
    """Records what the re-read writes."""

    def __init__(self) -> None:
        self.gone: list[tuple[int, str]] = []
        self.saved: list[int] = []

    def save_thread(self, mention_id: int, _: object) -> None:
        self.saved.append(mention_id)

    def mark_gone(self, mention_id: int, reason: str) -> None:
        self.gone.append((mention_id, reason))

    def mark_answered(self, *_: object) -> None:
        """A brand reply marks the mention answered (as any thread read does)."""


async def run(answer: object, item: StoredMention, within: float = 5.0) -> tuple[Reread, FakeStore]:
    store = FakeStore()
    adapter = cast("Adapter", FakeThreads(answer))
    found = await reread(adapter, cast("Store", store), item, {"r1"}, within)
    return found, store


async def test_a_failed_or_slow_read_is_reported_and_never_raises() -> None:
    item = mention(1)
    found, store = await run(NetworkError("offline"), item)
    assert found.failed is not None and found.failed.msg == "offline"
    found, _ = await run("stall", item, within=0.01)
    assert found.failed is not None and "did not answer within 0.01 s" in found.failed.msg
    found, store = await run((FOCUS, later("c1")), item)
    assert found.changed and store.saved == [1]


async def test_a_post_gone_from_the_network_leaves_the_queue() -> None:
    found, store = await run(Gone("deleted by its author"), mention(7))
    assert found.gone == "deleted by its author" and store.gone == [(7, "deleted by its author")]


async def _drafted(pilot: Pilot[None], screen: MainScreen) -> int:
    queue = screen.query_one(QueueList)
    target = on_demo_network(queue)
    queue.highlighted = queue.get_option_index(str(target))
    composer = screen.query_one(Composer)
    thread = screen.query_one(ThreadView)
    await wait_for(pilot, lambda: composer.item is not None and composer.item.id == target)
    await wait_for(pilot, lambda: thread.mention_id == target and len(thread.seen) > 0)
    # The first sync's thread checks are over: only the send's re-read reads the thread now.
    await wait_for(pilot, lambda: all(w.is_finished for w in app_workers(screen, "sync")))
    composer.set_text("Sorry about that, we are on it.")
    return target


def app_workers(screen: MainScreen, group: str) -> list[Worker[object]]:
    """The screen's workers of ``group``."""
    return [w for w in screen.app.workers if w.group == group]


async def test_a_brand_reply_made_meanwhile_stops_the_send_until_asked_again(
    home: Path, clock: FakeClock
) -> None:
    app = demo_app(home, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_ready(pilot)
        target = await _drafted(pilot, screen)
        store = app.profile.store
        item = store.get_mention(target)
        assert item is not None
        adapter = app.adapters[item.mention.account_id]
        assert isinstance(adapter, DemoAdapter)
        # A teammate answers from the web while the draft is being written.
        parent = adapter.network.find(adapter.platform, item.mention.remote_id)
        assert parent is not None
        adapter.network.record_reply(adapter.account.id, parent, "Teammate here!", "web-1")
        await pilot.press("r", "ctrl+s")
        await wait_for(pilot, lambda: screen.rereads_done == 1)
        assert store.outbox_for(target) == []
        assert any("1 other reply from the brand account" in n for n in notes(app))
        thread = screen.query_one(ThreadView)
        await wait_for(
            pilot, lambda: any(p.text == "Teammate here!" for p in store.thread(target) or [])
        )
        await wait_for(pilot, lambda: len(thread.query(".-brand")) >= 1)
        assert screen.query_one(Composer).reply == "Sorry about that, we are on it."
        await pilot.press("ctrl+s")  # seen now: one more key sends it
        await wait_for(pilot, lambda: screen.rereads_done == 2)
        assert [o.text for o in store.outbox_for(target)] == ["Sorry about that, we are on it."]


async def test_a_failed_re_read_does_not_block_the_send_and_says_so(
    home: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = demo_app(home, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_ready(pilot)
        target = await _drafted(pilot, screen)
        item = app.profile.store.get_mention(target)
        assert item is not None
        adapter = app.adapters[item.mention.account_id]

        async def offline(_: Mention) -> tuple[ThreadPost, ...]:
            raise NetworkError("The demo network is unreachable.")

        monkeypatch.setattr(adapter, "thread", offline)
        await pilot.press("r", "ctrl+s")
        await wait_for(pilot, lambda: screen.rereads_done == 1)
        assert len(app.profile.store.outbox_for(target)) == 1
        assert any("unreachable" in n and "could not be re-read" in n for n in notes(app)), notes(
            app
        )
