"""The persona in the app: live findings and their highlights, fixes, the findings list, saved
replies, the blocked send and its logged override, and the persona screen with reloads."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import pytest
from textual.binding import Binding
from textual.fuzzy import FuzzySearch
from textual.widgets import DataTable, Input, OptionList, Static

from persona import Finding, Persona, Severity, parse_persona, template_variables
from persona.packaged import demo_persona_path
from tests.conftest import FakeClock
from tests.pilot_helpers import SIZE, demo_app, notes, wait_for, wait_ready, wait_saved
from tui.profile import Profile
from tui.screens.findings import FindingsScreen
from tui.screens.main import MainScreen
from tui.screens.override import OverrideScreen, reason_text
from tui.screens.persona import PersonaScreen
from tui.screens.saved_replies import SavedRepliesScreen, rank_replies
from tui.widgets.composer import Composer
from tui.widgets.draft_area import describe_fix, fix_target, line_spans
from tui.widgets.queue import QueueList
from tui.widgets.status import StatusBar

BANNED_ONLY = """
[persona]
name = "Strict"

[[rules]]
id = "no-policy-speak"
type = "banned"
severity = "error"
phrases = ["per our policy"]
"""


def finding(start: int, end: int, severity: Severity, fix: str | None = None) -> Finding:
    return Finding(f"r{start}-{end}", severity, "m", start, end, fix)


# --- pure helpers ---------------------------------------------------------------------------


def test_line_spans_cut_per_line_most_severe_last() -> None:
    lines = ["Hello there", "per our policy", ""]
    spans = line_spans(
        lines,
        1,
        [
            finding(6, 16, Severity.ERROR),  # "there\npe": crosses the line break
            finding(0, 5, Severity.INFO),
            finding(3, 3, Severity.WARNING),  # insertion point: nothing to underlay
            finding(0, 26, Severity.WARNING),
        ],
    )
    assert spans[0] == [(0, 5, Severity.INFO), (0, 11, Severity.WARNING), (6, 11, Severity.ERROR)]
    assert spans[1] == [(0, 14, Severity.WARNING), (0, 4, Severity.ERROR)]
    assert 2 not in spans


def test_line_spans_count_crlf_newlines() -> None:
    assert line_spans(["ab", "cd"], 2, [finding(4, 5, Severity.ERROR)]) == {
        1: [(0, 1, Severity.ERROR)]
    }


def test_fix_target_prefers_the_word_under_the_cursor() -> None:
    word = finding(0, 13, Severity.WARNING, "I'm sorry")
    insert = finding(0, 0, Severity.ERROR, "Hi, ")
    sentence = finding(0, 40, Severity.WARNING, "x")
    later = finding(30, 33, Severity.WARNING, "!")
    unfixable = finding(20, 25, Severity.ERROR)
    found = [insert, word, sentence, unfixable, later]
    assert fix_target(found, 5) is word
    assert fix_target(found, 0) is word  # a real span beats an insertion point
    assert fix_target([insert, later], 10) is later  # next one after the cursor
    assert fix_target([insert, later], 35) is insert  # wraps round
    assert fix_target([unfixable], 22) is None


def test_describe_fix() -> None:
    draft = "Unfortunately!!!"
    assert describe_fix(draft, finding(0, 13, Severity.WARNING, "Sorry")) == (
        "“Unfortunately” → “Sorry”"
    )
    assert describe_fix(draft, finding(13, 16, Severity.WARNING, "")) == "delete “!!!”"
    assert describe_fix(draft, finding(0, 0, Severity.INFO, "Hi\x1b[31m, ")) == "insert “Hi,”"
    assert describe_fix(draft, finding(0, 13, Severity.ERROR)) == (
        "no automatic fix · at “Unfortunately”"
    )


def test_rank_replies_fuzzy_on_names_then_text() -> None:
    replies = [("Late order", "Sorry it is late"), ("Damaged bag", "A fresh bag"), ("Thanks", "x")]
    search = FuzzySearch()
    assert [i for i, _ in rank_replies(search, "", replies)] == [0, 1, 2]
    ranked = rank_replies(search, "dmg", replies)
    assert ranked[0][0] == 1 and list(ranked[0][1]) == [0, 2, 4]
    assert [i for i, _ in rank_replies(search, "fresh", replies)] == [1]
    assert rank_replies(search, "zzz", replies) == []


def test_reason_text_is_one_line() -> None:
    assert reason_text("  VIP   customer\tasked ") == "VIP customer asked"
    assert reason_text("   ") == ""


# --- the composer ---------------------------------------------------------------------------


async def test_live_findings_highlights_fix_and_list(home: Path, clock: FakeClock) -> None:
    app = demo_app(home, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_ready(pilot)
        await pilot.press("r")
        composer = screen.query_one(Composer)
        composer.set_text("Hi, unfortunately that was per our polic")
        await wait_saved(pilot, screen)
        assert "no-policy-speak" not in {f.rule_id for f in composer.findings}
        await pilot.press("y")  # the finding appears as the phrase is completed
        banned = next(f for f in composer.findings if f.rule_id == "no-policy-speak")
        assert banned.severity is Severity.ERROR
        assert "per our policy" in str(composer.query_one("#findings", Static).render())
        styled = composer.area.get_line(0).spans
        assert any(s.start == banned.start and s.end == banned.end for s in styled)

        composer.area.move_cursor((0, 6))  # inside "unfortunately"
        await pilot.press("ctrl+f")
        assert composer.text.startswith("Hi, I'm sorry that was")
        assert "plain-words" not in {f.rule_id for f in composer.findings}
        target = screen.query_one(QueueList).current_id or 0
        # The fix is an edit like any other: autosaved.
        await wait_for(pilot, lambda: app.profile.store.draft(target).startswith("Hi, I'm sorry"))
        assert composer.area.cursor_location == (0, 13)

        await pilot.press("f2")
        listing = app.screen
        assert isinstance(listing, FindingsScreen)
        assert listing.query_one(OptionList).option_count == len(composer.findings)
        assert listing.findings[0].severity is Severity.ERROR  # most serious first
        await pilot.press("enter")
        assert isinstance(app.screen, MainScreen)
        start, end = composer.area.selection
        assert start == composer.area.location_of(listing.findings[0].start)
        assert end == composer.area.location_of(listing.findings[0].end)
        assert app.focused is composer.area

        await pilot.press("f2")
        again = app.screen_stack[-1]  # (app.screen is narrowed to MainScreen above)
        assert isinstance(again, FindingsScreen)
        index, chosen = next((i, f) for i, f in enumerate(again.findings) if f.fix is not None)
        again.query_one(OptionList).highlighted = index
        await pilot.press("ctrl+f")  # apply the highlighted finding's fix from the list
        assert isinstance(app.screen, MainScreen)
        assert chosen.rule_id not in {f.rule_id for f in composer.findings}


async def test_ctrl_f_says_when_there_is_no_fix(home: Path, clock: FakeClock) -> None:
    app = demo_app(home, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_ready(pilot)
        await pilot.press("r")
        composer = screen.query_one(Composer)
        composer.persona = parse_persona(BANNED_ONLY, Path("strict.toml"))
        composer.set_text("That is per our policy.")
        await wait_saved(pilot, screen)
        await pilot.press("ctrl+f")
        assert composer.text == "That is per our policy."
        assert any("No automatic fix for [no-policy-speak]" in n for n in notes(app))


async def test_ctrl_t_inserts_a_saved_reply_with_variables(home: Path, clock: FakeClock) -> None:
    app = demo_app(home, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_ready(pilot)
        await pilot.press("r", "ctrl+t")
        picker = app.screen
        assert isinstance(picker, SavedRepliesScreen)
        await pilot.press(*"dmg", "enter")
        assert isinstance(app.screen, MainScreen)
        composer = screen.query_one(Composer)
        context = composer.context()
        assert context is not None
        name = template_variables(context).get("name", "{name}")
        # A new Mastodon draft starts with the author's @handle; the saved reply follows it.
        assert composer.text.startswith(
            f"{composer.prefix}Hi {name}, I'm sorry the bag arrived damaged."
        )
        assert composer.text.endswith("— Fernbrook team")
        assert composer.area.cursor_location == composer.area.document.end
        assert "placeholders" not in {f.rule_id for f in composer.findings}


async def test_blocked_send_then_override_is_audited(home: Path, clock: FakeClock) -> None:
    app = demo_app(home, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_ready(pilot)
        target = screen.query_one(QueueList).current_id or 0
        store = app.profile.store
        await pilot.press("r")
        screen.query_one(Composer).set_text("Hi, per our policy we cannot refund this.")
        await pilot.press("ctrl+s")
        assert store.outbox_for(target) == []
        assert any("ctrl+o" in n and "per our policy" in n for n in notes(app))

        await pilot.press("ctrl+o")
        assert isinstance(app.screen, OverrideScreen)
        await pilot.press("enter")  # an empty reason is refused
        assert isinstance(app.screen, OverrideScreen)
        assert store.outbox_for(target) == []
        app.screen.query_one(Input).value = "Legal approved this wording"
        await pilot.press("enter")
        assert isinstance(app.screen, MainScreen)
        queued = store.outbox_for(target)
        assert len(queued) == 1
        detail = next(d for action, d in store.audit_trail(target) if action == "reply_queued")
        assert detail["override_reason"] == "Legal approved this wording"
        assert {f["rule"] for f in detail["findings"]} == {"no-policy-speak"}
        assert all(f["severity"] == "error" for f in detail["findings"])


async def test_override_can_be_cancelled(home: Path, clock: FakeClock) -> None:
    app = demo_app(home, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_ready(pilot)
        target = screen.query_one(QueueList).current_id or 0
        await pilot.press("r")
        screen.query_one(Composer).set_text("Per our policy, no.")
        await pilot.press("ctrl+o")
        assert isinstance(app.screen, OverrideScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)
        assert app.profile.store.outbox_for(target) == []
        assert screen.query_one(Composer).text == "Per our policy, no."


# --- the persona screen -----------------------------------------------------------------------


@pytest.fixture
def persona_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The demo brand's persona as an editable file the demo profile loads."""
    path = tmp_path / "persona.toml"
    shutil.copy(demo_persona_path(), path)
    monkeypatch.setattr("persona.demo_persona_path", lambda: path)
    return path


