"""Hostile text through a whole sync, down to the bytes written to the terminal.

The demo network carries escape sequences (CSI, OSC title, clear screen), Rich markup, bidi
overrides and control characters in posts and in an impostor's name and bio. After a sync,
each hostile mention is opened in the app and the full frame Textual would write to the
terminal is rendered: once the app's own colour and cursor-move codes are taken out, no escape,
control or bidi character may remain, and markup must show as typed. The CLI's outputs are
checked the same way.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from textual.widgets.option_list import OptionDoesNotExist

from adapters.demo.hostile import HOSTILE_SAMPLES
from tests.conftest import FakeClock
from tests.pilot_helpers import SIZE, demo_app, wait_for, wait_ready
from tui.cli import main
from tui.widgets.queue import QueueList

# What Textual itself writes: SGR colours/styles and cursor moves. Anything else is foreign.
OWN_CODES = re.compile(r"\x1b\[[0-9;:]*[mH]")
FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def foreign(stream: str) -> list[str]:
    """Escape, control and bidi characters in ``stream`` that the app did not put there."""
    return FORBIDDEN.findall(OWN_CODES.sub("", stream))


def terminal_frame(app: Any) -> tuple[str, str]:
    """The full frame exactly as the driver would write it to the terminal, and its text alone
    without the app's codes (among which a hostile colour code could hide)."""
    update = app.screen._compositor.render_full_update()
    text = "".join(
        segment.text
        for line in update.strips
        for strip in line
        for segment in strip
        if not segment.control
    )
    return str(update.render_segments(app.console)), text


def problems(app: Any) -> list[str]:
    """Foreign characters in the frame's stream or anywhere in its text."""
    stream, text = terminal_frame(app)
    return foreign(stream) + FORBIDDEN.findall(text)


async def test_hostile_mentions_reach_the_terminal_inert(home: Path, clock: FakeClock) -> None:
    app = demo_app(home, clock)
    checked = 0
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_ready(pilot)
        queue = screen.query_one(QueueList)
        assert not problems(app)
        store = app.profile.store
        for sample in HOSTILE_SAMPLES:
            fragment = sample.text[12:40]  # the demo may address another handle first
            rows = store.rows("SELECT id FROM mentions WHERE instr(text, ?) > 0", (fragment,))
            assert rows, f"{sample.name} did not arrive through the sync"
            try:
                index = queue.get_option_index(str(rows[0]["id"]))
            except OptionDoesNotExist:
                continue  # on the Spam tab or answered: covered by the CLI test below
            queue.highlighted = index
            await wait_for(pilot, lambda i=index: queue.highlighted == i)
            await pilot.pause()
            assert not problems(app), (sample.name, problems(app)[:5])
            if sample.name == "markup_bold":
                assert "[bold red]REFUND" in terminal_frame(app)[1]  # as typed, not bold
            checked += 1
    assert checked >= 6


@pytest.mark.parametrize(
    "argv",
    [("queue", "--limit", "500"), ("queue", "--spam"), ("queue", "--json", "--limit", "500")],
)
def test_cli_output_is_inert(
    home: Path, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...]
) -> None:
    assert main(["sync", "--once", "--demo"]) == 0
    capsys.readouterr()
    assert main([*argv, "--demo"]) == 0
    out, err = capsys.readouterr()
    assert not foreign(out + err), foreign(out + err)[:5]
    if "--json" in argv:
        texts = {row["text"] for row in json.loads(out)}
        assert any("[bold red]" in text for text in texts)  # faithful, but escaped as JSON
