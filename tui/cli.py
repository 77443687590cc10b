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
from tui import cli_accounts, cli_work


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

    sync = commands.add_parser(
        "sync", parents=[common], help="pull new mentions and send the outbox"
    )
    sync.add_argument(
        "--once", action="store_true", help="one round, then exit (default: keep running)"
    )

    queue = commands.add_parser("queue", parents=[common], help="print the ranked queue")
    queue.add_argument("--json", action="store_true", help="one JSON array, for scripts")
    queue.add_argument(
        "--limit", type=int, default=50, metavar="N", help="at most N rows (default 50)"
    )

    reply = commands.add_parser(
        "reply", parents=[common], help="queue a reply (sent by the next sync)"
    )
    reply.add_argument(
        "mention_id", type=int, metavar="MENTION_ID", help="the id shown by 'replydesk queue'"
    )
    source = reply.add_mutually_exclusive_group(required=True)
    source.add_argument("--text", help="the reply text")
    source.add_argument("--file", type=Path, help="read the reply from a file ('-' for stdin)")
    reply.add_argument(
        "--override", metavar="REASON", help="send despite blocking persona findings (logged)"
    )
    _add_account_commands(commands, common)
    return parser


def _add_account_commands(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    account = commands.add_parser(
        "account", parents=[common], help="connect, list or remove accounts"
    )
    actions = account.add_subparsers(dest="account_command", metavar="ACTION", required=True)
    add = actions.add_parser("add", parents=[common], help="connect an account (logs in)")
    networks = add.add_subparsers(dest="network", metavar="NETWORK", required=True)
    mastodon = networks.add_parser(
        "mastodon", parents=[common], help="a Mastodon-compatible server"
    )
    mastodon.add_argument("target", metavar="SERVER", help="e.g. https://example.social")
    mastodon.add_argument(
        "--token-stdin", action="store_true", help="read an existing access token from stdin"
    )
    bluesky = networks.add_parser("bluesky", parents=[common], help="a Bluesky account")
    bluesky.add_argument("target", metavar="HANDLE", help="e.g. yourbrand.bsky.social")
    bluesky.add_argument("--service", default="https://bsky.social", help="entry service URL")
    bluesky.add_argument(
        "--app-password-stdin", action="store_true", help="read the app password from stdin"
    )
    actions.add_parser("list", parents=[common], help="list connected accounts")
    remove = actions.add_parser("remove", parents=[common], help="log out and forget an account")
    remove.add_argument("account_id", metavar="ACCOUNT_ID", help="as shown by 'account list'")


def _run_account(args: argparse.Namespace, home: Path | None, demo: bool) -> int:
    if args.account_command == "add":
        return cli_accounts.add(home, demo, args.network, args.target, vars(args))
    if args.account_command == "list":
        return cli_accounts.list_accounts(home, demo)
    return cli_accounts.remove(home, demo, args.account_id)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = build_parser().parse_args(argv)
    demo = bool(getattr(args, "demo", False))
    home = getattr(args, "home", None)
    try:
        if args.command is None:
            return cli_work.run_app(home, demo)
        if args.command == "sync":
            return cli_work.sync(home, demo, once=args.once)
        if args.command == "queue":
            return cli_work.queue(home, demo, as_json=args.json, limit=args.limit)
        if args.command == "reply":
            text = cli_work.read_text(args.text, args.file)
            return cli_work.reply(home, demo, args.mention_id, text, args.override)
        if args.command == "account":
            return _run_account(args, home, demo)
    except ReplyDeskError as error:
        print(f"replydesk: {error.title}: {error.msg}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    raise AssertionError(f"unhandled command {args.command}")
