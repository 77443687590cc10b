"""Every screen fits an 80×24 terminal, and the main screen reflows under 100 columns."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Footer

from tests.conftest import FakeClock
from tests.pilot_helpers import wait_for
from tests.scenes import SCENES, Scene, drafted, settled
from tui.screens.breakpoints import NARROW, WIDE
from tui.screens.main import MainScreen

SMALL = (80, 24)


def shown_widgets(root: Widget) -> list[Widget]:
    """The widgets on screen (displayed, with an area), the footer's keys left out."""
    return [
        w
        for w in root.query("*")
        if w.display and w.region.area and not any(isinstance(a, Footer) for a in w.ancestors)
    ]


@pytest.mark.parametrize("scene", SCENES, ids=lambda s: s.name)
async def test_every_screen_fits_80x24(scene: Scene, tmp_path: Path, clock: FakeClock) -> None:
    app = scene.app(tmp_path / "home", clock)
    async with app.run_test(size=SMALL) as pilot:
        await scene.open(pilot)
        screen = app.screen
        width, height = SMALL
        wide = [f"{w!r} {w.region}" for w in shown_widgets(screen) if w.region.right > width]
        assert not wide, "wider than the terminal:\n" + "\n".join(wide)
        if isinstance(screen, ModalScreen):
            box = screen.children[0]
            assert box.region.right <= width and box.region.bottom <= height, box.region
            # Everything in the box (its last line is the hint) is inside the box.
            for widget in shown_widgets(box):
                if widget.parent is box:
                    assert box.region.contains_region(widget.region), (widget, widget.region)


async def test_main_screen_stacks_under_100_columns(tmp_path: Path, clock: FakeClock) -> None:
    app = SCENES[0].app(tmp_path / "home", clock)
    async with app.run_test(size=SMALL) as pilot:
        await settled(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        assert screen.has_class(NARROW)
        queue, thread, composer = (screen.query_one(s) for s in ("#queue", "#thread", "#composer"))
        assert queue.region.bottom <= thread.region.y < composer.region.y
        assert queue.region.width == thread.region.width == composer.region.width == 80
        assert queue.region.height >= 5  # at least three rows of the queue in view

        await pilot.resize_terminal(120, 36)
        await wait_for(pilot, lambda: screen.has_class(WIDE))
        await pilot.wait_for_scheduled_animations()
        await wait_for(pilot, lambda: queue.region.right <= thread.region.x)
        assert thread.region.y < composer.region.y


async def test_composer_stays_usable_at_80x24(tmp_path: Path, clock: FakeClock) -> None:
    app = SCENES[0].app(tmp_path / "home", clock)
    async with app.run_test(size=SMALL) as pilot:
        composer = await drafted(pilot)
        draft = composer.query_one("#draft")
        assert draft.has_focus
        assert draft.region.height >= 3  # room to see what one types
        assert composer.query_one("#counter").region.area  # the length counter stays in view
        findings = composer.query_one("#findings")
        assert findings.region.height >= 2 and findings.region.bottom <= SMALL[1]
