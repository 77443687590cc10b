"""What the benchmarks share: a clock they move by hand (the store and the demo network take
any ``Clock``), and how a benchmark saves its figures."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

BENCH_NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


class ManualClock:
    """Returns ``now``, which the benchmark sets."""

    def __init__(self, now: datetime = BENCH_NOW) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def save(path: Path, figures: Any) -> None:
    """Write ``figures`` as JSON to ``path`` (under ``bench/results/``) and print them."""
    text = json.dumps(figures, indent=2)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text + "\n", encoding="utf-8")
    print(text)
