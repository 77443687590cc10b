"""Every tab reaches every row: scrolling reads keyset pages as it goes, ``G`` jumps to the
very last row and ``g`` back, a reload keeps the selected row selected, and the widget never
holds more than its window."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from textual.pilot import Pilot

from adapters.records import Author, Mention, ThreadPost
from store import Store
from store.mentions import TriageFields
from store.views import view_listing
from tests.conftest import FakeClock
from tests.pilot_helpers import demo_app, wait_for, wait_ready
from tui.screens.main import MainScreen
from tui.widgets.queue import QueueList
from tui.widgets.queue_window import WindowSize

EXTRA = 60  # many pages of a window shrunk to 5-row pages
HELD = 25  # rows the shrunk window holds: the short screen's ~10 and pages either side
MOVES = 30  # rows walked down and back up: several pages each way


def add_many(store: Store, clock: FakeClock, account_id: str, platform: object) -> None:
    """``EXTRA`` waiting questions, ranked below each other by a falling priority."""
    items = []
    for n in range(EXTRA):
        author = Author(f"v{n % 50}", f"@v{n % 50}@x.social", "Someone", 10)
        mention = Mention(
            account_id, f"virtual-{n}", platform, author, "When do you open?",  # type: ignore[arg-type]
            clock() - timedelta(minutes=n % 90),
        )  # fmt: skip
        due = clock() + timedelta(hours=4)
        items.append((mention, TriageFields("question", 0.0, (), "", due, 5.0 + n % 37)))
    created = store.upsert_mentions(items)
    # A cached thread, so neither picking a row nor a sync asks the demo network about these
    # rows (it does not know them, and would report them gone).
    for mention_id, (mention, _) in zip(created, items, strict=True):
        post = ThreadPost(mention.remote_id, mention.author, mention.text, mention.created_at)
        store.save_thread(mention_id, [post])


def in_tab(store: Store, clock: FakeClock, key: str) -> list[int]:
    """Every row of the tab ``key`` in its order (``tests/test_pages.py`` checks the pages)."""
    page = store.page(view_listing(key, clock()), limit=10_000)
    assert page.at_end
    return [item.id for item in page.items]


async def reload(pilot: Pilot[None], screen: MainScreen) -> None:
    screen.load_queue()
    await wait_for(pilot, screen.queue_current.is_set)


async def press_down(pilot: Pilot[None], queue: QueueList, times: int) -> None:
    """``j`` ``times`` times, in bursts shorter than the margin, each burst waiting for the
    page it asked for (a held key on a loaded machine)."""
    for _ in range(times // 2):
        await pilot.press("j", "j")
        await wait_for(pilot, lambda: not queue.asking)


@pytest.mark.parametrize(("number", "key"), [("1", "inbox"), ("3", "questions")])
async def test_every_row_of_a_tab_is_reachable(
    home: Path, clock: FakeClock, number: str, key: str
) -> None:
    app = demo_app(home, clock)
    async with app.run_test(size=(120, 16)) as pilot:  # a short screen: few rows in view
        screen = await wait_ready(pilot)
        queue = screen.query_one(QueueList)
        queue.size_of_window = WindowSize(page=5, margin=3, max_rows=HELD)
        store = app.profile.store
        first = next(iter(queue.items.values())).mention
        add_many(store, clock, first.account_id, first.platform)
        await pilot.press(number)
        await wait_for(pilot, lambda: screen.active_tab == key)
        await reload(pilot, screen)
        order = in_tab(store, clock, key)
        assert len(order) > EXTRA
        assert (queue.at_start, queue.at_end) == (True, False)
        assert list(queue.items) == order[: queue.option_count]

        await pilot.press("G")  # the very last waiting mention, read from the store
        await wait_for(pilot, lambda: queue.at_end and queue.current_id == order[-1])
        assert (queue.option_count <= HELD, queue.at_start) == (True, False)
        assert list(queue.items) == order[-queue.option_count :]

        await pilot.press("g")
        await wait_for(pilot, lambda: queue.at_start and queue.current_id == order[0])

        await press_down(pilot, queue, MOVES)
        assert queue.current_id == order[MOVES]
        assert queue.option_count <= HELD  # the rows above were let go
        assert not queue.at_start
        ids = list(queue.items)
        start = order.index(ids[0])
        assert ids == order[start : start + len(ids)]  # a contiguous stretch of the queue

        # A reload deep down rereads the stretch in view and keeps the cursor on its row.
        target = queue.current_id
        await reload(pilot, screen)
        assert queue.current_id == target

        # Back up past the window's top: the rows above are read again.
        for _ in range(MOVES // 2):
            await pilot.press("k", "k")
            await wait_for(pilot, lambda: not queue.asking)
        assert queue.current_id == order[0] and queue.at_start
