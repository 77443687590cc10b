"""Two-key "go to" chords (``g`` then a letter), as in many keyboard-driven tools.

``g`` alone keeps its own meaning (the first row of the queue); the next key within a moment
picks a screen. Pure: the app feeds it keys and the time.
"""

from __future__ import annotations

from dataclasses import dataclass

GO_KEY = "g"
TARGETS = {"s": "stats", "p": "people"}
"""The key after ``g`` and the screen it opens."""
WINDOW = 1.5
"""Seconds the second key may follow the first."""


@dataclass
class GoChord:
    """Remembers a ``g`` and recognises the key after it."""

    armed_at: float | None = None

    def press(self, key: str, now: float) -> str | None:
        """The target ``key`` completes (``None`` when it completes nothing)."""
        armed, self.armed_at = self.armed_at, (now if key == GO_KEY else None)
        if armed is not None and now - armed <= WINDOW:
            return TARGETS.get(key)
        return None
