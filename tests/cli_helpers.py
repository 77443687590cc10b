"""Running ``replydesk`` commands in the test's own process, as a shell would."""

from __future__ import annotations

import io

import pytest

from tui.cli import main


def run_main(*argv: str, stdin: str = "") -> int:
    """The exit code of ``replydesk ARGV`` with ``stdin`` as its standard input."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("sys.stdin", io.StringIO(stdin))
        return main(list(argv))


def run_captured(
    capsys: pytest.CaptureFixture[str], *argv: str, stdin: str = ""
) -> tuple[int, str, str]:
    """``replydesk ARGV``'s exit code, standard output and standard error."""
    code = run_main(*argv, stdin=stdin)
    out, err = capsys.readouterr()
    return code, out, err
