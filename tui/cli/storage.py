"""``replydesk backup``: a consistent copy of the database, safe while the app runs."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from pathlib import Path

from tui.cli.common import Commands, cli_paths, open_cli_profile


def register(commands: Commands, common: argparse.ArgumentParser) -> None:
    """``backup [FILE]``."""
    backup_cmd = commands.add_parser(
        "backup",
        parents=[common],
        help="copy the database consistently, even while ReplyDesk runs",
    )
    backup_cmd.add_argument(
        "file",
        nargs="?",
        type=Path,
        metavar="FILE",
        help="where to write the copy (default: a dated file in the data folder's backups/)",
    )
    backup_cmd.set_defaults(handler=lambda a, home, demo: backup(home, demo, a.file))


def default_backup_file(home: Path | None, demo: bool, now: datetime) -> Path:
    """``backups/replydesk-YYYYmmdd-HHMMSS.db`` in the profile's data folder."""
    folder = cli_paths(home, demo).data_dir / "backups"
    return folder / f"replydesk-{now:%Y%m%d-%H%M%S}.db"


def backup(home: Path | None, demo: bool, target: Path | None) -> int:
    """Write the copy and say where it is and how to restore it."""
    profile = open_cli_profile(home, demo)
    try:
        path = target or default_backup_file(home, demo, datetime.now(UTC))
        profile.store.backup(path)
    finally:
        profile.store.close()
    print(
        f"Backed up {profile.paths.db_file} to {path}. To restore: quit ReplyDesk, then copy "
        "it over the database file."
    )
    return 0
