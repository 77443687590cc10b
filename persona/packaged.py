"""The persona files shipped inside the package: the demo brand's and the commented example.

They are package data read through importlib.resources, so they are found the same way from a
source checkout and from an installed wheel.
"""

from __future__ import annotations

import tempfile
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

DEMO_FILE = "demo_persona.toml"
EXAMPLE_FILE = "example_persona.toml"


def _resource(name: str) -> Traversable:
    return resources.files("persona").joinpath(name)


def demo_persona_path() -> Path:
    """The demo brand's persona file ("Fernbrook Coffee Roasters").

    A wheel installs it as a real file. Should the package ever be imported from a zip, the
    file is copied once to the temporary directory so callers still get a path.
    """
    resource = _resource(DEMO_FILE)
    if isinstance(resource, Path):
        return resource
    copy = Path(tempfile.gettempdir()) / f"replydesk-{DEMO_FILE}"
    text = resource.read_text(encoding="utf-8")
    if not copy.exists() or copy.read_text(encoding="utf-8") != text:
        copy.write_text(text, encoding="utf-8")
    return copy


def example_persona_text() -> str:
    """The fully commented example persona ``replydesk persona init`` writes."""
    return _resource(EXAMPLE_FILE).read_text(encoding="utf-8")
