"""A period's figures as text files: plain tables (the terminal), Markdown, CSV, JSON and
HTML (``analytics.html``).

All formats are built from the same ``Stats`` (and, but for JSON, the same ``Table``s), so a
figure reads the same on screen and in every report.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict
from datetime import date
from typing import Any

from analytics.definitions import DEFINITIONS
from analytics.figures import Stats
from analytics.html import to_html
from analytics.tables import NO_DATA, Table, all_tables

FORMATS = ("table", "md", "csv", "json", "html")


def _plain(table: Table) -> str:
    widths = [
        max(len(cell) for cell in column) for column in zip(table.header, *table.rows, strict=True)
    ]
    lines = [table.title, "  ".join(h.ljust(w) for h, w in zip(table.header, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in table.rows]
    if not table.rows:
        lines.append(NO_DATA)
    return "\n".join(line.rstrip() for line in lines)


def _markdown_cell(text: str) -> str:
    # A handle or name may hold "|" or newlines; either would break the table's row.
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _markdown(table: Table) -> str:
    lines = [f"## {table.title}", ""]
    lines.append("| " + " | ".join(table.header) + " |")
    lines.append("|" + "|".join(" --- " for _ in table.header) + "|")
    lines += ["| " + " | ".join(_markdown_cell(c) for c in row) + " |" for row in table.rows]
    if not table.rows:
        lines.append(f"\n{NO_DATA}")
    return "\n".join(lines)


def to_table(stats: Stats, by: str | None = None) -> str:
    """Aligned plain-text tables for a terminal (``by``: as ``all_tables``)."""
    return "\n\n".join(_plain(t) for t in all_tables(stats, by)) + "\n"


def to_markdown(stats: Stats, by: str | None = None) -> str:
    """A Markdown report with its definitions at the end."""
    parts = [f"# ReplyDesk report: {stats.period.name}"]
    parts += [_markdown(t) for t in all_tables(stats, by)]
    parts.append("## Definitions\n\n" + "\n".join(f"- **{k}**: {v}" for k, v in DEFINITIONS))
    return "\n\n".join(parts) + "\n"


def to_csv(stats: Stats, by: str | None = None) -> str:
    """One CSV of every table, long form: table, row label, column, value."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(("table", "row", "column", "value"))
    for table in all_tables(stats, by):
        for row in table.rows:
            for column, value in zip(table.header[1:], row[1:], strict=True):
                writer.writerow((table.title, row[0], column, value))
    return out.getvalue()


def to_json(stats: Stats, by: str | None = None) -> str:
    """Every figure as numbers (seconds, shares 0..1, ``null`` for no data); per network and
    per account always, so ``by`` changes nothing."""
    data: dict[str, Any] = asdict(stats)
    data["period"] |= {"days": [d.isoformat() for d in stats.period.days]}
    data["received"] = stats.received
    for key in ("classes", "by_network", "by_account"):
        for row, figures in zip(data[key], getattr(stats, key), strict=True):
            row |= {
                "response_rate": figures.response_rate,
                "sla_met_share": figures.sla_met_share,
                "within_hour_share": figures.within_hour_share,
            }
    data["busiest"] = [{"day": d.day, "total": d.total} for d in stats.busiest]
    data["definitions"] = dict(DEFINITIONS)
    return json.dumps(data, default=_json_value, indent=2, ensure_ascii=False) + "\n"


def _json_value(value: object) -> object:
    # Days and instants (datetime is a date) as ISO 8601; mapping proxies as objects.
    if isinstance(value, date):
        return value.isoformat()
    return dict(value)  # type: ignore[call-overload]


def render(stats: Stats, fmt: str, by: str | None = None) -> str:
    """``stats`` in ``fmt`` (one of ``FORMATS``); ``by`` network or account puts those side
    by side instead of the full report."""
    writers = {
        "table": to_table,
        "md": to_markdown,
        "csv": to_csv,
        "json": to_json,
        "html": to_html,
    }
    return writers[fmt](stats, by)
