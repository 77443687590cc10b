"""Where ReplyDesk keeps its files.

Nothing is created at import time. ``REPLYDESK_HOME`` puts everything under one folder
(tests, portable installs); otherwise the platform's user data and config dirs are used.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from adapters.errors import ConfigError

APP_NAME = "replydesk"
HOME_ENV = "REPLYDESK_HOME"
PRIVATE_DIR = 0o700


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
        """What the app and every command log (sync, send, retries, errors, timings); the demo
        logs to the user's file too, so one file tells the whole story."""
        return (self.data_dir.parent if self.demo else self.data_dir) / "replydesk.log"

    @property
    def demo_network_file(self) -> Path:
        """The demo network's own state (what it has 'posted'), apart from our cache."""
        return self.data_dir / "demo-network.json"

    def for_demo(self) -> Paths:
        """The demo profile: its own database, never touching the user's."""
        return Paths(self.data_dir / "demo", self.config_dir, demo=True)

    def ensure(self) -> None:
        """Create the folders (on first use, never at import), readable by their owner only:
        they hold customers' messages, drafts and the log."""
        folders = [self.data_dir, self.config_dir]
        if self.demo:
            folders.insert(0, self.data_dir.parent)
        for folder in folders:
            try:
                folder.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR)
                folder.chmod(PRIVATE_DIR)
            except OSError as exc:
                raise ConfigError(
                    f"Cannot create the folder {folder}: {exc.strerror or exc}. Check that it "
                    "is a writable folder, or choose another place with --home.",
                    "Folder not writable",
                ) from exc


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
