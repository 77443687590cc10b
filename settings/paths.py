"""Where ReplyDesk keeps its files.

Nothing is created at import time. ``REPLYDESK_HOME`` puts everything under one folder
(tests, portable installs); otherwise the platform's user data and config dirs are used.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "replydesk"
HOME_ENV = "REPLYDESK_HOME"


@dataclass(frozen=True, slots=True)
class Paths:
    """The folders and files of one ReplyDesk profile (the user's, or the demo's)."""

    data_dir: Path
    config_dir: Path
    demo: bool = False

    @property
    def db_file(self) -> Path:
        """The SQLite working copy of every mention, draft and outbox row."""
        return self.data_dir / "replydesk.db"

    @property
    def config_file(self) -> Path:
        """The user's TOML settings (theme, keymap, sync interval)."""
        return self.config_dir / "config.toml"

    @property
    def persona_file(self) -> Path:
        """The brand persona checked against every draft."""
        return self.config_dir / "persona.toml"

    @property
    def log_file(self) -> Path:
        """What the app and every command log (sync, send, retries, errors, timings)."""
        return self.data_dir / "replydesk.log"

    @property
    def demo_network_file(self) -> Path:
        """The demo network's own state (what it has 'posted'), apart from our cache."""
        return self.data_dir / "demo-network.json"

    def for_demo(self) -> Paths:
        """The demo profile: its own database, never touching the user's."""
        return Paths(self.data_dir / "demo", self.config_dir, demo=True)

    def ensure(self) -> None:
        """Create the folders (on first use, never at import)."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.config_dir.mkdir(parents=True, exist_ok=True)


def default_paths(home: Path | None = None) -> Paths:
    """The user's paths: ``home`` or ``$REPLYDESK_HOME`` if given, else the platform dirs."""
    root = home if home is not None else os.environ.get(HOME_ENV)
    if root:
        base = Path(root).expanduser()
        return Paths(base / "data", base / "config")
    return Paths(
        Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
        Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
    )
