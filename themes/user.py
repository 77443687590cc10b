"""User themes: one TOML file per theme in the config dir's ``themes/`` folder.

A file holds Textual ``Theme`` fields, e.g. ``name = "mine"``, ``primary = "#336699"``,
``dark = true``. A bad file is reported and skipped; the others still load.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from textual.theme import Theme

COLOUR_KEYS = (
    "primary",
    "secondary",
    "warning",
    "error",
    "success",
    "accent",
    "foreground",
    "background",
    "surface",
    "panel",
    "boost",
)


def load_user_themes(folder: Path) -> tuple[list[Theme], list[str]]:
    """Themes found in ``folder`` and one problem line per file that could not be used."""
    themes: list[Theme] = []
    problems: list[str] = []
    if not folder.is_dir():
        return themes, problems
    for path in sorted(folder.glob("*.toml")):
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
            themes.append(_theme(data, path))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, ValueError) as exc:
            problems.append(f"{path}: {exc}")
    return themes, problems


def _theme(data: dict[str, object], path: Path) -> Theme:
    name = data.get("name", path.stem)
    primary = data.get("primary")
    if not isinstance(name, str) or not isinstance(primary, str):
        raise ValueError("a theme needs 'name' and 'primary' as text")
    colours = {key: data[key] for key in COLOUR_KEYS[1:] if key in data}
    if not all(isinstance(value, str) for value in colours.values()):
        raise ValueError('colours must be text such as "#336699"')
    dark = data.get("dark", True)
    if not isinstance(dark, bool):
        raise ValueError("'dark' must be true or false")
    return Theme(name=name, primary=primary, dark=dark, **colours)  # type: ignore[arg-type]
