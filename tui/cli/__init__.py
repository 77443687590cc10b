"""The ``replydesk`` command: the app by default, headless subcommands for scripts.

``--demo`` and ``--home`` work before or after any subcommand. A user mistake prints one line
to stderr and exits non-zero; never a traceback.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from adapters.errors import ReplyDeskError
from tui.cli import accounts, persona, stats, triage, work
from tui.cli.common import Handler
from tui.logs import start_logging

log = logging.getLogger(__name__)

# Each module adds its subcommands with ``register(commands, common)`` and sets ``handler``.
# They import only what registering needs: every command pays for this parser, so a command's
# libraries (the store, the network, the persona rules, Textual) load when it runs.
COMMAND_MODULES = (work, accounts, persona, triage, stats)


class _Version(argparse.Action):
    """``--version``: reads the installed package's metadata only when asked (~30 ms)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, help="show the version and exit")

    def __call__(self, parser: argparse.ArgumentParser, *args: object) -> NoReturn:
        from importlib.metadata import PackageNotFoundError, version

        try:
            found = version("replydesk")
        except PackageNotFoundError:
            found = "unknown"
        print(f"replydesk {found}")
        parser.exit()


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
    common.add_argument(
        "--verbose",
        action="store_true",
        default=argparse.SUPPRESS,
        help="mirror the log (replydesk.log in the data folder) to stderr",
    )
    parser = argparse.ArgumentParser(
        prog="replydesk",
        description="Answer everyone who talks to your brand, complaints first, in its voice.",
        parents=[common],
    )
    parser.add_argument("--version", action=_Version)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in COMMAND_MODULES:
        module.register(commands, common)
    return parser


def _mirror_log(args: argparse.Namespace) -> bool:
    """``--verbose`` mirrors the log to stderr, except onto the app's own screen."""
    if not getattr(args, "verbose", False):
        return False
    return args.command is not None or not sys.stderr.isatty()


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = build_parser().parse_args(argv)
    demo = bool(getattr(args, "demo", False))
    home = getattr(args, "home", None)
    start_logging(home, verbose=_mirror_log(args))
    log.info("replydesk %s started%s", args.command or "app", " (demo)" if demo else "")
    try:
        if args.command is None:
            return work.run_app(home, demo)
        handler: Handler = args.handler
        return handler(args, home, demo)
    except ReplyDeskError as error:
        print(f"replydesk: {error.title}: {error.msg}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # the last net: one line here, the traceback in the log
        from tui.crash import crash_line, crash_log_path, log_crash

        where = log_crash(error, crash_log_path(home))
        print(crash_line(error, args.command, where), file=sys.stderr)
        return 70
