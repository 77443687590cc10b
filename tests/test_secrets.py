"""Tokens live in the keyring only: never in the database, config, logs or crash output."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from tests.cli_helpers import run_captured
from tests.fakes.mastodon import FakeMastodon
from tests.memory_keyring import MemoryKeyring

TOKEN = "tok-S3CRET-a1b2c3d4e5f6"


@pytest.fixture
def debug_log(home: Path) -> Iterator[Path]:
    """Everything any library logs, at DEBUG, into the profile's log file (as the app does)."""
    path = home / "data" / "replydesk.log"
    path.parent.mkdir(parents=True)
    handler = logging.FileHandler(path)
    root = logging.getLogger()
    previous = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield path
    root.removeHandler(handler)
    root.setLevel(previous)
    handler.close()


def cli(capsys: pytest.CaptureFixture[str], *argv: str, stdin: str = "") -> tuple[int, str]:
    code, out, err = run_captured(capsys, *argv, stdin=stdin)
    return code, out + err


def test_a_full_session_leaves_the_token_only_in_the_keyring(
    home: Path,
    debug_log: Path,
    memory_keyring: MemoryKeyring,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shown: list[str] = []
    with FakeMastodon(token=TOKEN) as fake:
        add = ("account", "add", "mastodon", fake.base_url, "--token-stdin")
        code, text = cli(capsys, *add, stdin=TOKEN)
        assert code == 0, text
        shown.append(text)
        code, text = cli(capsys, "sync", "--once")
        assert code == 0, text
        shown.append(text)
        code, text = cli(capsys, "queue", "--json")
        shown.append(text)
        mention_id = text.split('"id": ')[1].split(",")[0]
        answer = "Thanks for telling us, we are on it."
        code, text = cli(capsys, "reply", mention_id, "--text", answer, "--override", "test")
        assert code == 0, text
        shown.append(text)
        code, text = cli(capsys, "sync", "--once")
        shown.append(text)
        assert fake.posted, text
        shown.append(cli(capsys, "backup")[1])

        def crash(*_: object, **__: object) -> None:
            raise RuntimeError("the pull crashed")

        monkeypatch.setattr("sync.pull.pull_account", crash)
        code, text = cli(capsys, "sync", "--once")
        assert code == 70
        shown.append(text)
    assert memory_keyring.secrets, "the token must be in the keyring"
    assert TOKEN in memory_keyring.secrets.values()
    files = [p for p in home.rglob("*") if p.is_file()]
    assert debug_log in files
    logged = debug_log.read_text(encoding="utf-8")
    assert "HTTP Request" in logged  # the log really saw the session's traffic
    assert "the pull crashed" in logged  # and the crash's traceback
    assert any(p.name == "replydesk.db" for p in files)
    for path in files:
        assert TOKEN.encode() not in path.read_bytes(), path
    for text in shown:
        assert TOKEN not in text


def test_without_a_keyring_adding_an_account_says_how_to_get_one(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())  # type: ignore[no-untyped-call]  # keyring is untyped
    try:
        with FakeMastodon(token=TOKEN) as fake:
            add = ("account", "add", "mastodon", fake.base_url, "--token-stdin")
            code, text = cli(capsys, *add, stdin=TOKEN)
        assert code == 1
        assert "keyring" in text.lower()
        assert "pip install keyrings.alt" in text
        assert "Traceback" not in text
        assert TOKEN not in text
        code, text = cli(capsys, "account", "list")
        assert code == 0
        assert "No account" in text
        code, text = cli(capsys, "sync", "--once", "--demo")
        assert code == 0, text
    finally:
        keyring.set_keyring(previous)
