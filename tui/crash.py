"""The last net under the command line: an unexpected error becomes one line and a log entry.

The traceback goes to the profile's log file (mode 0600), never to the terminal, and the line
says what failed and where the details are.
"""

from __future__ import annotations

import os
import tempfile
import traceback
from contextlib import suppress
from datetime import UTC, datetime
from pathlib import Path

from adapters.errors import ConfigError
from settings.paths import default_paths
from tui.safe import one_line


def crash_log_path(home: Path | None) -> Path:
    """The log file every command writes (``tui.logs``); its folder is made if it can be,
    and if not, writing fails and ``log_crash`` uses the temp folder."""
    paths = default_paths(home)
    with suppress(ConfigError):
        paths.ensure()
    return paths.log_file


def log_crash(error: BaseException, log: Path) -> Path | None:
    """Append ``error``'s traceback to ``log`` (to the temp folder's if that is unusable);
    returns the file written, or ``None`` when nothing could be."""
    text = "".join(traceback.format_exception(error))
    entry = f"{datetime.now(UTC).isoformat()} CRASH {type(error).__name__}\n{text}\n"
    for path in (log, Path(tempfile.gettempdir()) / log.name):
        try:
            fd = os.open(path, os.O_CREAT | os.O_APPEND | os.O_WRONLY, 0o600)
            with os.fdopen(fd, "a", encoding="utf-8") as handle:
                handle.write(entry)
        except OSError:
            continue
        return path
    return None


def crash_line(error: BaseException, command: str | None, log: Path | None) -> str:
    """One line for stderr: what failed, and what to do next."""
    what = f"'replydesk {command}'" if command else "ReplyDesk"
    cause = one_line(str(error).splitlines()[0]) if str(error).strip() else ""
    cause = f"{type(error).__name__}: {cause}" if cause else type(error).__name__
    where = f"Details are in {log}" if log else "The details could not be logged"
    return (
        f"replydesk: {what} failed unexpectedly ({cause}). {where}; try again, and if it "
        "happens again report it with that file."
    )
