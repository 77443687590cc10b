"""Themes shipped with ReplyDesk, and loading of the user's own (``themes/*.toml``)."""

from __future__ import annotations

from themes.builtin import BUILTIN_THEMES
from themes.user import load_user_themes

__all__ = ["BUILTIN_THEMES", "load_user_themes"]
