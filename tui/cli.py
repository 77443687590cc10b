"""The ``replydesk`` command: the app by default, headless subcommands for scripts.

``--demo`` and ``--home`` work before or after any subcommand. A user mistake prints one line
to stderr and exits non-zero; never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from adapters.errors import ReplyDeskError
from tui import cli_accounts, cli_persona, cli_triage, cli_work
from tui.cli_common import Handler

# Each module adds its subcommands with ``register(commands, common)`` and sets ``handler``.
COMMAND_MODULES = (cli_work, cli_accounts, cli_persona, cli_triage)


def _version() -> str:
    try:
        return version("replydesk")
    except PackageNotFoundError:
        return "unknown"


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser (also used to check the README's examples)."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--demo",
        action="store_true",
        default=argparse.SUPPRESS,
        help="use the embedded demo inbox and its own database (no account, no network)",
    )
    common.add_argument(
        "--home",
        type=Path,
        default=argparse.SUPPRESS,
        help="keep data and settings under this folder (default: $REPLYDESK_HOME, else the "
        "platform's folders)",
    )
    parser = argparse.ArgumentParser(
        prog="replydesk",
        description="Answer everyone who talks to your brand, complaints first, in its voice.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"replydesk {_version()}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in COMMAND_MODULES:
        module.register(commands, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = build_parser().parse_args(argv)
    demo = bool(getattr(args, "demo", False))
    home = getattr(args, "home", None)
    try:
        if args.command is None:
            return cli_work.run_app(home, demo)
        handler: Handler = args.handler
        return handler(args, home, demo)
    except ReplyDeskError as error:
        print(f"replydesk: {error.title}: {error.msg}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # the last net: one line here, the traceback in the log
        from tui.crash import crash_line, crash_log_path, log_crash

        log = log_crash(error, crash_log_path(home, demo))
        print(crash_line(error, args.command, log), file=sys.stderr)
        return 70
