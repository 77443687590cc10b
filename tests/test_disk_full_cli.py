"""A disk that fills up during each writing command: one line, no traceback, a non-zero exit,
and nothing half-written (the database, the keyring and the network are as before).

The disk fills in-process: every connection the command opens is one whose transactions fail
as they commit, as SQLite reports a full disk (``SQLITE_FULL``), and a backup's copy may not
grow past one page (a real ``SQLITE_FULL`` from SQLite's backup).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.fakes.mastodon import FakeMastodon
from tests.memory_keyring import MemoryKeyring

REAL_CONNECT = sqlite3.connect
REPLY = "Thanks for telling us, we are on it. — Brand team"


class FullDisk(sqlite3.Connection):
    """A connection to a disk with no room left: every write transaction fails at COMMIT
    (after all its statements ran, the hardest moment to roll back from)."""

    def execute(self, sql: str, parameters: Any = (), /) -> sqlite3.Cursor:
        if sql.strip().upper().startswith(("COMMIT", "END")):
            error = sqlite3.OperationalError("database or disk is full")
            error.sqlite_errorcode = 13
            error.sqlite_errorname = "SQLITE_FULL"
            raise error
        return super().execute(sql, parameters)


def full_disk_connect(database: Any, *args: Any, **kwargs: Any) -> sqlite3.Connection:
    """``sqlite3.connect`` on the full disk."""
    if str(database).endswith(".partial"):  # the backup's copy: SQLite itself says it is full
        conn: sqlite3.Connection = REAL_CONNECT(database, *args, **kwargs)
        conn.execute("PRAGMA max_page_count = 1")
        return conn
    full: sqlite3.Connection = REAL_CONNECT(database, *args, factory=FullDisk, **kwargs)
    return full


def dump(db: Path) -> list[str]:
    """Every row of the database, as SQL (read-only; the WAL included)."""
    conn = REAL_CONNECT(f"file:{db}?mode=ro", uri=True)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def files(folder: Path) -> set[str]:
    """The names under ``folder`` (recursively), minus SQLite's own side files."""
    names = {str(p.relative_to(folder)) for p in folder.rglob("*")}
    return {n for n in names if not n.endswith(("-wal", "-shm", ".pid"))}


Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def brand(run: Run, memory_keyring: MemoryKeyring) -> Iterator[tuple[FakeMastodon, int]]:
    """A synced account on a loopback Mastodon, a reply in the outbox, new mentions waiting
    on the server, and the id of a mention with no reply."""
    with FakeMastodon() as fake:
        assert (
            run("account", "add", "mastodon", fake.base_url, "--token-stdin", stdin=fake.token)[0]
            == 0
        )
        fake.add_mentions(3)
        assert run("sync", "--once")[0] == 0
        rows = json.loads(run("queue", "--json")[1])
        assert len(rows) >= 2
        assert run("reply", str(rows[0]["id"]), "--text", REPLY)[0] == 0
        fake.add_mentions(4)  # waiting for the next sync
        yield fake, int(rows[1]["id"])


def writing_commands(fake: FakeMastodon, free: int, backup: Path) -> dict[str, tuple[str, ...]]:
    return {
        "sync": ("sync", "--once"),
        "reply": ("reply", str(free), "--text", REPLY),
        "backup": ("backup", str(backup)),
        "account add": ("account", "add", "mastodon", fake.base_url, "--token-stdin"),
        "account remove": ("account", "remove", "@brand@localhost:8080"),
    }


@pytest.mark.parametrize("command", ["sync", "reply", "backup", "account add", "account remove"])
def test_a_full_disk_during_a_command_is_one_line_and_changes_nothing(
    command: str,
    run: Run,
    home: Path,
    tmp_path: Path,
    brand: tuple[FakeMastodon, int],
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake, free = brand
    db = home / "data" / "replydesk.db"
    backup = tmp_path / "backups" / "copy.db"
    argv = writing_commands(fake, free, backup)[command]
    if command == "account add":  # a new account: its login must not be left in the keyring
        assert run("account", "remove", "@brand@localhost:8080")[0] == 0
        fake.revoked = False  # as if a new token had been made for the next add
    rows, names = dump(db), files(home)
    secrets, posted = dict(memory_keyring.secrets), len(fake.posted)
    monkeypatch.setattr(sqlite3, "connect", full_disk_connect)
    code, out, err = run(*argv, stdin=fake.token)
    monkeypatch.undo()
    said = f"{command}: out={out!r} err={err!r}"
    assert "Traceback" not in out + err, said
    assert code != 0, said
    problems = [line for line in err.splitlines() if line.strip()]
    assert len(problems) == 1, said
    assert "full" in problems[0] and "Free some space" in problems[0], said
    assert dump(db) == rows, said  # rolled back: not one row changed
    assert files(home) == names, said
    assert not backup.exists() and not backup.with_name("copy.db.partial").exists(), said
    assert memory_keyring.secrets == secrets, said
    assert len(fake.posted) == posted, said  # nothing was sent on a change not recorded
