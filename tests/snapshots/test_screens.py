"""Snapshots of each screen at 120×36 with a frozen clock on the demo inbox.

Review ``snapshot_report.html`` before ``make snapshot-update``.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import TextArea

from tests.conftest import FakeClock
from tests.pilot_helpers import SIZE, demo_app, wait_ready
from tui.app import make_app
from tui.widgets.composer import Composer


@pytest.fixture
def fixed_home(request: pytest.FixtureRequest) -> Iterator[Path]:
    """A home whose path is the same every run (paths appear on some screens)."""
    path = Path(tempfile.gettempdir()) / f"replydesk-snapshot-{request.node.name}"
    shutil.rmtree(path, ignore_errors=True)
    yield path
    shutil.rmtree(path, ignore_errors=True)


async def settle(pilot: Pilot[None]) -> None:
    await wait_ready(pilot)
    pilot.app.screen.query_one("#draft", TextArea).cursor_blink = False
    await pilot.pause(0.2)


def test_main_screen(snap_compare: Any, fixed_home: Path, clock: FakeClock) -> None:
    """The queue (overdue complaints first, class badges, due/overdue, network, author, text),
    the thread of the first mention with its triage summary, the empty composer with its length
    counter, the header with account names, last sync and open/overdue counts, and the footer."""
    assert snap_compare(demo_app(fixed_home, clock), terminal_size=SIZE, run_before=settle)


def test_main_screen_with_draft_and_findings(
    snap_compare: Any, fixed_home: Path, clock: FakeClock
) -> None:
    """The composer focused with a draft that breaks the persona: findings listed with their
    severity, and the counter of the mention's network."""

    async def draft(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("r")
        composer = pilot.app.screen.query_one(Composer)
        composer.set_text(
            "Unfortunately per our policy we cannot help!!! Email me at sam@example.com"
        )
        await pilot.pause(0.2)

    assert snap_compare(demo_app(fixed_home, clock), terminal_size=SIZE, run_before=draft)


def test_help_screen(snap_compare: Any, fixed_home: Path, clock: FakeClock) -> None:
    """Every key of the main screen with its description and binding id, over the main screen."""

    async def open_help(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause(0.2)

    assert snap_compare(demo_app(fixed_home, clock), terminal_size=SIZE, run_before=open_help)


def test_welcome_screen(snap_compare: Any, fixed_home: Path, clock: FakeClock) -> None:
    """First run without an account: the demo inbox or adding an account, and where the data
    and settings live."""
    assert snap_compare(make_app(home=fixed_home, clock=clock, live=False), terminal_size=SIZE)
