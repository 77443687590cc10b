"""Writing reports: ``replydesk report`` and the ``[[report]]`` schedules (settings/reports.py),
which the running app checks every minute and ``replydesk report --due`` checks for cron.

No Textual here: the command line uses it too. A scheduled report is written only if its
file (named after its scheduled time) is not there yet, through a temporary file renamed into
place, so restarts, a crash mid-write, or the app and cron both looking never make two.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from adapters.errors import ReplyDeskError

if TYPE_CHECKING:
    from analytics.figures import Stats
    from settings.reports import ReportSpec
    from store import Store
    from triage import SlaPolicy

CHECK_SECONDS = 60.0
"""How often the running app looks for a report whose time has come."""


def report_text(stats: Stats, fmt: str, by: str | None) -> str:
    """``stats`` rendered in ``fmt``; handles and names are the people's own text, so no
    control character reaches a terminal or a file someone will cat."""
    from analytics.export import render
    from tui.safe import clean, inert_json

    text = render(stats, fmt, by)
    return inert_json(text) if fmt == "json" else clean(text)


def write_report(target: Path, text: str) -> None:
    """Write ``text`` to ``target`` whole or not at all; ``ReplyDeskError`` if it cannot."""
    partial = target.with_name(f".{target.name}.part")
    try:
        partial.write_text(text, encoding="utf-8")
        partial.replace(target)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise ReplyDeskError(
            f"Cannot write {target}: {exc.strerror or exc}. Choose another folder or path.",
            "Report not written",
        ) from exc


@dataclass
class DueOutcome:
    """What one look at the schedules did: the files written and what could not be."""

    written: list[Path] = field(default_factory=list)
    errors: list[ReplyDeskError] = field(default_factory=list)


def write_due(
    store: Store, specs: tuple[ReportSpec, ...], policy: SlaPolicy, now: datetime
) -> DueOutcome:
    """Write each scheduled report whose latest time (at or before ``now``) has no file yet.

    Its period ends at that time, as if it had been written then; a report missed while
    nothing ran is written at the next look, once (only the latest time of each schedule).
    """
    from analytics.compute import compute_stats, figures_zone
    from analytics.period import period_for
    from store.stats import StatsFilter

    zone = figures_zone(policy)
    outcome = DueOutcome()
    for spec in specs:
        slot = spec.every.last(now, zone)
        target = spec.path_for(slot)
        if target.exists():
            continue
        period = period_for(spec.period, slot, zone)
        stats = compute_stats(store, period, StatsFilter(), slot, policy, zone)
        try:
            try:
                spec.folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise ReplyDeskError(
                    f"Cannot make {spec.folder}: {exc.strerror or exc}. Set another 'to'.",
                    "Report not written",
                ) from exc
            write_report(target, report_text(stats, spec.format, spec.by))
        except ReplyDeskError as error:
            outcome.errors.append(error)
            continue
        outcome.written.append(target)
    return outcome
