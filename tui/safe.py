"""Making untrusted text (mention bodies, names, bios) inert before it reaches a terminal.

Terminal escape sequences, other control characters and bidi overrides are removed; markup is
never parsed because callers wrap the result in ``Content``/``Text`` objects, not markup.
Pure Python (no Textual), so the CLI uses it too.
"""

from __future__ import annotations

import re

# CSI (ESC [ … final), OSC (ESC ] … BEL or ESC \), and two-character ESC sequences.
_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]?")
# C0 and C1 controls except newline and tab, DEL, and the bidi embedding/override/isolate marks
# that can make text display in a different order than it reads.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_SPACES = re.compile(r"\s+")
_LEADING_MENTIONS = re.compile(r"^(?:@[\w.@-]+[\s,:]*)+")


def clean(text: str) -> str:
    """``text`` with escapes, controls and bidi overrides removed; tabs become spaces."""
    return _CONTROLS.sub("", _ESCAPES.sub("", text)).replace("\t", "    ")


def without_leading_mentions(text: str) -> str:
    """The text after the "@brand @friend" a reply starts with (all of it if nothing else)."""
    rest = _LEADING_MENTIONS.sub("", text, count=1)
    return rest if rest.strip() else text


def one_line(text: str, limit: int = 200) -> str:
    """The cleaned text folded to one line of at most ``limit`` characters."""
    flat = _SPACES.sub(" ", clean(text)).strip()
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def inert_json(dumped: str) -> str:
    """JSON text (from ``json.dumps(..., ensure_ascii=False)``) with the controls and bidi marks
    ``clean`` removes written as ``\\uXXXX`` escapes: the data stays exact for a script, and a
    terminal showing it sees no control or reordering character. (They can only occur inside
    JSON strings, where the escape means the same character.)"""
    return _CONTROLS.sub(lambda found: f"\\u{ord(found.group()):04x}", dumped)
