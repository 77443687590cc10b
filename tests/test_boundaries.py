"""Only tui/ and themes/ may import Textual: the domain runs headless (``replydesk sync``)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HEADLESS = [
    "adapters",
    "adapters.demo.adapter",
    "adapters.mastodon.adapter",
    "adapters.bluesky.adapter",
    "store",
    "analytics.compute",
    "analytics.export",
    "triage",
    "persona",
    "sync.pull",
    "sync.push",
    "sync.registry",
    "sync.demo_inbox",
    "settings.config",
    "tui.cli",
    "tui.cli.work",
    "tui.cli.common",
    "tui.logs",
    "tui.profile",
    "tui.safe",
]


@pytest.mark.parametrize("module", HEADLESS)
def test_module_imports_without_textual(module: str) -> None:
    code = (
        f"import sys, importlib; importlib.import_module({module!r}); "
        "sys.exit(1 if 'textual' in sys.modules else 0)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, f"{module} pulled in textual\n{result.stderr}"


def test_nothing_is_created_at_import(tmp_path: Path) -> None:
    home = tmp_path / "home"
    code = "import tui.app, tui.cli, store, sync.push, adapters.demo.adapter"
    env = {"REPLYDESK_HOME": str(home), "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60, env=env
    )
    assert result.returncode == 0, result.stderr
    assert not home.exists()
