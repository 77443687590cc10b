"""What listening held back today (daily caps, muted authors, exclusions): counted by the sync
and said in one summary row at the end of the inbox, which Enter opens on the Watch terms."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from types import MappingProxyType

from adapters.bluesky import BlueskyAdapter
from settings.watch import WatchConfig
from store import open_store
from store.watch import HeldBack
from sync.pull import pull_account
from sync.triaging import TriageSettings
from tests.conftest import FakeClock
from tests.fakes.bluesky import (
    FakePds,
    FakeSearch,
    brand_account,
    brand_session,
    found_post,
    reply,
)
from tests.pilot_helpers import SIZE, demo_app, wait_for, wait_ready
from tui.held import held_summary
from tui.screens.watch import WatchScreen
from tui.widgets.queue import QueueList
from tui.widgets.queue_window import HELD_ROW

NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)
OTHER_DID = "did:plc:otherfan0000000000000000"


def test_the_summary_names_each_reason_and_the_cap() -> None:
    held = [
        HeldBack("a", "#coffee", "2026-11-23", 30, muted=5),
        HeldBack("b", "fernbrook", "2026-11-23", 0, excluded=2),
    ]
    assert held_summary(held, 50) == (
        "~ 37 indirect mentions held back today "
        "(daily cap 50: 30; muted authors: 5; exclusions: 2) · w to review"
    )
    assert held_summary([HeldBack("a", "x", "2026-11-23", 0, excluded=1)], 50) == (
        "~ 1 indirect mention held back today (exclusions: 1) · w to review"
    )
    assert held_summary([], 50) == ""


async def test_a_sync_counts_what_mutes_exclusions_and_the_cap_kept_out(tmp_path: Path) -> None:
    store = open_store(tmp_path / "rd.db", FakeClock(NOW))
    posts = [
        found_post(1, "fernbrook beans arrived stale", "2026-11-23T01:00:00.000Z"),
        found_post(2, "fernbrook beans are great", "2026-11-23T02:00:00.000Z"),
        found_post(3, "lost on fernbrook road again", "2026-11-23T03:00:00.000Z"),
        found_post(4, "fernbrook, again", "2026-11-23T04:00:00.000Z", author_did=OTHER_DID),
    ]
    pds = FakeSearch(posts, size=10).install(FakePds())
    empty: dict[str, object] = {"notifications": []}
    pds.routes["app.bsky.notification.listNotifications"] = lambda request: reply(200, empty)
    adapter = BlueskyAdapter(
        brand_account(), brand_session(), transport=pds.transport(), clock=lambda: NOW
    )
    store.save_account(adapter.account)
    store.mute(adapter.account.id, "author", OTHER_DID)
    watch = WatchConfig(MappingProxyType({"*": ("fernbrook", '-"fernbrook road"')}), 1)
    result = await pull_account(adapter, store, TriageSettings(), watch)
    assert len(result.heard.new_ids) == 1 and result.heard.held_back == 1
    (held,) = store.held_back("2026-11-23")
    assert (held.count, held.muted, held.excluded, held.total) == (1, 1, 1, 3)


async def test_enter_on_the_summary_row_opens_the_watch_terms(home: Path, clock: FakeClock) -> None:
    async with demo_app(home, clock).run_test(size=SIZE) as pilot:
        screen = await wait_ready(pilot)
        store = screen.rd.profile.store
        today = clock().date().isoformat()
        store.hold_back("demo:bluesky", "fernbrook", today, 30, muted=5, excluded=2)
        screen.load_queue()
        queue = screen.query_one(QueueList)
        await wait_for(pilot, lambda: queue.held != "")
        cap = screen.rd.profile.config.watch.daily_cap
        assert queue.held == held_summary(store.held_back(today), cap)
        assert "37 indirect mentions held back today" in queue.held
        queue.focus()
        await pilot.press("end")
        await wait_for(pilot, lambda: queue.highlighted == queue.option_count - 1)
        last = queue.get_option_at_index(queue.option_count - 1)
        assert last.id == HELD_ROW and queue.current_id is None
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, WatchScreen))
