"""The demo's X account: mentions, a quote, a reply, DMs and live arrivals under X's rules (280
weighted characters, a price on every send, no reply to someone who did not summon the brand),
in the adapter, in the app's composer (the refusal and the month's spend before sending, the
budget that needs an override) and in ``account list``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input

from adapters.demo.http import DemoNetwork
from adapters.demo.login import X_ACCOUNT, demo_profile_accounts
from adapters.demo.x import LIVE_EVERY, DemoXAdapter
from adapters.errors import Rejected
from adapters.records import Mention, MentionKind, OutgoingReply, Platform
from tests.conftest import FakeClock
from tests.pilot_helpers import SIZE, demo_app, notes, wait_for, wait_ready
from tui.screens.main import MainScreen
from tui.screens.override import OverrideScreen
from tui.widgets.composer import Composer
from tui.widgets.queue import QueueList


def demo(tmp_path: Path, clock: FakeClock) -> DemoXAdapter:
    return DemoXAdapter(X_ACCOUNT, DemoNetwork(tmp_path / "net.json", clock))


async def test_the_x_inbox_then_a_live_arrival_every_few_minutes(
    tmp_path: Path, clock: FakeClock
) -> None:
    adapter = demo(tmp_path, clock)
    first = await adapter.pull(None)
    kinds = [m.kind for m in first.mentions]
    assert kinds.count(MentionKind.DIRECT) == 2
    assert {MentionKind.MENTION, MentionKind.QUOTE, MentionKind.REPLY} <= set(kinds)
    assert {m.platform for m in first.mentions} == {Platform.X}
    assert all(m.remote_id.isdigit() for m in first.mentions)  # snowflakes, as strings
    assert (await adapter.pull(first.cursor)).mentions == ()
    clock.advance(seconds=2 * LIVE_EVERY.total_seconds())
    live = await adapter.pull(first.cursor)
    assert len(live.mentions) == 2
    assert (await adapter.pull(live.cursor)).mentions == ()
    thread = await adapter.thread(live.mentions[0])
    assert [p.is_focus for p in thread] == [True]
    assert X_ACCOUNT in demo_profile_accounts()


async def test_x_rules_refuse_an_unsummoned_reply_and_an_overweight_one(
    tmp_path: Path, clock: FakeClock
) -> None:
    adapter = demo(tmp_path, clock)
    mentions = (await adapter.pull(None)).mentions
    heard = next(m for m in mentions if m.meta.get("summoned") == "0")
    with pytest.raises(Rejected, match="X accepts replies only to people who mentioned"):
        await adapter.send(OutgoingReply(X_ACCOUNT.id, heard, "Sorry!"), "k1")
    quote = next(m for m in mentions if m.kind is MentionKind.QUOTE)
    with pytest.raises(Rejected, match="282 weighted characters, the limit is 280"):
        await adapter.send(OutgoingReply(X_ACCOUNT.id, quote, "日" * 141), "k2")
    sent = await adapter.send(OutgoingReply(X_ACCOUNT.id, quote, "日" * 140), "k3")
    assert sent.url.startswith("https://x.com/fernbrookcoffee/status/")
    thread = await adapter.thread(quote)
    assert [(p.is_brand, p.is_focus) for p in thread] == [
        (True, False),
        (False, True),
        (True, False),
    ]
    again = OutgoingReply(X_ACCOUNT.id, quote, "日" * 140)
    assert await adapter.reconcile(again, "k3") == sent


def _x_row(queue: QueueList, test: Any) -> int:
    return next(i for i, item in queue.items.items() if test(item.mention))


async def _select(pilot: Any, screen: MainScreen, test: Any) -> Composer:
    queue = screen.query_one(QueueList)
    await wait_for(pilot, lambda: any(test(i.mention) for i in queue.items.values()))
    row = _x_row(queue, test)
    queue.highlighted = queue.get_option_index(str(row))
    composer = screen.query_one(Composer)
    await wait_for(pilot, lambda: composer.item is not None and composer.item.id == row)
    return composer


def _unsummoned(mention: Mention) -> bool:
    return mention.account_id == X_ACCOUNT.id and mention.meta.get("summoned") == "0"


def _x_dm(mention: Mention) -> bool:
    return mention.account_id == X_ACCOUNT.id and mention.kind is MentionKind.DIRECT


async def test_the_composer_says_x_refuses_before_anything_is_sent(
    home: Path, clock: FakeClock
) -> None:
    app = demo_app(home, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await wait_ready(pilot)
        composer = await _select(pilot, screen, _unsummoned)
        note = str(composer.send_note.render())
        assert note.startswith("✖ X refuses this reply: @grumpy_gus did not @mention or quote")
        await pilot.press("r")
        composer.set_text("Sorry to hear that, Gus!")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: any("X refuses this reply" in n for n in notes(app)))
        assert composer.item is not None
        assert app.profile.store.outbox_for(composer.item.id) == []


async def test_the_price_and_the_months_spend_show_before_sending(
    home: Path, clock: FakeClock
) -> None:
    app = demo_app(home, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_ready(pilot)
        composer = await _select(pilot, screen, _x_dm)
        await pilot.press("r")
        composer.set_text("So sorry! The second charge is refunded.")
        # A DM costs $0.015; five posts ($0.005) and two DMs ($0.010) read; the demo's $5 budget.
        await wait_for(pilot, lambda: "this reply" in str(composer.send_note.render()))
        note = str(composer.send_note.render())
        assert note == "this reply $0.015 · this month $0.045 of $5 budget"


async def test_the_note_warns_from_80_percent_of_the_budget(home: Path, clock: FakeClock) -> None:
    config = home / "config" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text("[x]\nmonthly_budget = 0.075\n", encoding="utf-8")
    app = demo_app(home, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_ready(pilot)
        composer = await _select(pilot, screen, _x_dm)
        await pilot.press("r")
        composer.set_text("So sorry! The second charge is refunded.")
        await wait_for(pilot, lambda: "this reply" in str(composer.send_note.render()))
        # $0.045 read and $0.015 for this DM: $0.06 is 80 % of $0.075, still allowed.
        note = str(composer.send_note.render())
        assert note == (
            "⚠ this reply $0.015 · this month $0.045 of $0.075 budget: 80 % of it with this reply"
        )
        assert composer.send_note.blocking() == []


async def test_past_the_budget_a_send_needs_an_override_with_a_reason(
    home: Path, clock: FakeClock
) -> None:
    config = home / "config" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text("[x]\nmonthly_budget = 0.05\n", encoding="utf-8")
    app = demo_app(home, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await wait_ready(pilot)
        composer = await _select(pilot, screen, _x_dm)
        target = composer.item.id if composer.item else 0
        await pilot.press("r")
        composer.set_text("So sorry! The second charge is refunded.")
        await wait_for(pilot, lambda: "over budget" in str(composer.send_note.render()))
        await pilot.press("ctrl+s")
        store = app.profile.store
        await wait_for(pilot, lambda: any("Over this month's X budget" in n for n in notes(app)))
        assert store.outbox_for(target) == []
        await pilot.press("ctrl+o")
        await wait_for(pilot, lambda: isinstance(app.screen, OverrideScreen))
        app.screen.query_one(Input).value = "Refund promised by phone"
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
        assert len(store.outbox_for(target)) == 1
        detail = next(d for action, d in store.audit_trail(target) if action == "reply_queued")
        assert detail["override_reason"] == "Refund promised by phone"
        assert [f["rule"] for f in detail["findings"]] == ["x-budget"]


def test_account_list_shows_what_x_cost_this_month(run: Any) -> None:
    code, out, _ = run("--demo", "account", "list")
    assert code == 0
    line = next(line for line in out.splitlines() if line.startswith("@fernbrookcoffee"))
    # Seven mentions read at the first sync: five posts at $0.005 and two DMs at $0.010.
    assert line.endswith("X this month $0.045 of $5 budget (0 sent, 7 read)")


def _demo_x_ids(home: Path) -> dict[str, int]:
    from settings.paths import default_paths
    from store import open_store

    store = open_store(default_paths(home).for_demo().db_file)
    try:
        rows = store.rows(
            "SELECT id, kind, meta FROM mentions WHERE account_id = ? ORDER BY created_at",
            (X_ACCOUNT.id,),
        )
    finally:
        store.close()
    heard = next(r[0] for r in rows if '"summoned": "0"' in r[2])
    dm = next(r[0] for r in rows if r[1] == "direct")
    return {"heard": int(heard), "dm": int(dm)}


def test_the_reply_command_keeps_xs_rules_and_the_budget(run: Any, home: Path) -> None:
    config = home / "config" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text("[x]\nmonthly_budget = 0.05\n", encoding="utf-8")
    run("sync", "--once", "--demo")
    ids = _demo_x_ids(home)
    code, _, err = run("reply", str(ids["heard"]), "--text", "Sorry!", "--override", "x", "--demo")
    assert code == 1
    assert "not queued: X refuses this reply: @grumpy_gus did not @mention" in err
    text = "So sorry! The second charge is refunded."
    code, _, err = run("reply", str(ids["dm"]), "--text", text, "--demo")
    assert code == 1
    assert "Over this month's X budget: $0.045 spent of $0.05" in err
    code, out, _ = run("reply", str(ids["dm"]), "--text", text, "--override", "ok'd", "--demo")
    assert code == 0
    assert out.startswith("Queued reply")
