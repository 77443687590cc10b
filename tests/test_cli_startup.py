"""What every command does before its work: set up the log once, fill the demo inbox the way
the app does, and load no more than it needs (structure, not timing: the figures are in
``bench/startup.py``)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli_helpers import run_main
from tests.fakes.mastodon import FakeMastodon
from tests.memory_keyring import MemoryKeyring

ROOT = Path(__file__).resolve().parent.parent


run = run_main


def log_text(home: Path) -> str:
    return (home / "data" / "replydesk.log").read_text(encoding="utf-8")


def test_queue_demo_on_a_fresh_home_shows_the_inbox(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("queue", "--demo", "--json", "--limit", "3") == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 3
    # The demo network was pulled into the demo database, as the app does on open.
    assert run("--demo", "sync", "--once") == 0
    assert all(": 0 new" in line for line in capsys.readouterr().out.splitlines())


def test_a_sync_is_logged(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("sync", "--once", "--demo") == 0
    log = log_text(home)
    assert "tui.cli: replydesk sync started (demo)" in log
    assert "sync.pull: pulled demo:mastodon: " in log
    assert "sync.pull: pulled demo:bluesky: " in log


def test_verbose_mirrors_the_log_to_stderr(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("queue", "--demo", "--limit", "1", "--verbose") == 0
    assert "demo inbox filled" in capsys.readouterr().err
    assert run("queue", "--demo", "--limit", "1") == 0
    assert "demo inbox filled" not in capsys.readouterr().err
    assert log_text(home).count("demo inbox filled") == 2


def test_no_token_and_no_mention_text_in_the_log(
    home: Path, memory_keyring: MemoryKeyring, capsys: pytest.CaptureFixture[str]
) -> None:
    with FakeMastodon() as fake:
        token = fake.token
        assert run("account", "add", "mastodon", fake.base_url, "--token-stdin", stdin=token) == 0
        assert run("sync", "--once") == 0
        capsys.readouterr()
        assert run("queue", "--json") == 0
    texts = [row["text"] for row in json.loads(capsys.readouterr().out)]
    log = log_text(home)
    assert "sync.pull: pulled mastodon:" in log
    assert token not in log
    assert texts
    for text in texts:
        assert text[:40] not in log


def test_queue_loads_neither_textual_nor_the_network(tmp_path: Path) -> None:
    code = (
        "import sys; from tui.cli import main; main(['queue', '--limit', '1']); "
        "sys.exit(sorted({'textual', 'httpx', 'nltk'} & set(sys.modules)) or None)"
    )
    env = {**os.environ, "REPLYDESK_HOME": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60, env=env
    )
    assert result.returncode == 0, result.stderr


def test_lazy_names_are_functions_not_their_modules() -> None:
    # ``triage.explain`` and ``persona.check`` are modules and functions of the same name; the
    # packages load them on first use, and must hand out the functions.
    code = (
        "import inspect, sys; from triage import Triage; from triage import explain, priority; "
        "from persona import warm; from persona import check; "
        "sys.exit(0 if all(map(inspect.isfunction, (explain, priority, check))) else 1)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
