"""The report as one self-contained HTML file: the tables, and the charts as inline SVG, with
no script, font or image fetched from anywhere, so it reads offline and prints cleanly."""

from __future__ import annotations

from html import escape

from analytics.definitions import DEFINITIONS
from analytics.figures import VOLUME_KINDS, Stats
from analytics.tables import Table, all_tables

# Print-friendly colours per stack (a file has no terminal theme to follow).
COLOURS = {
    "complaint": "#c62828",
    "question": "#ef8f00",
    "praise": "#2e7d32",
    "other": "#1565c0",
    "spam": "#9e9e9e",
}
STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;color:#222}"
    "table{border-collapse:collapse;margin:.5rem 0 1.5rem}"
    "td,th{border:1px solid #ccc;padding:.2rem .5rem;text-align:left}"
    "th{background:#f3f3f3}svg{display:block;margin:.5rem 0 1.5rem}"
)
_W, _H, _PAD = 720, 220, 30


def volume_svg(stats: Stats) -> str:
    """Mentions per day as stacked bars, with a legend."""
    days = stats.days
    top = max((d.total for d in days), default=0) or 1
    step = (_W - _PAD) / max(len(days), 1)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{_W}" height="{_H + 40}">']
    for i, day in enumerate(days):
        x, base = _PAD + i * step, float(_H)
        for kind in VOLUME_KINDS:
            height = day.counts[kind] / top * (_H - 20)
            if height:
                base -= height
                parts.append(
                    f'<rect x="{x:.1f}" y="{base:.1f}" width="{step * 0.8:.1f}" '
                    f'height="{height:.1f}" fill="{COLOURS[kind]}"><title>{day.day} {kind}: '
                    f"{day.counts[kind]}</title></rect>"
                )
        parts.append(
            f'<text x="{x:.1f}" y="{_H + 14}" font-size="10">{day.day.strftime("%d")}</text>'
        )
    parts.append(f'<text x="0" y="12" font-size="10">{top}</text>')
    for i, kind in enumerate(VOLUME_KINDS):
        x = _PAD + i * 110
        parts.append(f'<rect x="{x}" y="{_H + 24}" width="10" height="10" fill="{COLOURS[kind]}"/>')
        parts.append(f'<text x="{x + 14}" y="{_H + 33}" font-size="11">{kind}</text>')
    return "".join(parts) + "</svg>"


def hours_svg(stats: Stats) -> str:
    """Mentions per hour of the day as a heat strip (darker: more)."""
    top = max(stats.hours) or 1
    cell = _W / 24
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{_W}" height="44">']
    for hour, n in enumerate(stats.hours):
        shade = 0.08 + 0.92 * n / top
        parts.append(
            f'<rect x="{hour * cell:.1f}" y="0" width="{cell - 2:.1f}" height="24" '
            f'fill="#1565c0" fill-opacity="{shade:.2f}"><title>{hour:02d}:00: {n}</title></rect>'
            f'<text x="{hour * cell:.1f}" y="38" font-size="10">{hour:02d}</text>'
        )
    return "".join(parts) + "</svg>"


def _table(table: Table) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in table.header)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in table.rows
    )
    return f"<h2>{escape(table.title)}</h2><table><tr>{head}</tr>{body}</table>"


def to_html(stats: Stats, by: str | None = None) -> str:
    """The whole report: tables, the volume chart after the per-day table, the heat strip
    after the per-hour one, and the definitions (``by``: as ``all_tables``)."""
    title = f"ReplyDesk report: {stats.period.name}"
    parts = [
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)}'
        f"</title><style>{STYLE}</style></head><body><h1>{escape(title)}</h1>"
    ]
    for table in all_tables(stats, by):
        parts.append(_table(table))
        if table.title == "Volume per day":
            parts.append(volume_svg(stats))
        elif table.title == "By hour of day":
            parts.append(hours_svg(stats))
    definitions = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in DEFINITIONS)
    parts.append(f"<h2>Definitions</h2><dl>{definitions}</dl></body></html>\n")
    return "\n".join(parts)
