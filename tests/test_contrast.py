"""Every text/background pair of both built-in themes meets WCAG 2.1 AA (4.5:1).

Two layers. The palette test resolves each theme's variables and checks the pairs the code can
draw, found by reading it: every style string in ``tui/`` (``"bold $error"``,
``"bold $accent on $accent 20%"``) and every ``color`` / ``background`` in ``app.tcss`` and the
screens' ``DEFAULT_CSS``, so a new colour is checked without anyone listing it here. The screen
test renders every screen and modal (tests/scenes.py) in both themes and checks each text cell
as drawn, blends, highlights and toasts included.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from textual.color import Color
from textual.geometry import Region
from textual.screen import ModalScreen
from textual.theme import Theme
from textual.widgets._toast import Toast

from tests.conftest import FakeClock
from tests.contrast import AA_TEXT, low_contrast, ratio, resolve, theme_variables
from tests.pilot_helpers import wait_for
from tests.scenes import SCENES, Scene, settled
from themes.builtin import BUILTIN_THEMES
from triage import Urgency
from tui.format import AT_RISK_GLYPH, OVERDUE_GLYPH, queue_row, urgency_of
from tui.widgets.queue import QueueList

TUI = Path(__file__).parent.parent / "tui"
STYLE_STRING = re.compile(
    r"^(?:(?:bold|italic|underline|reverse|strike|dim|not|on|\$[a-z0-9-]+|\d+%)\s*)+$"
)
DECLARATION = re.compile(r"^\s*(color|background|border-title-color)\s*:\s*([^;]+);", re.M)
OPAQUE = ("$background", "$surface", "$panel")
"""The panes' own backgrounds (every other background is drawn over one of them)."""
TEXTUAL_BACKGROUNDS = ("$foreground 5%", "$block-hover-background", "$footer-background")
"""Backgrounds Textual's widgets add: a focused list's tint, the mouse-over row, the footer."""
TOAST_TEXT = ("$foreground", "$text-success", "$text-warning", "$text-error")
"""A toast's body and its title in each severity (Textual's Toast CSS), on ``$panel-lighten-1``."""


def style_strings() -> set[str]:
    """Every style string in the UI code (a string made only of style words and variables)."""
    found: set[str] = set()
    for path in TUI.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                text = node.value.strip()
                if "$" in text and STYLE_STRING.match(text):
                    found.add(text)
    return found


def css_sources() -> str:
    """app.tcss and every ``DEFAULT_CSS`` in the UI code."""
    parts = [(TUI / "app.tcss").read_text()]
    for path in TUI.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Assign)
                and any(isinstance(t, ast.Name) and t.id == "DEFAULT_CSS" for t in node.targets)
                and isinstance(node.value, ast.Constant)
            ):
                parts.append(str(node.value.value))
    return "\n".join(parts)


def split_style(style: str) -> tuple[str, str | None, bool]:
    """(foreground expression, background expression or None, reversed) of a style string."""
    words = style.split()
    fore, _, back = " ".join(words).partition(" on ")
    colour = " ".join(w for w in fore.split() if w.startswith("$") or w.endswith("%"))
    return colour or "$foreground", back.strip() or None, "reverse" in words


def palette_pairs() -> list[tuple[str, str, str]]:
    """(what, foreground expression, background expression over a base) to check.

    A background expression ``"X | Y"`` means X drawn over Y.
    """
    css = DECLARATION.findall(css_sources())
    colours = {value.strip() for key, value in css if key != "background"}
    backgrounds = {value.strip() for key, value in css if key == "background"}
    plain = {split_style(s) for s in style_strings()}
    foregrounds = colours | {fore for fore, back, rev in plain if back is None and not rev}
    foregrounds.add("$foreground")
    bases = [*OPAQUE, *(f"{b} | {o}" for b in TEXTUAL_BACKGROUNDS for o in ("$surface",))]
    pairs = [("text", fore, base) for fore in sorted(foregrounds) for base in bases]
    for back in sorted(backgrounds - set(OPAQUE)):
        # A tinted block (a finding's span, the thread's own post) holds plain and muted text.
        for base in OPAQUE:
            pairs += [("tint", fore, f"{back} | {base}") for fore in ("$foreground", "$text-muted")]
    for fore, back, reverse in sorted(plain, key=str):
        for base in OPAQUE:
            if back is not None:
                pairs.append(("on", fore, f"{back} | {base}"))
            elif reverse:
                pairs.append(("reverse", base, f"{fore} | {base}"))
    pairs += [("toast", fore, "$panel-lighten-1") for fore in TOAST_TEXT]
    for cursor in ("block-cursor", "block-cursor-blurred"):
        for base in ("$surface", "$foreground 5% | $surface"):
            pairs.append(("cursor", f"${cursor}-foreground", f"${cursor}-background | {base}"))
    for part in ("key", "description"):
        pairs.append(("footer", f"$footer-{part}-foreground", "$footer-background"))
    return pairs


