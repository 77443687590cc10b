"""The demo listens too: one post in five names the brand untagged on both demo networks, the
demo profile watches its names, and the queue, the CLI and ``x`` show what a term found."""

from __future__ import annotations

from pathlib import Path

import pytest

from adapters.demo import DemoAdapter
from adapters.demo.http import DemoNetwork
from adapters.demo.login import demo_accounts
from adapters.demo.terms import DEMO_WATCH_TERMS
from adapters.records import Platform
from adapters.watch import watch_list
from settings.config import Config
from store import open_store
from sync.listen import listen_account
from sync.triaging import TriageSettings
from tests.conftest import FakeClock
from tests.pilot_helpers import SIZE, demo_app, wait_for, wait_ready
from tui.format import INDIRECT_MARK
from tui.profile import with_demo_watch
from tui.screens.explain import ExplainScreen
from tui.screens.watch import WatchScreen
from tui.widgets.queue import QueueList

# The demo's two sides that search for the brand (its Facebook Page has no search).
LISTENING = (Platform.MASTODON, Platform.BLUESKY)


def test_one_post_in_five_on_each_demo_network_names_the_brand_untagged(
    tmp_path: Path, clock: FakeClock
) -> None:
    inbox = DemoNetwork(tmp_path / "net.json", clock).inbox
    watch = watch_list(DEMO_WATCH_TERMS)
    for platform in LISTENING:
        heard, tagged = inbox.heard[platform], inbox.mentions[platform]
        assert 0.15 < len(heard) / (len(heard) + len(tagged)) < 0.25
        assert all(any(t.found_in(post.text) for t in watch.terms) for post in heard)
        assert not any("@fernbrook" in post.text for post in heard)
    # The tagged inbox is the one it was before listening: 320 mentions, 60/40.
    assert (len(inbox.mentions[Platform.MASTODON]), len(inbox.mentions[Platform.BLUESKY])) == (
        192,
        128,
    )


async def test_the_demo_search_pages_and_resumes_and_the_store_keeps_each_once(
    tmp_path: Path, clock: FakeClock
) -> None:
    network = DemoNetwork(tmp_path / "net.json", clock)
    store = open_store(tmp_path / "rd.db", clock)
    config = with_demo_watch(Config()).watch
    total = 0
    for account in demo_accounts():
        adapter = DemoAdapter(account, network)
        heard = await listen_account(adapter, store, TriageSettings(), config)
        again = await listen_account(adapter, store, TriageSettings(), config)
        assert heard.new_ids and again.new_ids == ()
        total += len(heard.new_ids)
    found = store.scalar("SELECT count(*) FROM mentions WHERE found_by != ''")
    assert found == total
    by_term = {r["found_by"] for r in store.rows("SELECT DISTINCT found_by FROM mentions")}
    # The word finds "#fernbrook" too, so the hashtag term, searched second, adds nothing new.
    assert by_term == {"fernbrook"}


async def test_the_queue_marks_indirect_rows_and_x_names_the_term(
    home: Path, clock: FakeClock
) -> None:
    async with demo_app(home, clock).run_test(size=SIZE) as pilot:
        screen = await wait_ready(pilot)
        queue = screen.query_one(QueueList)
        indirect = [i for i in queue.items.values() if i.mention.is_indirect]
        assert indirect, "the demo queue shows indirect mentions"
        row = queue.get_option(str(indirect[0].id)).prompt
        assert INDIRECT_MARK in str(row)
        direct = next(i for i in queue.items.values() if not i.mention.is_indirect)
        assert INDIRECT_MARK + " " not in str(queue.get_option(str(direct.id)).prompt)
        queue.highlighted = queue.get_option_index(str(indirect[0].id))
        queue.focus()
        await pilot.press("x")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ExplainScreen))
        explain = pilot.app.screen
        assert isinstance(explain, ExplainScreen)
        found = str(explain.parts["explain-found"])
        assert indirect[0].mention.found_by in found and "did not address" in found


@pytest.mark.parametrize("platform", LISTENING)
def test_fresh_indirect_complaints_wait_on_both_networks(
    tmp_path: Path, clock: FakeClock, platform: Platform
) -> None:
    network = DemoNetwork(tmp_path / "net.json", clock)
    heard = network.inbox.heard[platform]
    waiting = [p for p in heard if network.answered(p.remote_id) is None and p.label != "spam"]
    assert waiting


async def test_shift_m_mutes_the_author_of_an_indirect_row_with_one_key(
    home: Path, clock: FakeClock
) -> None:
    async with demo_app(home, clock).run_test(size=SIZE) as pilot:
        screen = await wait_ready(pilot)
        queue = screen.query_one(QueueList)
        item = next(i for i in queue.items.values() if i.mention.is_indirect)
        queue.highlighted = queue.get_option_index(str(item.id))
        queue.focus()
        await pilot.press("M")
        store = screen.rd.profile.store
        await wait_for(pilot, lambda: store.mutes(item.mention.account_id).authors)
        assert store.mutes(item.mention.account_id).authors == {item.mention.author.remote_id}
        done = store.get_mention(item.id)
        assert done is not None and not done.is_waiting


async def test_w_shows_each_watch_term_and_what_it_brought_in(home: Path, clock: FakeClock) -> None:
    async with demo_app(home, clock).run_test(size=SIZE) as pilot:
        screen = await wait_ready(pilot)
        await pilot.press("w")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, WatchScreen))
        watch = pilot.app.screen
        assert isinstance(watch, WatchScreen)
        store = screen.rd.profile.store
        found = store.scalar("SELECT count(*) FROM mentions WHERE found_by = 'fernbrook'")
        words = [r for r in watch.rows if r.term == "fernbrook"]
        assert len(words) == len(LISTENING)  # one row per searching demo account
        assert sum(sum(r.per_day) for r in words) == found
        states = {r.term: r.status for r in watch.rows}
        assert states['-"fernbrook road"'] == "exclusion" and states["fernbrook"] == "watching"
