"""Snapshots of every screen and modal at 80×24 and 120×36, frozen clock, demo inbox.

Each screen is reached as a person reaches it (tests/scenes.py). At 80×24 the main screen
stacks the queue, the thread and the composer; at 120×36 they sit side by side. Review
``snapshot_report.html`` before ``make snapshot-update``.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from persona import demo_persona_path
from tests import scenes
from tests.conftest import FakeClock

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 36), id="120x36")]


@pytest.fixture
def fixed_home(request: pytest.FixtureRequest) -> Iterator[Path]:
    """A home whose path is the same every run (paths appear on some screens)."""
    path = Path(tempfile.gettempdir()) / f"replydesk-snapshot-{request.node.name}"
    shutil.rmtree(path, ignore_errors=True)
    yield path
    shutil.rmtree(path, ignore_errors=True)


def snap(
    snap_compare: Any,
    scene: scenes.Scene,
    home: Path,
    clock: FakeClock,
    size: tuple[int, int],
) -> bool:
    """Compare ``scene`` at ``size`` with its stored snapshot."""
    result: bool = snap_compare(scene.app(home, clock), terminal_size=size, run_before=scene.open)
    return result


def scene(name: str) -> scenes.Scene:
    return next(s for s in scenes.SCENES if s.name == name)


@pytest.mark.parametrize("size", SIZES)
def test_main_screen(
    snap_compare: Any, fixed_home: Path, clock: FakeClock, size: tuple[int, int]
) -> None:
    """The queue (overdue complaints first: class, "⚠ overdue 1 d", network, author, text;
    the highlighted row in the cursor's own colour), the thread of the first mention with its
    triage summary, the empty composer with its length counter, the header with account names,
    last sync and open/at-risk/overdue counts, and the footer. At 80×24 the panes are stacked
    (queue, summary, thread, composer), the header wraps to two lines and the footer is
    compact; at 120×36 the queue is on the left."""
    assert snap(snap_compare, scene("main"), fixed_home, clock, size)


@pytest.mark.parametrize("size", SIZES)
def test_main_screen_with_draft_and_findings(
    snap_compare: Any, fixed_home: Path, clock: FakeClock, size: tuple[int, int]
) -> None:
    """The composer focused with a draft that breaks the persona: each finding's span
    highlighted in the draft (errors bold on a red tint, warnings on an amber tint, advice
    underlined), the findings listed below with their severity, errors first, the counter of
    the mention's network, and the footer's fix / findings / saved replies / send keys. At
    80×24 the queue shrinks to three rows, the triage summary gives its rows to the thread
    (the mention stays readable above the composer) and the list shows the first findings."""
    assert snap(snap_compare, scene("main_with_draft"), fixed_home, clock, size)


@pytest.mark.parametrize("size", SIZES)
def test_help_screen(
    snap_compare: Any, fixed_home: Path, clock: FakeClock, size: tuple[int, int]
) -> None:
    """Every key of the main screen with its description and binding id in a scrolling
    table, and where to remap keys, in a box that fits the terminal, over the main screen."""
    assert snap(snap_compare, scene("help"), fixed_home, clock, size)


@pytest.mark.parametrize("size", SIZES)
def test_explain_screen(
    snap_compare: Any, fixed_home: Path, clock: FakeClock, size: tuple[int, int]
) -> None:
    """``x`` on the first row: its text with the matched cues highlighted in their class's
    colour, the class and the classifier's reasons, each cue, the sentiment, the SLA rule with
    how overdue it is, and every term of the priority score (scrolling at 80×24), with the
    close / correct hint at the bottom, over the main screen."""
    assert snap(snap_compare, scene("explain"), fixed_home, clock, size)


@pytest.mark.parametrize("size", SIZES)
def test_class_picker(
    snap_compare: Any, fixed_home: Path, clock: FakeClock, size: tuple[int, int]
) -> None:
    """``c`` on the first row: the five classes numbered 1–5, the current one highlighted and
    marked "now", and the keys that pick or cancel, centred over the main screen."""
    assert snap(snap_compare, scene("class_picker"), fixed_home, clock, size)


@pytest.mark.parametrize("size", SIZES)
def test_findings_list(
    snap_compare: Any, fixed_home: Path, clock: FakeClock, size: tuple[int, int]
) -> None:
    """F2 over the composer: every finding of the draft, errors first, each with its message,
    rule id and what its fix would do ("“!!!” → “!”", "insert …", or "no automatic fix"), the
    first one highlighted, and the hint line in view below the list at both sizes."""
    assert snap(snap_compare, scene("findings"), fixed_home, clock, size)


@pytest.mark.parametrize("size", SIZES)
def test_override_screen(
    snap_compare: Any, fixed_home: Path, clock: FakeClock, size: tuple[int, int]
) -> None:
    """ctrl+o on a draft with two blocking findings: the question "Send despite 2 blocking
    findings?", both findings with their rule ids, the reason field with its placeholder
    (readable, not faint) and the enter / esc hint, within the terminal's width."""
    assert snap(snap_compare, scene("override"), fixed_home, clock, size)


@pytest.mark.parametrize("size", SIZES)
def test_saved_replies_screen(
    snap_compare: Any, fixed_home: Path, clock: FakeClock, size: tuple[int, int]
) -> None:
    """ctrl+t in an empty composer: the filter box, the persona's saved replies by name with
    the start of each, the first one highlighted and previewed whole (greeting and sign-off
    filled in), and the enter / arrows / esc hint, all within 80×24."""
    assert snap(snap_compare, scene("saved_replies"), fixed_home, clock, size)


@pytest.mark.parametrize("size", SIZES)
def test_persona_screen(
    snap_compare: Any,
    fixed_home: Path,
    clock: FakeClock,
    size: tuple[int, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The demo brand's persona: its name, rule count and file, its voice, greeting, sign-off
    and saved replies, then every rule (id, type, severity, where it applies, what it checks,
    wrapped; under 100 columns without the Type column, as each check starts with its type),
    and the footer's back and reload keys."""
    # The persona file's path is shown: keep it the same wherever the checkout lives.
    persona = fixed_home / "brand" / "persona.toml"
    persona.parent.mkdir(parents=True)
    shutil.copy(demo_persona_path(), persona)
    monkeypatch.setattr("persona.demo_persona_path", lambda: persona)
    assert snap(snap_compare, scene("persona"), fixed_home, clock, size)


@pytest.mark.parametrize("size", SIZES)
def test_watch_terms_screen(
    snap_compare: Any, fixed_home: Path, clock: FakeClock, size: tuple[int, int]
) -> None:
    """The demo's watch terms ("fernbrook", "#fernbrook" and the exclusion
    '-"fernbrook road"') for both demo accounts, with what each brought in on each of the last
    7 days (all of it today: the demo inbox was filled by the first sync), the total and the
    term's state (watching, exclusion); the editing keys below (a add, e edit, d remove,
    p preview, ctrl+s save), in a box no wider than the terminal (at 80 columns the table is
    cut at Friday and scrolls sideways)."""
    assert snap(snap_compare, scene("watch_terms"), fixed_home, clock, size)


@pytest.mark.parametrize("size", SIZES)
def test_watch_preview_screen(
    snap_compare: Any, fixed_home: Path, clock: FakeClock, size: tuple[int, int]
) -> None:
    """The Watch terms screen after adding "beans" for the selected demo account (its state
    says it is not saved yet, the title says there are unsaved changes) and pressing p: the
    title reads "Preview: what the last 7 days would have brought in", each term's columns
    hold what the demo network's search would bring in per day, its state how many in 7 days
    (the exclusions: not searched), and the note under the table the total and about how
    many a day."""
    assert snap(snap_compare, scene("watch_preview"), fixed_home, clock, size)


@pytest.mark.parametrize("size", SIZES)
def test_welcome_screen(
    snap_compare: Any, fixed_home: Path, clock: FakeClock, size: tuple[int, int]
) -> None:
    """First run without an account: the demo inbox or adding an account, and where the data
    and settings live, in a box no wider than the terminal."""
    assert snap(snap_compare, scene("welcome"), fixed_home, clock, size)


@pytest.mark.parametrize("size", SIZES)
def test_accounts_screen(
    snap_compare: Any, fixed_home: Path, clock: FakeClock, size: tuple[int, int]
) -> None:
    """``a`` then ``m`` on a first run: the empty accounts table, the Mastodon sign-in form
    (server address focused, the authorization code field waiting, both placeholders
    readable) fitting the terminal's width, its next step, and the footer's keys."""
    assert snap(snap_compare, scene("accounts"), fixed_home, clock, size)


@pytest.mark.parametrize("size", SIZES)
def test_problem_screen(
    snap_compare: Any, fixed_home: Path, clock: FakeClock, size: tuple[int, int]
) -> None:
    """A damaged database: its title in red, which file and what to do, and "Press q to
    quit.", in a box no wider than the terminal; nothing else is shown."""
    assert snap(snap_compare, scene("problem"), fixed_home, clock, size)


@pytest.mark.parametrize("size", SIZES)
def test_people_screen(
    snap_compare: Any, fixed_home: Path, clock: FakeClock, size: tuple[int, int]
) -> None:
    """The People screen (g then p) on its first list, frequent engagers: the four lists in
    the header with the first one marked, the search line, and one row per person (handle and
    name, network, mentions, complaints, questions, praise, open items, last contact, tags,
    note), most recent contact first; the keys below. At 80 columns the table scrolls
    sideways after the praise column."""
    assert snap(snap_compare, scene("people"), fixed_home, clock, size)


@pytest.mark.parametrize("size", SIZES)
def test_stats_screen(
    snap_compare: Any, fixed_home: Path, clock: FakeClock, size: tuple[int, int]
) -> None:
    """The demo inbox's last 7 days: a header with the period and filter, three lines of
    headline figures, the by-class table (received, answered, rate, median and p90 first
    response wall-clock and business hours, SLA met), the networks side by side (a figure a
    row, a network a column), then at 120×36 the stacked bar chart of mentions per day in the
    classes' theme colours, at 80×24 the same as a table, then the hour-of-day heat strip and
    the busiest days, engagers and advocates."""
    assert snap(snap_compare, scene("stats"), fixed_home, clock, size)


@pytest.mark.parametrize("size", SIZES)
def test_stats_definitions(
    snap_compare: Any, fixed_home: Path, clock: FakeClock, size: tuple[int, int]
) -> None:
    """``?`` on the Stats screen: each figure's definition in a framed box over the screen."""
    assert snap(snap_compare, scene("stats_definitions"), fixed_home, clock, size)
