"""Rules-only classify-and-score speed, beside two baselines in the same run.

    python -m bench.triage_speed [--rounds N] [--posts N] [--against COMMIT]

A busy machine (2 cores shared by several people) makes absolute figures meaningless, so the
rules of this tree are timed in alternation with
- the rules of ``COMMIT`` (default: the commit before issue 14's triage work, whose
  classify-and-score ``make bench`` measured at ~4 500/s), exported with ``git archive``, and
- a plain regex pass (lowercase, split into words, one alternation of 40 complaint words),
  the cheapest useful look at a post, which no rule change touches.
Each is a long-lived worker process (one core each, never two at once) fed the same 280-char
posts as ``bench.triage_perf``; a round asks each worker for one pass and takes its CPU time
(``time.process_time``: time spent waiting for a core is not counted). The best of the rounds
is kept. Prints posts/s of each, the ratios and the load average; writes
``bench/results/triage_speed.json``. Target (issue 14): >= 5 000 posts/s on one core.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tarfile
import tempfile
import time
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parent
REPO = ROOT.parent
RESULTS = ROOT / "results" / "triage_speed.json"
BEFORE_ISSUE_14 = "f8a1355831fa6638e54cf64a86a64a9d99f0b2f8"
TARGET = 5000
_NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
_WORDS = [
    "refund", "broken", "late", "delay", "cancel", "rude", "waiting", "charged", "missing",
    "wrong", "terrible", "worst", "awful", "never", "still", "again", "hours", "days", "lost",
    "damaged", "scam", "angry", "ugh", "why", "help", "thanks", "love", "great", "best",
    "amazing", "question", "price", "order", "delivery", "account", "app", "signal", "bill",
    "outage", "fix",
]  # fmt: skip


def _rules_pass() -> object:
    """One pass of the tree's rules: classify + due + priority per post (in the worker)."""
    from adapters.records import Platform
    from triage import classify, default_rules, default_sla_policy, due, priority

    default_rules()
    classify("warm up the analyzer")
    policy = default_sla_policy()

    def run(texts: list[str]) -> None:
        for text in texts:
            c = classify(text)
            d = due(_NOW, c.cls, Platform.MASTODON, policy)
            score = getattr(c, "complaint_score", None)  # absent before issue 14
            args = (c.cls, c.sentiment, 1200, 1, d, _NOW)
            priority(*args) if score is None else priority(*args, score)

    return run


def _regex_pass() -> object:
    """One pass of the plain regex baseline."""
    import re

    words = re.compile(r"\w+")
    cues = re.compile(r"\b(?:" + "|".join(_WORDS) + r")\b")

    def run(texts: list[str]) -> None:
        for text in texts:
            folded = text.lower()
            words.findall(folded)
            cues.findall(folded)

    return run


def worker(kind: str, posts_file: str) -> None:
    """Answer each line on stdin with the CPU seconds of one pass over the posts."""
    texts = json.loads(Path(posts_file).read_text(encoding="utf-8"))
    run = _rules_pass() if kind == "rules" else _regex_pass()
    run(texts[:200])  # type: ignore[operator]  # warm-up: compiled patterns, caches
    for _ in sys.stdin:
        start = time.process_time()
        run(texts)  # type: ignore[operator]
        print(time.process_time() - start, flush=True)


def _export(commit: str, into: Path) -> Path:
    """The ``triage`` and ``adapters`` packages of ``commit``, unpacked under ``into``."""
    tar = subprocess.run(
        ["git", "archive", "--format=tar", commit, "triage", "adapters"],
        cwd=REPO,
        capture_output=True,
        check=True,
    ).stdout
    with tarfile.open(fileobj=BytesIO(tar)) as archive:
        archive.extractall(into, filter="data")
    return into


def _start(kind: str, tree: Path, posts_file: Path) -> subprocess.Popen[str]:
    # Run as a file from a neutral folder, so ``tree`` (on PYTHONPATH) supplies ``triage``.
    env = {**os.environ, "PYTHONPATH": str(tree)}
    command = [sys.executable, str(Path(__file__)), "--worker", kind, str(posts_file)]
    return subprocess.Popen(
        command, cwd=posts_file.parent, env=env, stdin=subprocess.PIPE,
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip


def _ask(proc: subprocess.Popen[str]) -> float:
    stdin, stdout = proc.stdin, proc.stdout
    assert stdin is not None and stdout is not None
    stdin.write("go\n")
    stdin.flush()
    return float(stdout.readline())


def measure(rounds: int, n_posts: int, commit: str) -> dict[str, object]:
    """Best posts/s of this tree's rules, ``commit``'s rules and the regex pass, alternated."""
    from bench.triage_perf import posts

    texts = posts(n_posts)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        posts_file = folder / "posts.json"
        posts_file.write_text(json.dumps(texts), encoding="utf-8")
        old = _export(commit, folder / "old")
        workers = {
            "rules_now": _start("rules", REPO, posts_file),
            "rules_before": _start("rules", old, posts_file),
            "regex_pass": _start("regex", REPO, posts_file),
        }
        times: dict[str, list[float]] = {name: [] for name in workers}
        loads = [os.getloadavg()[0]]
        try:
            for r in range(rounds):
                names = list(workers) if r % 2 == 0 else list(reversed(workers))
                for name in names:
                    times[name].append(_ask(workers[name]))
                loads.append(os.getloadavg()[0])
        finally:
            for proc in workers.values():
                _close(proc.stdin)
                proc.wait(timeout=30)
    rate = {name: len(texts) / min(t) for name, t in times.items()}
    return {
        "posts": len(texts),
        "rounds": rounds,
        "baseline_commit": commit,
        "per_s_best_cpu": {k: round(v) for k, v in rate.items()},
        "now_vs_before": round(rate["rules_now"] / rate["rules_before"], 3),
        "now_vs_regex_pass": round(rate["rules_now"] / rate["regex_pass"], 4),
        "load_average_1min": [round(x, 2) for x in loads],
        "cpus": os.cpu_count(),
        "python": sys.version.split()[0],
        "machine": platform.machine(),
        "target_per_s": TARGET,
    }


def _close(stream: IO[str] | None) -> None:
    if stream is not None:
        stream.close()


def main(argv: list[str] | None = None) -> int:
    """Measure, print and store."""
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["--worker"]:
        worker(args[1], args[2])
        return 0
    parser = argparse.ArgumentParser(description="Rules speed beside its baselines.")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--posts", type=int, default=3000)
    parser.add_argument("--against", default=BEFORE_ISSUE_14, metavar="COMMIT")
    ns = parser.parse_args(args)
    from bench.triage_perf import publish

    publish(measure(ns.rounds, ns.posts, ns.against), RESULTS)
    return 0


if __name__ == "__main__":
    sys.exit(main())
