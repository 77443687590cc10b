"""Trust it all day: the draft is never touched by a refresh, the place is kept, undo is this
session's, toasts are literal and a post the network refuses cannot be overridden."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path

from textual.app import App
from textual.content import Content
from textual.pilot import Pilot

from adapters.records import Author, Mention, Platform
from store import MentionState
from store.mentions import TriageFields
from tests.conftest import FakeClock
from tests.pilot_helpers import SIZE, demo_app, wait_for, wait_ready
from tui.app import ReplyDeskApp
from tui.format import clock_time
from tui.screens.main import MainScreen
from tui.screens.override import OverrideScreen
from tui.widgets.composer import Composer
from tui.widgets.queue import QueueList
from tui.widgets.status import StatusBar

# 200 characters a person might type: letters, spaces and punctuation, no newline.
REPLY = (
    "Hi, I am so sorry the kettle arrived with a cracked lid. We will send a new one today, "
    "free of charge, and you can keep the old one. Could you DM us your order number please? "
    "Thanks for your patience."
)


@asynccontextmanager
async def opened(
    home: Path, clock: FakeClock, *, latency: float = 0.0, size: tuple[int, int] = SIZE
) -> AsyncIterator[tuple[ReplyDeskApp, Pilot[None], MainScreen]]:
    """The demo app, toasts shown, once its first sync is in the queue."""
    app = demo_app(home, clock, latency=latency)
    async with app.run_test(size=size, notifications=True) as pilot:
        yield app, pilot, await wait_ready(pilot)


def toasts(app: App[None]) -> list[str]:
    """The text of every toast on screen, as rendered."""
    shown = []
    for toast in app.screen.query("Toast"):
        rendered = toast.render()
        shown.append(rendered.plain if isinstance(rendered, Content) else str(rendered))
    return shown


async def wait_toast(app: App[None], pilot: Pilot[None], part: str) -> str:
    """Wait for a toast containing ``part``; return its whole text."""
    found: list[str] = []

    def shown() -> bool:
        found[:] = [t for t in toasts(app) if part in t]
        return bool(found)

    await wait_for(pilot, shown)
    return found[0]


async def wait_shown(pilot: Pilot[None], screen: MainScreen, mention_id: int | None) -> None:
    """Wait until the right-hand panes (thread, composer) show ``mention_id``."""
    composer = screen.query_one(Composer)
    await wait_for(pilot, lambda: composer.item is not None and composer.item.id == mention_id)


def urgent(n: int, account_id: str, platform: Platform, clock: FakeClock) -> Mention:
    """A brand-new complaint that ranks above everything in the demo inbox."""
    return Mention(
        account_id=account_id,
        remote_id=f"urgent-{n}",
        platform=platform,
        author=Author(f"u{n}", f"@urgent{n}@x.social", "Urgent Person", 10),
        text="My order never came and nobody answers!",
        created_at=clock() - timedelta(hours=5),
    )


def overdue_fields(clock: FakeClock) -> TriageFields:
    return TriageFields(
        cls="complaint",
        sentiment=-0.9,
        reasons=("test",),
        sla_rule="complaint: 1 h",
        due_at=clock() - timedelta(hours=4),
        priority=10_000.0,
    )


async def test_typing_through_three_syncs_keeps_every_keystroke(
    home: Path, clock: FakeClock
) -> None:
    async with opened(home, clock, latency=0.01) as (app, pilot, screen):
        queue = screen.query_one(QueueList)
        composer = screen.query_one(Composer)
        status = screen.query_one(StatusBar)
        target = queue.current_id
        await pilot.press("r")
        assert len(REPLY) == 200
        prefix = composer.prefix
        assert composer.text == prefix
        assert composer.area.cursor_location == (0, len(prefix))
        chunks = [REPLY[:60], REPLY[60:120], REPLY[120:190], REPLY[190:]]
        for number, chunk in enumerate(chunks[:3], 1):
            before = queue.option_count
            clock.advance(minutes=20)  # new live mentions arrive, the queue re-ranks
            screen.sync_loop()  # lands while the keys below are being typed
            await pilot.press(*chunk)  # key by key
            await wait_for(pilot, lambda: not status.syncing and status.last_sync == clock())
            await wait_for(pilot, lambda b=before: queue.option_count > b)
            assert queue.current_id == target, f"sync {number} moved the selection"
            assert composer.text == prefix + "".join(chunks[:number])
        # Step back into the text and finish it there: the cursor is not just "at the end".
        await pilot.press(*["left"] * 5)
        screen.load_limits()
        screen.load_queue()
        await pilot.press(*chunks[3])
        await pilot.pause()
        body = REPLY[:190]
        expected = prefix + body[:-5] + chunks[3] + body[-5:]
        assert composer.text == expected
        assert composer.area.cursor_location == (0, len(prefix) + 185 + len(chunks[3]))
        assert queue.current_id == target
        await wait_for(pilot, lambda: app.profile.store.draft(target or 0) == expected)


async def test_a_mention_answered_elsewhere_mid_reply_keeps_the_composer(
    home: Path, clock: FakeClock
) -> None:
    async with opened(home, clock) as (app, pilot, screen):
        queue = screen.query_one(QueueList)
        composer = screen.query_one(Composer)
        target = queue.current_id
        assert target is not None
        await pilot.press("r", *"We are on")
        app.profile.store.mark_answered(target, clock(), "a teammate")  # as a sync finds it
        screen.load_queue()
        await wait_for(pilot, lambda: not queue.items[target].is_waiting)
        await pilot.press(*" it")
        assert queue.current_id == target
        assert composer.item is not None and composer.item.id == target
        assert composer.text == composer.prefix + "We are on it"


async def test_draft_survives_switching_mention_and_restart(home: Path, clock: FakeClock) -> None:
    async with demo_app(home, clock).run_test(size=SIZE) as pilot:
        screen = await wait_ready(pilot)
        queue = screen.query_one(QueueList)
        composer = screen.query_one(Composer)
        first = queue.current_id
        await pilot.press("r", *"First draft", "escape", "j")
        second = queue.current_id
        assert second != first
        assert composer.item is not None and composer.item.id == second
        await pilot.press("r", *"Second one")
        second_text = composer.text
        assert second_text == composer.prefix + "Second one"
        await pilot.press("escape", "k")
        assert composer.text.endswith("First draft")
        first_text = composer.text
        await pilot.press("r")  # back in the draft, the cursor at its end
        assert composer.area.cursor_location == (0, len(first_text))
        await pilot.press(*" and more")
    async with demo_app(home, clock).run_test(size=SIZE) as pilot:
        screen = await wait_ready(pilot)
        store = pilot.app.profile.store  # type: ignore[attr-defined]
        assert store.draft(first or 0) == first_text + " and more"
        assert store.draft(second or 0) == second_text
        assert screen.query_one(QueueList).current_id == first
        assert screen.query_one(Composer).text == first_text + " and more"


async def test_rows_arriving_above_keep_the_row_and_its_place(home: Path, clock: FakeClock) -> None:
    # A short terminal: the demo inbox (about 30 rows, kept up with) is taller than the queue.
    async with opened(home, clock, size=(120, 20)) as (app, pilot, screen):
        queue = screen.query_one(QueueList)
        # Far enough down that the list has scrolled, then back up: the cursor is mid-screen.
        await pilot.press(*["j"] * 20, *["k"] * 4)
        target, index = queue.current_id, queue.highlighted
        assert target is not None and index is not None and queue.scroll_y > 0
        assert queue.scroll_y < index  # the cursor is on screen, below the top
        offset = index - queue.scroll_y
        picked = queue.items[target].mention
        store = app.profile.store
        store.upsert_mentions(
            [
                (urgent(n, picked.account_id, picked.platform, clock), overdue_fields(clock))
                for n in range(5)
            ]
        )
        screen.load_queue()
        await wait_for(pilot, lambda: queue.highlighted == index + 5)
        assert queue.current_id == target
        assert (index + 5) - queue.scroll_y == offset  # the row did not move on screen
        await wait_shown(pilot, screen, target)

        clock.advance(hours=3)  # a re-rank
        screen.load_queue()
        await wait_for(pilot, lambda: screen.query_one(StatusBar).now == clock())
        assert queue.current_id == target


async def test_correction_keeps_the_selection_and_brackets_survive(
    home: Path, clock: FakeClock
) -> None:
    async with opened(home, clock) as (app, pilot, screen):
        queue = screen.query_one(QueueList)
        await pilot.press("j", "j", "j")
        target = queue.current_id
        assert target is not None
        cls = queue.items[target].cls
        new = "4" if cls != "other" else "3"  # other, or praise: it ranks elsewhere
        await pilot.press("c", new)
        await wait_for(pilot, lambda: queue.items[target].cls != cls)
        assert queue.current_id == target

        index = queue.highlighted
        assert index is not None
        after = list(queue.items)[index + 1]
        await pilot.press("c", "5")  # spam: it leaves the inbox
        text = await wait_toast(app, pilot, "Moved to the other tab")
        assert "([ or ])" in text  # literal brackets, not eaten as markup
        await wait_for(pilot, lambda: target not in queue.items)
        assert queue.highlighted == index and queue.current_id == after
        await wait_shown(pilot, screen, after)


async def test_done_and_snooze_move_to_the_next_row_and_say_until_when(
    home: Path, clock: FakeClock
) -> None:
    async with opened(home, clock) as (app, pilot, screen):
        queue = screen.query_one(QueueList)
        rows = list(queue.items)
        await pilot.press("d")
        await wait_for(pilot, lambda: screen.query_one(StatusBar).open_count < len(rows))
        assert queue.current_id == rows[1] and queue.highlighted == 1
        await pilot.press("z", "1")  # the picker's first choice: an hour
        until = clock_time(clock() + timedelta(hours=1), clock())
        await wait_toast(app, pilot, f"Snoozed until {until} · u to undo")
        assert queue.current_id == rows[2]
        await wait_shown(pilot, screen, rows[2])


async def test_undo_walks_back_this_session_only(home: Path, clock: FakeClock) -> None:
    async with demo_app(home, clock).run_test(size=SIZE) as pilot:
        screen = await wait_ready(pilot)
        earlier = screen.query_one(QueueList).current_id
        await pilot.press("d")  # an earlier session's change
    async with opened(home, clock) as (app, pilot, screen):
        assert isinstance(screen, MainScreen)
        store = app.profile.store
        queue = screen.query_one(QueueList)
        done_id = queue.current_id
        assert done_id is not None and done_id != earlier
        await pilot.press("d")
        snoozed_id = queue.current_id
        assert snoozed_id is not None
        await pilot.press("z", "1")
        corrected_id = queue.current_id
        assert corrected_id is not None
        before = store.get_mention(corrected_id)
        assert before is not None
        await pilot.press("c", "4" if before.cls != "other" else "3")
        await wait_for(pilot, lambda: queue.items[corrected_id].cls != before.cls)
        handle = before.mention.author.handle

        await pilot.press("u")
        await wait_toast(app, pilot, f"on {handle}'s mention")
        restored = store.get_mention(corrected_id)
        assert restored is not None
        assert restored == before  # class, source, due time and score, exactly as they were

        def state(mention_id: int) -> MentionState:
            found = store.get_mention(mention_id)
            assert found is not None
            return found.state

        await pilot.press("u")
        await wait_for(pilot, lambda: state(snoozed_id) is not MentionState.SNOOZED)
        await pilot.press("u")
        await wait_for(pilot, lambda: state(done_id) is not MentionState.DONE)
        await wait_toast(app, pilot, "Undone: done on ")
        await pilot.press("u")
        await wait_toast(app, pilot, "Nothing to undo in this session.")
        assert state(earlier or 0) is MentionState.DONE  # the earlier session's stays done


async def test_a_post_the_network_refuses_cannot_be_overridden(
    home: Path, clock: FakeClock
) -> None:
    async with opened(home, clock) as (app, pilot, screen):
        queue = screen.query_one(QueueList)
        target = next(i for i, m in queue.items.items() if m.mention.platform is Platform.BLUESKY)
        queue.highlighted = queue.get_option_index(str(target))
        await wait_shown(pilot, screen, target)
        await pilot.press("r")
        composer = screen.query_one(Composer)
        composer.set_text("Thanks! " + "x" * 300)
        await pilot.press(*"xxxx")  # 312 graphemes
        await pilot.press("ctrl+o")
        text = await wait_toast(app, pilot, "Too long to send")
        assert "312/300 characters. Cut 12." in text
        assert "ctrl+o" not in text
        assert not isinstance(app.screen, OverrideScreen)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, OverrideScreen)
        assert app.profile.store.outbox_for(target) == []
