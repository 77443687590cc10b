"""The header's note about the persona file, kept apart from the persona screen so the main
screen shows it without importing that screen (its table widget and the persona's rules)."""

from __future__ import annotations

from adapters.errors import ConfigError
from tui.profile import Profile


def persona_problem(profile: Profile) -> ConfigError | None:
    """The error that kept the persona file from loading, if it is among the profile's problems.

    Every persona error names its file, so it is told apart from config or theme problems.
    """
    if not profile.problems:
        return None  # the usual case, decided without locating the persona file
    path = profile.persona_path
    if path is None:
        return None
    return next((p for p in profile.problems if str(path) in p.msg), None)


def persona_status(profile: Profile) -> str:
    """The header's problem note: a broken persona file first, then any other problem."""
    if persona_problem(profile) is not None:
        kept = "last good persona kept" if profile.persona else "no persona loaded"
        return f"persona file has errors: {kept} (p)"
    return profile.problems[0].title if profile.problems else ""
