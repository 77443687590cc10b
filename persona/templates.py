"""Saved-reply templates: ``{author}``, ``{name}`` and ``{agent}`` filled in, nothing else.

Unknown or unfilled placeholders are left exactly as written, so the checker's placeholder rule
flags them before a reply with "Hi {name}" can be sent.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from persona.context import CheckContext

#: ``{word}`` (spaces inside the braces allowed, as people type them).
PLACEHOLDER_RE = re.compile(r"\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}")


def render_template(template: str, variables: Mapping[str, str]) -> str:
    """Fill ``{key}`` placeholders from ``variables``; unknown ones stay as they are.

    Values are inserted verbatim and never re-scanned, so a name containing "{x}" cannot
    inject another placeholder.
    """

    def fill(match: re.Match[str]) -> str:
        value = variables.get(match.group(1))
        return match.group(0) if value is None else value

    return PLACEHOLDER_RE.sub(fill, template)


def first_name(display_name: str) -> str:
    """The first word of a display name, for "Hi {name}" ("" if there is none)."""
    words = display_name.split()
    return words[0] if words else ""


def template_variables(ctx: CheckContext) -> dict[str, str]:
    """The template variables known in ``ctx``: author (@handle), name (first name), agent.

    Empty facts are left out, so their placeholders stay visible and get flagged.
    """
    handle = ctx.author_handle.strip().lstrip("@")
    values = {
        "author": f"@{handle}" if handle else "",
        "name": first_name(ctx.author_name),
        "agent": ctx.agent.strip(),
    }
    return {key: value for key, value in values.items() if value}