def background(expression: str, variables: dict[str, str]) -> Color:
    """The opaque colour of ``"X | Y"`` (X over Y over black) or of a single expression."""
    colour = Color(0, 0, 0)
    for layer in reversed(expression.split(" | ")):
        colour = resolve(layer, colour, variables)
    return colour


@pytest.mark.parametrize("theme", BUILTIN_THEMES, ids=lambda t: t.name)
def test_every_palette_pair_meets_aa(theme: Theme) -> None:
    variables = theme_variables(theme)
    pairs = palette_pairs()
    failures = []
    for what, fore, back in pairs:
        under = background(back, variables)
        value = ratio(resolve(fore, under, variables), under)
        if value < AA_TEXT:
            failures.append(f"{what}: {fore} on {back} = {value:.2f}")
    assert len(pairs) > 50, "the style and CSS scan found too little: is it still reading tui/?"
    assert not failures, "\n".join(failures)


def test_the_scan_finds_the_queue_and_draft_colours() -> None:
    """The overdue, at-risk and finding colours are among the pairs checked."""
    foregrounds = {fore for _, fore, _ in palette_pairs()}
    assert {"$error", "$warning", "$text-muted", "$accent", "$success"} <= foregrounds
    backs = {back for _, _, back in palette_pairs()}
    assert any(b.startswith("$error 25%") for b in backs)  # a draft's error span
    assert "$block-cursor-background | $surface" in backs  # the highlighted queue row


def test_resolve_blends_like_textual() -> None:
    variables = {"error": "#FF0000", "muted": "auto 60%"}
    white = Color(255, 255, 255)
    assert resolve("$error 50%", white, variables) == Color(255, 127, 127)
    assert resolve("$muted", white, variables) == Color(102, 102, 102)
    assert ratio(Color(0, 0, 0), white) == pytest.approx(21)


def modal_box(screen: object) -> Region | None:
    """The region of a modal's box (the dimmed screen behind it is not read); None: all."""
    return screen.children[0].region if isinstance(screen, ModalScreen) else None


@pytest.mark.parametrize("scene", SCENES, ids=lambda s: s.name)
async def test_every_screen_as_drawn_meets_aa(
    scene: Scene, tmp_path: Path, clock: FakeClock
) -> None:
    app = scene.app(tmp_path / "home", clock)
    async with app.run_test(size=(120, 36)) as pilot:
        await scene.open(pilot)
        failures = []
        for theme in BUILTIN_THEMES:
            app.theme = theme.name
            await pilot.wait_for_scheduled_animations()
            await pilot.pause()
            screen = app.screen
            strips = screen._compositor.render_strips()
            found = low_contrast(strips, modal_box(screen))
            failures += [f"{theme.name}: {line}" for line in found]
        assert not failures, "\n".join(failures)


@pytest.mark.parametrize("severity", ["information", "warning", "error"])
async def test_toasts_meet_aa(severity: str, tmp_path: Path, clock: FakeClock) -> None:
    app = SCENES[0].app(tmp_path / "home", clock)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await settled(pilot)
        app.notify("Body text of the toast.", title="A title", severity=severity)  # type: ignore[arg-type]
        await wait_for(pilot, lambda: bool(app.screen.query(Toast)))
        failures = []
        for theme in BUILTIN_THEMES:
            app.theme = theme.name
            await pilot.wait_for_scheduled_animations()
            await pilot.pause()
            strips = app.screen._compositor.render_strips()
            found = low_contrast(strips, app.screen.query_one(Toast).region)
            failures += [f"{theme.name}: {line}" for line in found]
        assert not failures, "\n".join(failures)


async def test_colour_is_never_the_only_signal(tmp_path: Path, clock: FakeClock) -> None:
    """Overdue and at-risk rows say so in words and a glyph; the highlighted row, drawn in one
    colour, keeps them."""
    app = SCENES[0].app(tmp_path / "home", clock)
    async with app.run_test(size=(120, 36)) as pilot:
        await settled(pilot)
        queue = app.screen.query_one(QueueList)
        rows = {
            urgency_of(item, clock()): queue_row(item, clock(), "").plain
            for item in queue.items.values()
        }
        assert f"{OVERDUE_GLYPH} overdue" in rows[Urgency.OVERDUE]
        assert f"{AT_RISK_GLYPH} due in" in rows[Urgency.AT_RISK]
        assert OVERDUE_GLYPH not in rows[Urgency.OK] and AT_RISK_GLYPH not in rows[Urgency.OK]

        highlighted = queue.render_line(queue.highlighted or 0)
        colours = {s.style.color for s in highlighted if s.text.strip() and s.style}
        assert len(colours) == 1, colours  # one readable colour on the cursor
        assert OVERDUE_GLYPH in highlighted.text