async def test_persona_screen_lists_every_rule(home: Path, clock: FakeClock) -> None:
    app = demo_app(home, clock)
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        persona = app.profile.persona
        assert persona is not None
        await pilot.press("p")
        screen = app.screen
        assert isinstance(screen, PersonaScreen)
        table = screen.query_one(DataTable)
        assert table.row_count == len(persona.rules)
        first = [str(cell) for cell in table.get_row_at(0)]
        assert first[:3] == [persona.rules[0].id, persona.rules[0].kind, "error"]
        head = str(screen.query_one("#persona-head", Static).render())
        assert persona.name in head and "Hi {name}" in head and "Late order" in head
        assert not screen.query_one("#persona-problem").display
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_malformed_persona_keeps_the_last_good_one(
    home: Path, clock: FakeClock, persona_copy: Path
) -> None:
    app = demo_app(home, clock)
    async with app.run_test(size=SIZE) as pilot:
        main = await wait_ready(pilot)
        good = app.profile.persona
        assert good is not None and good.source == persona_copy
        await pilot.press("p")
        screen = app.screen
        assert isinstance(screen, PersonaScreen)

        await asyncio.to_thread(persona_copy.write_text, '[persona]\nname = "Broken\n', "utf-8")
        await pilot.press("ctrl+r")
        problem = screen.query_one("#persona-problem", Static)
        await wait_for(pilot, lambda: problem.display)
        shown = str(problem.render())
        assert str(persona_copy) in shown and "line 2" in shown
        assert "last good persona stays in use" in shown
        assert app.profile.persona is good
        await pilot.press("escape")
        assert "last good persona kept" in main.query_one(StatusBar).problem
        assert main.query_one(Composer).persona is good

        await asyncio.to_thread(persona_copy.write_text, BANNED_ONLY, "utf-8")
        await pilot.press("p", "ctrl+r")
        await wait_for(
            pilot,
            lambda: (
                isinstance(app.profile.persona, Persona) and app.profile.persona.name == "Strict"
            ),
        )
        await wait_for(pilot, lambda: not app.screen.query_one("#persona-problem").display)
        assert app.screen.query_one(DataTable).row_count == 1
        await pilot.press("escape")
        assert main.query_one(StatusBar).problem == ""
        assert main.query_one(Composer).persona is app.profile.persona


