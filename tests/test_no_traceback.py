"""No traceback reaches a user: every command against every storage fault, and a crash."""

from __future__ import annotations

import io
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from store import open_store
from store.schema import SCHEMA_VERSION
from tests.conftest import FakeClock
from tests.memory_keyring import MemoryKeyring
from tests.pilot_helpers import SIZE, demo_app, wait_for, wait_ready
from tests.test_store_faults import HOLDER, ROOT
from tui.app import ReplyDeskApp, make_app
from tui.cli import main
from tui.screens.problem import ProblemScreen

COMMANDS: list[tuple[str, ...]] = [
    ("sync", "--once"),
    ("queue",),
    ("queue", "--json"),
    ("reply", "1", "--text", "Thanks, we are on it."),
    ("backup",),
    ("account", "list"),
    ("account", "remove", "mastodon:1"),
    ("account", "add", "mastodon", "https://127.0.0.1:9", "--token-stdin"),
    ("check", "--platform", "mastodon"),
    ("persona", "init"),
    ("classify",),
    ("export-labels",),
]


def db_file(home: Path) -> Path:
    return home / "data" / "replydesk.db"


def newer_schema(home: Path) -> Iterator[None]:
    open_store(db_file(home)).close()
    conn = sqlite3.connect(db_file(home))
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 7}")
    conn.close()
    yield


def damaged(home: Path) -> Iterator[None]:
    db_file(home).parent.mkdir(parents=True)
    db_file(home).write_bytes(b"\x00not a database\x00" * 400)
    yield


def unwritable(home: Path) -> Iterator[None]:
    # A file where the data folder should be: refused even to root, unlike a chmod.
    home.mkdir(parents=True)
    (home / "data").write_text("in the way", encoding="utf-8")
    yield


def locked(home: Path) -> Iterator[None]:
    open_store(db_file(home)).close()
    process = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db_file(home))],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "ready"
    yield
    process.communicate(timeout=30)


FAULTS: dict[str, Callable[[Path], Iterator[None]]] = {
    "locked": locked,
    "damaged": damaged,
    "newer_schema": newer_schema,
    "unwritable": unwritable,
}


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_every_command_meets_every_storage_fault_with_one_line(
    fault: str,
    home: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    memory_keyring: MemoryKeyring,
) -> None:
    monkeypatch.setattr("store.db.BUSY_TIMEOUT_MS", 50)
    for _ in FAULTS[fault](home):
        for argv in COMMANDS:
            monkeypatch.setattr("sys.stdin", io.StringIO("token\n"))
            code = main(list(argv))
            out, err = capsys.readouterr()
            where = f"{argv} under {fault}: {err}"
            assert "Traceback" not in out + err, where
            assert code in (0, 1, 2), where
            problems = [line for line in err.splitlines() if line.startswith("replydesk:")]
            assert len(problems) <= 2, where


def test_an_unexpected_error_is_one_line_and_a_logged_traceback(
    home: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(*_: object, **__: object) -> int:
        raise RuntimeError("the flux capacitor\nspilled")

    monkeypatch.setattr("tui.cli.work.queue", explode)
    code = main(["queue"])
    out, err = capsys.readouterr()
    assert code == 70
    assert out == ""
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert "'replydesk queue' failed unexpectedly (RuntimeError: the flux capacitor)" in err
    log = home / "data" / "replydesk.log"
    assert str(log) in err
    assert "Traceback" in log.read_text(encoding="utf-8")
    assert "spilled" in log.read_text(encoding="utf-8")
    assert log.stat().st_mode & 0o077 == 0


async def test_an_unexpected_error_in_the_app_leaves_one_line_not_a_traceback(
    home: Path,
    clock: FakeClock,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def explode(_: object) -> None:
        raise RuntimeError("secret-token-1234 in a local variable")

    monkeypatch.setattr(ReplyDeskApp, "action_help", explode)
    app = demo_app(home, clock)

    async def crash() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await wait_ready(pilot)
            await pilot.press("question_mark")

    with pytest.raises(RuntimeError):
        await crash()
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert "ReplyDesk failed unexpectedly (RuntimeError" in err
    log = home / "data" / "replydesk.log"
    assert "Traceback" in log.read_text(encoding="utf-8")


APP_TITLES = {
    "locked": "Database locked",
    "damaged": "Database damaged",
    "newer_schema": "Database too new",
    "unwritable": "Folder not writable",
}


@pytest.mark.parametrize("fault", sorted(FAULTS))
async def test_the_app_meets_every_storage_fault_with_a_problem_screen(
    fault: str, home: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("store.db.BUSY_TIMEOUT_MS", 50)
    for _ in FAULTS[fault](home):
        app = make_app(home=home, clock=clock, live=False)
        async with app.run_test(size=SIZE) as pilot:
            await wait_for(pilot, lambda app=app: isinstance(app.screen, ProblemScreen))
            assert isinstance(app.screen, ProblemScreen)
            assert app.screen.error.title == APP_TITLES[fault]
            await pilot.press("q")
