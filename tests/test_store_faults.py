"""Storage faults: private modes, a lock held elsewhere, a full disk, damage, backups."""

from __future__ import annotations

import sqlite3
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from settings.paths import Paths
from store import Store, open_store
from store.guard import StorageError
from tests.conftest import FakeClock
from tests.test_store import fields, mention
from tui.cli import main

ROOT = Path(__file__).resolve().parent.parent

# A second ReplyDesk that opens the store and keeps an exclusive lock until its stdin closes.
HOLDER = """
import sqlite3, sys
from store import open_store
store = open_store(__import__("pathlib").Path(sys.argv[1]))
store.conn.execute("PRAGMA locking_mode=EXCLUSIVE")
store.conn.execute("BEGIN EXCLUSIVE")
store.conn.execute("UPDATE accounts SET handle = handle")
print("ready", flush=True)
sys.stdin.read()
"""


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def filled_store(path: Path, clock: FakeClock, count: int = 200) -> Store:
    store = open_store(path, clock)
    store.upsert_mentions([(mention(n, text="words " * 40), fields()) for n in range(count)])
    return store


@pytest.fixture
def holder(tmp_path: Path) -> Iterator[subprocess.Popen[str]]:
    """A separate process holding the database at ``tmp_path / 'rd.db'`` locked."""
    open_store(tmp_path / "rd.db").close()
    process = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(tmp_path / "rd.db")],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "ready"
    yield process
    process.communicate(timeout=30)


def test_folders_are_0700_and_database_files_0600(tmp_path: Path, clock: FakeClock) -> None:
    paths = Paths(tmp_path / "data", tmp_path / "config").for_demo()
    paths.ensure()
    for folder in (paths.data_dir, paths.data_dir.parent, paths.config_dir):
        assert mode(folder) == 0o700, folder
    store = filled_store(paths.db_file, clock, 3)
    wal = paths.db_file.with_name("replydesk.db-wal")
    assert wal.exists()
    for path in (paths.db_file, wal, paths.db_file.with_name("replydesk.db-shm")):
        assert mode(path) == 0o600, path
    store.close()


def test_an_old_world_readable_database_is_made_private(tmp_path: Path, clock: FakeClock) -> None:
    path = tmp_path / "rd.db"
    open_store(path, clock).close()
    path.chmod(0o644)
    open_store(path, clock).close()
    assert mode(path) == 0o600


def test_lock_held_by_another_replydesk_is_named(
    tmp_path: Path, holder: subprocess.Popen[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("store.db.BUSY_TIMEOUT_MS", 50)
    with pytest.raises(StorageError) as caught:
        open_store(tmp_path / "rd.db")
    assert caught.value.title == "Database locked"
    assert f"pid {holder.pid}" in caught.value.msg
    assert "try again" in caught.value.msg


def test_a_write_waiting_on_a_lock_fails_cleanly_and_changes_nothing(
    tmp_path: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("store.db.BUSY_TIMEOUT_MS", 50)
    store = filled_store(tmp_path / "rd.db", clock, 1)
    other = sqlite3.connect(tmp_path / "rd.db", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    with pytest.raises(StorageError, match="locked"):
        store.save_draft(1, "never saved")
    other.execute("ROLLBACK")
    assert store.draft(1) == ""
    store.save_draft(1, "saved once the lock is gone")
    assert store.draft(1) == "saved once the lock is gone"


def test_disk_full_rolls_the_whole_write_back(tmp_path: Path, clock: FakeClock) -> None:
    store = filled_store(tmp_path / "rd.db", clock, 5)
    pages = store.scalar("PRAGMA page_count")
    store.conn.execute(f"PRAGMA max_page_count = {pages}")
    big = [(mention(n, text="x" * 20_000), fields()) for n in range(100, 140)]
    with pytest.raises(StorageError) as caught:
        store.upsert_mentions(big)
    assert caught.value.title == "Disk full"
    assert "rolled back" in caught.value.msg
    assert store.scalar("SELECT count(*) FROM mentions") == 5
    assert store.scalar("PRAGMA quick_check") == "ok"


def test_damage_is_found_at_open_kept_and_copied(tmp_path: Path, clock: FakeClock) -> None:
    path = tmp_path / "rd.db"
    filled_store(path, clock).close()
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    data[page * 3 : page * 6] = b"\xa5" * (page * 3)
    path.write_bytes(bytes(data))
    with pytest.raises(StorageError) as caught:
        open_store(path, clock)
    assert caught.value.title == "Database damaged"
    assert path.read_bytes() == bytes(data)
    copies = list(tmp_path.glob("rd.db.damaged-*"))
    assert len(copies) == 1
    assert copies[0].read_bytes() == bytes(data)
    assert str(copies[0]) in caught.value.msg
    assert "replydesk backup" in caught.value.msg


def test_backup_is_consistent_while_another_connection_writes(
    tmp_path: Path, clock: FakeClock
) -> None:
    store = filled_store(tmp_path / "rd.db", clock, 50)
    writer = open_store(tmp_path / "rd.db", clock)
    stop = threading.Event()

    def write() -> None:
        for n in range(2000):
            if stop.is_set():
                return
            writer.save_draft(1 + n % 50, f"draft {n}")

    thread = threading.Thread(target=write)
    thread.start()
    try:
        for n in range(5):
            target = tmp_path / "backups" / f"copy{n}.db"
            store.backup(target)
            assert mode(target) == 0o600
            copy = sqlite3.connect(target)
            assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert copy.execute("SELECT count(*) FROM mentions").fetchone()[0] == 50
            copy.close()
    finally:
        stop.set()
        thread.join(timeout=30)
    writer.close()
    store.close()


def test_backup_command_writes_a_private_copy(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sync", "--once", "--demo"]) == 0
    assert main(["backup", "--demo"]) == 0
    out = capsys.readouterr().out
    copies = list((home / "data" / "demo" / "backups").glob("replydesk-*.db"))
    assert len(copies) == 1
    assert str(copies[0]) in out
    assert mode(copies[0]) == 0o600
    copy = sqlite3.connect(copies[0])
    assert copy.execute("SELECT count(*) FROM mentions").fetchone()[0] >= 300
    copy.close()
    target = home / "mine.db"
    assert main(["backup", "--demo", str(target)]) == 0
    assert target.exists()
