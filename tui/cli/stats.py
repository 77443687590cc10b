"""``replydesk stats`` and ``replydesk report``: the Stats screen's figures as text.

Both compute with ``analytics.compute_stats``, the module the screen uses, so a figure is the
same wherever it is read. ``stats`` prints tables for a look; ``report`` writes a file for a
board or an owner (Markdown by default).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from adapters.errors import ReplyDeskError
from tui.cli.common import Commands, open_cli_profile

if TYPE_CHECKING:
    from analytics.figures import Stats
    from tui.profile import Profile

FORMATS = ("table", "md", "csv", "json", "html")  # analytics.export.FORMATS, not imported here


def register(commands: Commands, common: argparse.ArgumentParser) -> None:
    """``stats`` (tables on the terminal) and ``report`` (a file)."""
    for name, period, fmt, summary in (
        ("stats", "7d", "table", "print response rate, response times, SLA and volume"),
        ("report", "30d", "md", "write the stats as a report (Markdown, CSV, JSON or HTML)"),
    ):
        cmd = commands.add_parser(name, parents=[common], help=summary)
        cmd.add_argument(
            "--period",
            default=period,
            metavar="PERIOD",
            help=f"today, 7d, 30d or FIRST..LAST as YYYY-MM-DD..YYYY-MM-DD (default {period})",
        )
        cmd.add_argument("--format", choices=FORMATS, default=fmt, help=f"default {fmt}")
        cmd.add_argument(
            "--network", action="append", default=[], metavar="NAME", help="only this network"
        )
        cmd.add_argument(
            "--class",
            dest="classes",
            action="append",
            default=[],
            choices=("complaint", "question", "praise", "other"),
            help="only this class (repeatable)",
        )
        cmd.add_argument(
            "--account", action="append", default=[], metavar="ID", help="only this account"
        )
        cmd.add_argument(
            "--assignee",
            action="append",
            default=[],
            metavar="NAME",
            help='only mentions assigned to NAME ("" for nobody; repeatable)',
        )
        cmd.add_argument(
            "--label", action="append", default=[], metavar="LABEL", help="only this label"
        )
        cmd.add_argument(
            "--by",
            choices=("network", "account"),
            help="each network or account in a column of its own, side by side",
        )
        cmd.add_argument("--out", type=Path, metavar="FILE", help="write to FILE, not stdout")
        if name == "report":
            cmd.add_argument(
                "--due",
                action="store_true",
                help="write the config's [[report]] schedules whose time has come (for cron)",
            )
        cmd.set_defaults(handler=run)


def compute_for(profile: Profile, args: argparse.Namespace) -> Stats:
    """The figures ``args`` ask for, from ``profile``'s store as of now."""
    from analytics.compute import compute_stats, figures_zone
    from analytics.period import period_for
    from store.stats import StatsFilter
    from triage import default_sla_policy, sla_policy_from_config

    try:
        policy = sla_policy_from_config(profile.config.sla, profile.paths.config_file)
    except ReplyDeskError as error:
        print(f"replydesk: warning: {error.msg} Using the default SLA.", file=sys.stderr)
        policy = default_sla_policy()
    now = profile.clock()
    zone = figures_zone(policy)
    flt = StatsFilter(
        platforms=tuple(sorted(set(args.network))),
        classes=tuple(sorted(set(args.classes))),
        accounts=tuple(sorted(set(args.account))),
        assignees=tuple(sorted({name.strip() for name in args.assignee})),
        labels=tuple(sorted({label.strip().lower() for label in args.label if label.strip()})),
    )
    return compute_stats(profile.store, period_for(args.period, now, zone), flt, now, policy, zone)


def run(args: argparse.Namespace, home: Path | None, demo: bool) -> int:
    """Compute, render in ``--format`` and print or write to ``--out`` (``--due``: the
    scheduled reports instead)."""
    from tui.reports_due import report_text, write_report

    profile = open_cli_profile(home, demo)
    try:
        if getattr(args, "due", False):
            return _due(profile)
        stats = compute_for(profile, args)
    finally:
        profile.store.close()
    text = report_text(stats, args.format, args.by)
    if args.out is None:
        sys.stdout.write(text)
        return 0
    write_report(args.out, text)
    print(f"Wrote the {stats.period.name} report ({args.format}) to {args.out}.")
    return 0


def _due(profile: Profile) -> int:
    """Write the scheduled reports whose time has come; 1 if any could not be written."""
    from settings.config import load_config
    from tui.reports_due import write_due

    # Read again, raising: a bad schedule must fail the cron job, not pass as nothing due.
    config = load_config(profile.paths.config_file)
    if not config.reports:
        print("No [[report]] schedules in the config: nothing to write.")
        return 0
    outcome = write_due(profile.store, config.reports, profile.triage.policy, profile.clock())
    for path in outcome.written:
        print(f"Wrote {path}.")
    for error in outcome.errors:
        print(f"replydesk: {error.title}: {error.msg}", file=sys.stderr)
    if not outcome.written and not outcome.errors:
        print("No scheduled report is due.")
    return 1 if outcome.errors else 0
