"""One table from every benchmark's results: ``bench/results/latest.json`` and ``latest.md``.

    python -m bench.report      (``make bench`` runs it last)

Each row is a figure, the baseline it was paired with in the same run, their ratio, the target
and whether it was met; a benchmark that did not run this time leaves its rows out.
"""

from __future__ import annotations

import json
import os
import platform
import sys
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results"
LATEST_JSON = RESULTS / "latest.json"
LATEST_MD = RESULTS / "latest.md"


@dataclass(frozen=True, slots=True)
class Row:
    """One line of the table."""

    figure: str
    value: str
    baseline: str = ""
    ratio: str = ""
    target: str = ""
    met: bool | None = None


def _read(name: str) -> dict[str, Any] | None:
    path = RESULTS / f"{name}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def _size(n: str) -> str:
    return {"10000": "10 k", "100000": "100 k", "1000000": "1 M"}.get(n, n)


def _ingest(r: dict[str, Any]) -> Iterator[Row]:
    rate, raw, ratio = r["pipeline_per_s"], r["raw_insert_all_per_s"], r["ratio_to_raw"]
    ok = rate >= r["target_per_s"] and ratio >= r["target_ratio"]
    yield Row(
        f"ingest: pull → triage → store, {r['mentions']:,} demo mentions",
        f"{rate:,}/s",
        f"raw insert_all {raw:,}/s",
        f"{ratio}×",
        f"≥ {r['target_per_s']:,.0f}/s, ≥ {r['target_ratio']}×",
        ok,
    )
    yield Row("ingest: triage alone (rules, sentiment, model)", f"{r['triage_only_per_s']:,}/s")
    yield Row(
        "ingest: store alone (repeat counts + upsert)",
        f"{r['store_only_per_s']:,}/s",
        f"raw insert_all {raw:,}/s",
        f"{r['store_only_ratio_to_raw']}×",
        f"≥ {r['target_ratio']}×",
        r["store_only_ratio_to_raw"] >= r["target_ratio"],
    )
    per_page = r["statements_per_page"]
    yield Row(
        "ingest: SQL statements per page of 100",
        str(per_page["100"]),
        f"page of 10: {per_page['10']}",
        "",
        "constant",
        per_page["100"] == per_page["10"],
    )


def _queue_store(r: dict[str, Any]) -> Iterator[Row]:
    sizes = list(r)
    small = r[sizes[0]]
    for size in sizes:
        s = r[size]
        yield Row(f"queue: header counts, {_size(size)}", f"{s['counts_ms']} ms")
        for end in ("first", "last"):
            worst, base = s[f"{end}_page_worst_ms"], small[f"{end}_page_worst_ms"]
            yield Row(
                f"queue: {end} page (100 rows) of the slowest of {len(s['tabs'])} tabs"
                f"{' (G)' if end == 'last' else ''}, {_size(size)} ({s['waiting']:,} waiting)",
                f"{worst} ms",
                f"{_size(sizes[0])}: {base} ms",
                f"{worst / base:.2f}×",
                "flat",
            )
        yield Row(
            f"queue: the inbox's last page by keyset (G), {_size(size)}",
            f"{s['last_page_keyset_ms']} ms",
            f"by OFFSET {s['last_page_offset_ms']} ms",
            f"{s['offset_to_keyset_ratio']}× faster",
            "",
        )
        rescore = s["rescore_all"]
        yield Row(
            f"rescore of every waiting row ({rescore['rows_rescored']:,} rows, "
            f"{rescore['rescore_s']} s), {_size(size)}: longest a page read was held up",
            f"{rescore['held_max_ms']} ms (p99 {rescore['held_p99_ms']}; whole read: max "
            f"{rescore['read_max_ms']}, median {rescore['read_median_ms']})",
            f"read, no rescore: {rescore['read_idle_median_ms']} ms",
            "",
            f"< {rescore['target_max_ms']:.0f} ms",
            rescore["held_max_ms"] is None or rescore["held_max_ms"] < rescore["target_max_ms"],
        )


def _queue_app(r: dict[str, Any]) -> Iterator[Row]:
    sizes = list(r["sizes"])
    small = r["sizes"][sizes[0]]
    for size in sizes:
        s = r["sizes"][size]
        base = f"{_size(sizes[0])}: "
        yield Row(
            f"app: j held {s['j_rows']} rows, {_size(size)}",
            f"{s['j_rows_per_s']} rows/s",
            base + f"{small['j_rows_per_s']} rows/s",
            f"{s['j_rows_per_s'] / small['j_rows_per_s']:.2f}×",
        )
        yield Row(
            f"app: G to the last row / g back, {_size(size)}",
            f"{s['end_s']} s / {s['back_to_top_s']} s",
            base + f"{small['end_s']} s / {small['back_to_top_s']} s",
        )
        yield Row(
            f"app: peak RSS after scrolling, {_size(size)} ({s['rows_held']} rows held)",
            f"{s['peak_rss_mb']} MB",
            base + f"{small['peak_rss_mb']} MB",
            f"{s['peak_rss_mb'] / small['peak_rss_mb']:.2f}×",
            f"< {r['target_rss_mb']:.0f} MB, flat",
            s["peak_rss_mb"] < r["target_rss_mb"],
        )
        yield Row(f"app: first queue on screen, {_size(size)}", f"{s['first_queue_s']} s")


def _startup(r: dict[str, Any]) -> Iterator[Row]:
    for item in r["results"]:
        yield Row(
            f"start-up (demo home): {item['what']}",
            f"{item['median_s']} s",
            f"{item['baseline_median_s']} s",
            f"{item['ratio']}×",
        )


def _others(triage: dict[str, Any] | None, persona: dict[str, Any] | None) -> Iterator[Row]:
    if triage:
        best = triage["throughput"]["classify_and_score_per_s_best"]
        yield Row("classification: classify and score", f"{best:,.0f}/s", target="≥ 5 000/s")
    if persona:
        yield Row(
            f"persona: full check of a {persona['draft_chars']}-character draft",
            f"{persona['median_ms']} ms (p95 {persona['p95_ms']})",
            target=f"≤ {persona['target_ms']} ms",
            met=bool(persona["ok"]),
        )


SECTIONS: dict[str, Callable[[dict[str, Any]], Iterator[Row]]] = {
    "ingest": _ingest,
    "queue_store": _queue_store,
    "queue_app": _queue_app,
    "startup": _startup,
}


def rows() -> list[Row]:
    """Every row the results on disk give."""
    found: list[Row] = []
    for name, section in SECTIONS.items():
        data = _read(name)
        if data:
            found += section(data)
    found += _others(_read("triage_perf"), _read("persona_perf"))
    return found


def markdown(table: list[Row]) -> str:
    """The rows as a Markdown table."""
    lines = [
        "| figure | value | paired baseline | ratio | target | met |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for row in table:
        met = "" if row.met is None else ("yes" if row.met else "**no**")
        cells = (row.figure, row.value, row.baseline, row.ratio, row.target, met)
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def main() -> int:
    """Write ``latest.json`` and ``latest.md``; print the table."""
    table = rows()
    meta = {
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": sys.version.split()[0],
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "load_average": list(os.getloadavg()),
    }
    LATEST_JSON.write_text(
        json.dumps({**meta, "rows": [asdict(r) for r in table]}, indent=2) + "\n",
        encoding="utf-8",
    )
    text = markdown(table)
    LATEST_MD.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
