"""What the subcommands do: the same profile, pipeline and checks the app uses."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from adapters.errors import ConfigError, ReplyDeskError
from tui.cli import storage
from tui.cli.common import Commands, open_cli_profile
from tui.queue_filters import apply_filters, parse_filters
from tui.safe import inert_json, one_line

if TYPE_CHECKING:
    from adapters.records import Mention
    from persona import Finding
    from tui.profile import Profile

FILTERED_SCAN = 5000  # rows a filtered queue reads before it filters


def register(commands: Commands, common: argparse.ArgumentParser) -> None:
    """``sync``, ``queue`` and ``reply`` (and ``backup``, kept beside them in ``storage``)."""
    sync_cmd = commands.add_parser(
        "sync", parents=[common], help="pull new mentions and send the outbox"
    )
    sync_cmd.add_argument(
        "--once", action="store_true", help="one round, then exit (default: keep running)"
    )
    sync_cmd.set_defaults(handler=lambda a, home, demo: sync(home, demo, once=a.once))

    queue_cmd = commands.add_parser("queue", parents=[common], help="print the ranked queue")
    queue_cmd.add_argument("--json", action="store_true", help="one JSON array, for scripts")
    queue_cmd.add_argument(
        "--limit", type=int, default=50, metavar="N", help="at most N rows (default 50)"
    )
    queue_cmd.add_argument("--spam", action="store_true", help="the Spam tab instead of the inbox")
    queue_cmd.add_argument(
        "filters", nargs="*", metavar="FILTER", help="only rows that match, e.g. is:indirect"
    )
    queue_cmd.set_defaults(
        handler=lambda a, home, demo: queue(
            home, demo, as_json=a.json, limit=a.limit, spam=a.spam, filters=a.filters
        )
    )

    reply_cmd = commands.add_parser(
        "reply", parents=[common], help="queue a reply (sent by the next sync)"
    )
    reply_cmd.add_argument(
        "mention_id", type=int, metavar="MENTION_ID", help="the id shown by 'replydesk queue'"
    )
    source = reply_cmd.add_mutually_exclusive_group(required=True)
    source.add_argument("--text", help="the reply text")
    source.add_argument("--file", type=Path, help="read the reply from a file ('-' for stdin)")
    reply_cmd.add_argument(
        "--override",
        metavar="REASON",
        help="send despite blocking persona findings or the month's X budget (logged)",
    )
    reply_cmd.add_argument(
        "--again",
        action="store_true",
        help="send even though the mention was already answered (here or elsewhere)",
    )
    reply_cmd.set_defaults(
        handler=lambda a, home, demo: reply(
            home, demo, a.mention_id, read_text(a.text, a.file), a.override, again=a.again
        )
    )
    storage.register(commands, common)


def run_app(home: Path | None, demo: bool) -> int:
    """Open the terminal app (logging is already set up by ``tui.cli.main``)."""
    from tui.app import make_app  # Textual loads only when the app is wanted.

    make_app(home=home, demo=demo).run()
    return 0


def sync(home: Path | None, demo: bool, *, once: bool) -> int:
    """Pull every account and send the outbox; with ``once`` a single round."""
    import asyncio

    profile = open_cli_profile(home, demo, fill_demo=False)
    interval = 10.0 if demo else profile.config.sync_interval
    try:
        return asyncio.run(_sync_rounds(profile, once, interval))
    finally:
        profile.store.close()


async def _sync_rounds(profile: Profile, once: bool, interval: float) -> int:
    import asyncio
    from datetime import timedelta

    from store import OutboxStatus
    from store.guard import StorageError
    from sync.backoff import PullBackoff
    from sync.pull import MANUAL_RECHECK_MAX, check_answered, pull_account
    from sync.push import Pusher
    from sync.registry import open_adapters

    accounts = profile.store.accounts()
    if not accounts:
        raise ConfigError("No account is connected. Try --demo, or add an account first.")
    first_sync = timedelta(days=profile.config.first_sync_days)
    adapters, problems = open_adapters(
        accounts,
        profile.paths,
        profile.clock,
        first_sync=first_sync,
        settings=profile.config.networks,
    )
    for problem in problems:
        print(f"replydesk: {problem.msg}", file=sys.stderr)
    pusher = Pusher(adapters, profile.store, profile.clock)
    failed = bool(problems)
    backoff = PullBackoff()
    # A sync someone just ran re-reads the top of the queue (what 'replydesk queue' shows
    # first) at once, so a reply made elsewhere is noticed now, not at its next scheduled read.
    in_view = [i.id for i in profile.store.queue(profile.clock(), limit=MANUAL_RECHECK_MAX)]
    try:
        await pusher.recover()
        while True:
            for account_id, adapter in adapters.items():
                if not backoff.ready(account_id, profile.clock()):
                    continue
                name = one_line(adapter.account.at_handle)
                try:
                    result = await pull_account(
                        adapter, profile.store, profile.triage, profile.config.watch
                    )
                    answered = await check_answered(
                        adapter, profile.store, profile.clock(), now_ids=in_view
                    )
                except StorageError:
                    raise  # the database, not this account: no other account can do better
                except ReplyDeskError as error:
                    failed = True
                    until = backoff.failed(account_id, error, profile.clock())
                    # Only a command that keeps running may promise another try.
                    later = "" if once else f" (next try {until:%H:%M:%S})"
                    who = "" if name in error.msg else f"{name}: "  # named once is enough
                    print(f"replydesk: {who}{error.msg}{later}", file=sys.stderr)
                    continue
                backoff.succeeded(account_id)
                print(
                    f"{name}: {len(result.new_ids)} new, {result.skipped} skipped, "
                    f"{answered} answered elsewhere"
                )
                for notice in result.heard.notices:
                    print(f"replydesk: {one_line(notice)}", file=sys.stderr)
            for outcome in await pusher.push_ready():
                detail = f" ({outcome.error.msg})" if outcome.error else ""
                if outcome.status is OutboxStatus.QUEUED:  # a fault that may heal: kept
                    detail += "; it stays in the outbox for the next sync"
                print(f"reply #{outcome.item.id}: {outcome.status.value}{detail}")
                failed = failed or outcome.error is not None
            if once:
                return 1 if failed else 0
            in_view = []  # later rounds follow the schedule
            await asyncio.sleep(interval)
    finally:
        for adapter in adapters.values():
            await adapter.aclose()


def queue(
    home: Path | None,
    demo: bool,
    *,
    as_json: bool,
    limit: int,
    spam: bool = False,
    filters: Sequence[str] = (),
) -> int:
    """Print the ranked queue (the Spam tab with ``spam``), only the rows ``filters`` keep."""
    if limit < 1:
        raise ConfigError("--limit must be at least 1.")
    chosen = parse_filters(filters)
    profile = open_cli_profile(home, demo)
    now = profile.clock()
    # Filters read every waiting row, so a filtered page is full when enough rows match.
    wide = FILTERED_SCAN if chosen else limit
    items = apply_filters(profile.store.queue(now, limit=wide, spam=spam), chosen)[:limit]
    held = profile.store.held_back(now.date().isoformat())
    profile.store.close()
    rows = [
        {
            "id": item.id,
            "network": item.mention.platform.value,
            "author": item.mention.author.handle,
            "class": item.cls,
            "due": item.due_at.isoformat() if item.due_at else None,
            "overdue": item.is_overdue(now),
            "priority": round(item.score, 1),
            "text": item.mention.text,
            "found_by": item.mention.found_by or None,
        }
        for item in items
    ]
    if as_json:
        print(inert_json(json.dumps(rows, ensure_ascii=False, indent=2)))
        return 0
    if not rows:
        print("The queue is empty.")
    for row in rows:
        flag = "OVERDUE" if row["overdue"] else ""
        text = one_line(str(row["text"]), 70)
        text = f"~ {text}" if row["found_by"] else text  # indirect: found by a watch term
        print(
            f"{row['id']:>6}  {row['network']:<8}  {one_line(str(row['author']), 28):<28}  "
            f"{row['class']:<9}  {flag:<7}  {row['priority']:>6}  {text}"
        )
    for summary in (h for h in held if h.count):  # what the daily caps kept out today
        print(f"        +{summary.count} more for {one_line(summary.term, 60)} today (daily cap)")
    return 0


def read_text(text: str | None, file: Path | None) -> str:
    """The reply from ``--text`` or ``--file`` ('-' reads standard input)."""
    if text is not None:
        return text
    assert file is not None
    try:
        return sys.stdin.read() if str(file) == "-" else file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"Cannot read {file}: {exc}") from exc


def x_budget(profile: Profile, mention: Mention, text: str) -> tuple[Finding, ...]:
    """The month's X budget as a blocking finding, when sending ``text`` would go past it."""
    from adapters.records import Platform

    if mention.platform is not Platform.X:
        return ()
    from adapters.x.prices import reply_price
    from analytics.x_spend import budget_findings, month_spend

    settings = profile.config.x
    spend = month_spend(profile.store, mention.account_id, settings, profile.clock())
    return tuple(budget_findings(spend, reply_price(settings.prices, mention, text, True)))


