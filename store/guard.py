"""Guarding the database file: private modes, who holds it, and SQLite faults in plain words.

SQLite reports a busy lock, a full disk, a damaged file and a read-only folder as bare
``sqlite3`` exceptions. ``translate`` turns each into a ``StorageError`` that says what failed
and what to do; nothing of the file is changed by the translation itself.
"""

from __future__ import annotations

import filecmp
import os
import shutil
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from adapters.errors import ConfigError

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600
SIDE_FILES = ("-wal", "-shm", "-journal")


class StorageError(ConfigError):
    """The database could not be read or written (locked, full, damaged, not writable)."""

    title = "Storage problem"


def private_dir(path: Path) -> None:
    """Create ``path`` (and parents) if missing, readable by its owner only; an existing
    folder keeps its mode (it may be the user's own, e.g. a backup's destination)."""
    try:
        if not path.is_dir():
            path.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR)
            path.chmod(PRIVATE_DIR)
    except OSError as exc:
        raise StorageError(
            f"Cannot create the folder {path}: {exc.strerror or exc}. Check that its parent "
            "exists, is a folder and is writable, or choose another with --home.",
            "Folder not writable",
        ) from exc


def private_file(path: Path) -> None:
    """Create ``path`` if missing with mode 0600, and take away others' access if present."""
    try:
        fd = os.open(path, os.O_CREAT | os.O_APPEND | os.O_WRONLY, PRIVATE_FILE)
        os.close(fd)
        path.chmod(PRIVATE_FILE)
    except OSError as exc:
        raise StorageError(
            f"Cannot write {path}: {exc.strerror or exc}. Check the folder's permissions.",
            "File not writable",
        ) from exc


def tighten(db_path: Path) -> None:
    """Give the database's side files (WAL, shared memory) the database's private mode."""
    for suffix in SIDE_FILES:
        side = db_path.with_name(db_path.name + suffix)
        if side.exists():
            side.chmod(PRIVATE_FILE)


def holder_file(db_path: Path) -> Path:
    """Where each ReplyDesk process that opens ``db_path`` notes its pid and command."""
    return db_path.with_name(db_path.name + ".pid")


def note_holder(db_path: Path) -> None:
    """Record this process as the latest to open the database (named if it is ever locked)."""
    path = holder_file(db_path)
    private_file(path)
    command = " ".join(["replydesk", *sys.argv[1:3]])
    path.write_text(f"{os.getpid()} {command}\n", encoding="utf-8")


def forget_holder(db_path: Path) -> None:
    """Remove the note if it is this process's (another instance may have written since)."""
    path = holder_file(db_path)
    try:
        if path.read_text(encoding="utf-8").split(" ", 1)[0] == str(os.getpid()):
            path.unlink()
    except (OSError, ValueError):
        return


def describe_holder(db_path: Path) -> str:
    """Who most likely holds the lock: a live ReplyDesk noted in the pid file, or 'another
    program' when none is known."""
    try:
        pid_text, _, command = holder_file(db_path).read_text(encoding="utf-8").partition(" ")
        pid = int(pid_text)
    except (OSError, ValueError):
        return "another program"
    if pid == os.getpid() or not _alive(pid):
        return "another program"
    return f"another ReplyDesk ({command.strip()}, pid {pid})"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def keep_copy(db_path: Path) -> Path | None:
    """Copy a damaged file beside itself, so recovery never works on the only copy (once:
    a copy identical to an earlier one is not made again)."""
    for earlier in sorted(db_path.parent.glob(f"{db_path.name}.damaged-*")):
        with suppress(OSError):
            if filecmp.cmp(earlier, db_path, shallow=False):
                return earlier
    # Numbered, not time-stamped: the n-th damaged copy is easy to name in a support request.
    number = 1 + len(list(db_path.parent.glob(f"{db_path.name}.damaged-*")))
    copy = db_path.with_name(f"{db_path.name}.damaged-{number}")
    try:
        shutil.copyfile(db_path, copy)
        copy.chmod(PRIVATE_FILE)
    except OSError:
        return None
    return copy


def damaged_help(db_path: Path, reason: str, copy: Path | None) -> str:
    """What to tell a person whose database is damaged: what was kept and how to recover."""
    kept = f" A copy was saved as {copy}." if copy else ""
    return (
        f"{db_path} is damaged or not a ReplyDesk database ({reason}). It was left "
        f"untouched.{kept} To recover, copy a backup made with 'replydesk backup' over it, "
        "or move it aside and start ReplyDesk "
        "again: a fresh database is made and your mentions are fetched again "
        f"(queued replies and drafts can be salvaged with: sqlite3 {db_path} .recover)."
    )


@contextmanager
def translate(db_path: Path) -> Iterator[None]:
    """Turn SQLite faults inside the block into one ``StorageError`` that says what to do."""
    try:
        yield
    except sqlite3.Error as exc:
        raise storage_error(db_path, exc) from exc


def storage_error(db_path: Path, exc: sqlite3.Error) -> StorageError:
    """The plain-words ``StorageError`` for a SQLite fault on ``db_path``."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    text = str(exc)
    if name.startswith("SQLITE_BUSY") or name.startswith("SQLITE_LOCKED") or "locked" in text:
        return StorageError(
            f"{db_path} is in use by {describe_holder(db_path)} and stayed locked. Close it "
            "(or wait for it to finish) and try again; nothing was changed.",
            "Database locked",
        )
    if name.startswith("SQLITE_FULL") or "full" in text:
        return StorageError(
            f"The disk holding {db_path} is full: the change was rolled back and nothing of it "
            "was saved. Free some space and try again.",
            "Disk full",
        )
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or "malformed" in text:
        return StorageError(damaged_help(db_path, text, None), "Database damaged")
    if name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_IOERR")):
        return StorageError(
            f"Cannot write {db_path} ({text}). Check that the file and its folder are yours "
            "and writable, and that the disk is mounted.",
            "Database not writable",
        )
    return StorageError(f"The database {db_path} failed: {text}.", "Database error")
