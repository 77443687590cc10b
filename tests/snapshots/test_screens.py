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

from persona import demo_persona_path
from tests.conftest import FakeClock
from tests.pilot_helpers import SIZE, demo_app, wait_for, wait_ready, wait_saved
from tui.app import make_app
from tui.screens.explain import ExplainScreen
from tui.screens.findings import FindingsScreen
from tui.screens.help import HelpScreen
from tui.screens.main import MainScreen
from tui.screens.persona import PersonaScreen
from tui.widgets.composer import Composer
from tui.widgets.thread import ThreadView


@pytest.fixture
def fixed_home(request: pytest.FixtureRequest) -> Iterator[Path]:
    """A home whose path is the same every run (paths appear on some screens)."""
    path = Path(tempfile.gettempdir()) / f"replydesk-snapshot-{request.node.name}"
    shutil.rmtree(path, ignore_errors=True)
    yield path
    shutil.rmtree(path, ignore_errors=True)


async def settle(pilot: Pilot[None]) -> MainScreen:
    """The first sync landed, the thread of the first mention is read and scrolled to it."""
    screen = await wait_ready(pilot)
    screen.query_one("#draft", TextArea).cursor_blink = False
    thread = screen.query_one(ThreadView)
    await wait_for(pilot, lambda: thread.query(".-focus") and not thread.query(".hint"))
    await pilot.wait_for_scheduled_animations()
    return screen


def test_main_screen(snap_compare: Any, fixed_home: Path, clock: FakeClock) -> None:
    """The queue (overdue complaints first, class badges, due/overdue, network, author, text),
    the thread of the first mention with its triage summary, the empty composer with its length
    counter, the header with account names, last sync and open/overdue counts, and the footer."""
    assert snap_compare(demo_app(fixed_home, clock), terminal_size=SIZE, run_before=settle)


def test_main_screen_with_draft_and_findings(
    snap_compare: Any, fixed_home: Path, clock: FakeClock
) -> None:
    """The composer focused with a draft that breaks the persona: each finding's span
    highlighted in the draft (errors red and bold, warnings amber, advice underlined), the
    findings listed below with their severity, errors first, the counter of the mention's
    network, and the footer's fix / findings / saved replies / send anyway keys."""

    async def draft(pilot: Pilot[None]) -> None:
        screen = await settle(pilot)
        await pilot.press("r")
        composer = screen.query_one(Composer)
        composer.set_text(
            "Unfortunately per our policy we cannot help!!! Email me at sam@example.com"
        )
        await wait_saved(pilot, screen)

    assert snap_compare(demo_app(fixed_home, clock), terminal_size=SIZE, run_before=draft)


def test_help_screen(snap_compare: Any, fixed_home: Path, clock: FakeClock) -> None:
    """Every key of the main screen with its description and binding id, over the main screen."""

    async def open_help(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, HelpScreen))

    assert snap_compare(demo_app(fixed_home, clock), terminal_size=SIZE, run_before=open_help)


def test_explain_screen(snap_compare: Any, fixed_home: Path, clock: FakeClock) -> None:
    """``x`` on the first row: its text with the matched cues highlighted in their class's
    colour, the class and the classifier's reasons, each cue, the sentiment, the SLA rule with
    how overdue it is, and every term of the priority score, over the main screen."""

    async def explain(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("x")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ExplainScreen))

    assert snap_compare(demo_app(fixed_home, clock), terminal_size=SIZE, run_before=explain)


def test_welcome_screen(snap_compare: Any, fixed_home: Path, clock: FakeClock) -> None:
    """First run without an account: the demo inbox or adding an account, and where the data
    and settings live."""
    assert snap_compare(make_app(home=fixed_home, clock=clock, live=False), terminal_size=SIZE)


def test_findings_list(snap_compare: Any, fixed_home: Path, clock: FakeClock) -> None:
    """F2 over the composer: every finding of the draft, errors first, each with its message,
    rule id and what its fix would do ("“!!!” → “!”", "insert …", or "no automatic fix")."""

    async def open_list(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("r")
        composer = pilot.app.screen.query_one(Composer)
        composer.set_text("Unfortunately per our policy we cannot help!!!")
        await pilot.press("f2")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, FindingsScreen))

    assert snap_compare(demo_app(fixed_home, clock), terminal_size=SIZE, run_before=open_list)


def test_persona_screen(
    snap_compare: Any, fixed_home: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The demo brand's persona: its name, rule count and file, its voice, greeting, sign-off
    and saved replies, then every rule (id, type, severity, where it applies, what it checks,
    wrapped), and the footer's back and reload keys."""
    # The persona file's path is shown: keep it the same wherever the checkout lives.
    persona = fixed_home / "brand" / "persona.toml"
    persona.parent.mkdir(parents=True)
    shutil.copy(demo_persona_path(), persona)
    monkeypatch.setattr("tui.profile.demo_persona_path", lambda: persona)

    async def open_persona(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("p")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, PersonaScreen))

    assert snap_compare(demo_app(fixed_home, clock), terminal_size=SIZE, run_before=open_persona)