def reply(
    home: Path | None,
    demo: bool,
    mention_id: int,
    text: str,
    override: str | None,
    *,
    again: bool = False,
) -> int:
    """Check a reply against the persona and put it in the outbox; a mention that already has
    an answer gets a second one only with ``again``."""
    from adapters.networks import text_rules
    from adapters.records import default_limits
    from adapters.reply_window import closed_reason
    from persona import CheckContext, Severity, check, network_refusals
    from store.outbox import AlreadyQueued
    from tui.answered import answered_text

    text = text.strip()
    if not text:
        raise ConfigError("The reply is empty.")
    profile = open_cli_profile(home, demo)
    try:
        item = profile.store.get_mention(mention_id)
        if item is None:
            raise ConfigError(f"There is no mention {mention_id}; 'replydesk queue' lists the ids.")
        mention = item.mention
        answered = answered_text(item, profile.clock())
        if answered is not None and not again:
            print(
                f"replydesk: not queued: mention {mention_id} was {answered}; pass --again to "
                "send another reply.",
                file=sys.stderr,
            )
            return 1
        closed = closed_reason(mention, profile.clock())
        if closed:  # the network would refuse it: --override cannot send it either
            print(f"replydesk: not queued: {closed}", file=sys.stderr)
            return 1
        refusal = text_rules(mention.platform).refusal(mention)
        if refusal:  # X: its author did not summon the brand (and X bills the attempt)
            print(f"replydesk: not queued: {refusal}", file=sys.stderr)
            return 1
        context = CheckContext(
            limits=default_limits(mention.platform),
            mention_class=item.cls,
            author_handle=mention.author.handle,
            author_name=mention.author.display_name,
            agent=profile.config.agent,
        )
        findings = check(text, profile.persona, context) + x_budget(profile, mention, text)
        for finding in findings:
            print(
                f"{finding.severity.value}: {finding.message} [{finding.rule_id}]", file=sys.stderr
            )
        errors = [f for f in findings if f.severity is Severity.ERROR]
        refused = network_refusals(errors)
        if refused:
            print(
                "replydesk: not queued: "
                + " ".join(f.message for f in refused)
                + " The network refuses longer posts, so --override cannot send it: shorten it.",
                file=sys.stderr,
            )
            return 1
        if errors and not override:
            print(
                f"replydesk: not queued: {len(errors)} blocking finding(s); fix them or pass "
                "--override REASON",
                file=sys.stderr,
            )
            return 1
        record: list[dict[str, object]] = [
            {"rule": f.rule_id, "severity": f.severity.value, "message": f.message} for f in errors
        ]
        try:
            queued = profile.store.enqueue_reply(
                item.id, mention.account_id, text, override_reason=override or "", findings=record
            )
        except AlreadyQueued as error:
            raise ConfigError(str(error)) from error
    finally:
        profile.store.close()
    print(
        f"Queued reply #{queued.id} to {one_line(mention.author.handle)}; the next sync sends it."
    )
    return 0
