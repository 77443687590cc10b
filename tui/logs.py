"""Logging for the app and every subcommand: set up once, by the CLI entry, never at import.

Records go to a rotating ``replydesk.log`` in the user's data dir (the demo profile logs there
too, so one file tells the whole story); ``--verbose`` mirrors them to stderr. Only ReplyDesk's
own loggers speak at INFO: HTTP libraries log whole URLs, so they are kept at WARNING. Log
calls never carry tokens, and message bodies only at DEBUG.
"""

from __future__ import annotations

import logging
import sys
from logging.handlers import RotatingFileHandler
from pathlib import Path

from settings.paths import default_paths
from store.guard import StorageError, private_dir, private_file

PACKAGES = ("adapters", "persona", "settings", "store", "sync", "triage", "tui")
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
MAX_BYTES = 1_000_000
BACKUPS = 3
# Our handlers carry this name, so a second set-up in one process (tests) replaces them.
HANDLER_NAME = "replydesk"


def start_logging(home: Path | None, *, verbose: bool) -> Path:
    """Log to the profile's ``replydesk.log`` (and stderr when ``verbose``); returns the file."""
    path = default_paths(home).log_file
    root = logging.getLogger()
    for old in [h for h in root.handlers if h.get_name() == HANDLER_NAME]:
        root.removeHandler(old)
        old.close()
    handlers: list[logging.Handler] = []
    try:
        private_dir(path.parent)
        private_file(path)  # the log names customers' handles and the accounts: 0600
        handlers.append(
            RotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")
        )
    except (
        OSError,
        StorageError,
    ) as exc:  # a read-only home must not stop the app: it runs without a log
        sys.stderr.write(f"replydesk: warning: cannot write the log {path}: {exc}\n")
    if verbose:
        handlers.append(logging.StreamHandler(sys.stderr))
    for handler in handlers:
        handler.set_name(HANDLER_NAME)
        handler.setFormatter(logging.Formatter(FORMAT))
        root.addHandler(handler)
    for package in PACKAGES:
        logging.getLogger(package).setLevel(logging.INFO)
    return path