@pytest.fixture
def broken_persona(persona_copy: Path) -> Path:
    """The demo profile's persona file, without its [persona] table."""
    persona_copy.write_text("[[rules]]\nid = 1\n", encoding="utf-8")
    return persona_copy


async def test_broken_persona_at_start_is_named(
    home: Path, clock: FakeClock, broken_persona: Path
) -> None:
    app = demo_app(home, clock)
    async with app.run_test(size=SIZE) as pilot:
        main = await wait_ready(pilot)
        assert app.profile.persona is None
        assert main.query_one(StatusBar).problem  # the header says something is wrong
        await pilot.press("p")
        shown = str(app.screen.query_one("#persona-problem", Static).render())
        assert str(broken_persona) in shown and "No persona is in use" in shown


async def test_no_persona_says_where_to_put_one(
    home: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Profile, "persona_path", property(lambda self: None))
    app = demo_app(home, clock)
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        await pilot.press("p")
        head = str(app.screen.query_one("#persona-head", Static).render())
        assert "No brand persona" in head
        assert str(app.profile.paths.persona_file) in head
        assert "replydesk persona init" in head
        assert not app.screen.query_one(DataTable).display


def test_every_persona_binding_is_described() -> None:
    """Remappable (id), listed in help (description) and explained on hover (tooltip)."""
    bindings = [
        b
        for cls in (Composer, FindingsScreen, SavedRepliesScreen, OverrideScreen, PersonaScreen)
        for b in cls.BINDINGS
        if isinstance(b, Binding)
    ]
    bindings += [
        b
        for b in MainScreen.BINDINGS
        if isinstance(b, Binding) and b.id in {"reply.override", "persona.show"}
    ]
    assert len(bindings) >= 14
    for binding in bindings:
        assert binding.id and binding.description and binding.tooltip, binding
