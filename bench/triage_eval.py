"""Score the triage classifier on a labelled JSONL file.

    python -m bench.triage_eval [FILE] [--errors] [--check]

Each line is ``{"text": ..., "class": ..., "sentiment"?: ...}``; the default FILE is the
hand-written development set ``bench/data/triage_dev.jsonl``. The lines go through
``triage.classify_lines``, the same path as ``replydesk classify``. Prints per-class precision,
recall and F1, macro-F1, complaint recall and the confusion matrix, and stores the figures
under the file's name in ``bench/results/triage_eval.json``. ``--check`` exits 1 when the
targets (macro-F1 >= 0.80, complaint recall >= 0.90) are missed.

Labelling guide used for the shipped sets:
complaint - reports a problem, failure, delay or bad experience, or wants money back, to cancel
            or to leave; includes questions that contain a problem, and sarcastic "praise".
question  - asks for information, availability, how-to or help, with no problem reported.
praise    - thanks, compliments, recommendations, happy experiences.
other     - neutral mentions: news, banter, suggestions, replies with order numbers, events.
spam      - unsolicited promotion, crypto/giveaway/follower offers, phishing, link dumps.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from triage import MentionClass, classify_lines

ROOT = Path(__file__).resolve().parent
DEFAULT_FILE = ROOT / "data" / "triage_dev.jsonl"
RESULTS = ROOT / "results" / "triage_eval.json"
CLASSES = [c.value for c in MentionClass]
TARGET_MACRO_F1 = 0.80
TARGET_COMPLAINT_RECALL = 0.90
# The harness scores classes only; a fixed clock keeps its output reproducible.
NOW = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)


@dataclass(frozen=True)
class ClassScore:
    """Precision, recall and F1 of one class, and how many messages carry that label."""

    precision: float
    recall: float
    f1: float
    support: int


@dataclass(frozen=True)
class Miss:
    """A misclassified message."""

    line: int
    gold: str
    predicted: str
    text: str
    reasons: list[str]


@dataclass(frozen=True)
class Evaluation:
    """The figures for one labelled file."""

    messages: int
    accuracy: float
    macro_f1: float
    per_class: dict[str, ClassScore]
    confusion: dict[str, dict[str, int]]
    misses: list[Miss] = field(default_factory=list)
    sentiment_mae: float | None = None

    @property
    def complaint_recall(self) -> float:
        """Share of labelled complaints the classifier called complaints."""
        return self.per_class["complaint"].recall

    @property
    def met(self) -> bool:
        """Both targets reached."""
        return self.macro_f1 >= TARGET_MACRO_F1 and self.complaint_recall >= TARGET_COMPLAINT_RECALL


def evaluate(lines: list[str]) -> Evaluation:
    """Classify every labelled line and score the result."""
    gold_sentiment: dict[int, float] = {}
    for number, line in enumerate(lines, 1):
        if line.strip():
            value = json.loads(line).get("sentiment")
            if isinstance(value, int | float):
                gold_sentiment[number] = float(value)
    confusion = {g: dict.fromkeys(CLASSES, 0) for g in CLASSES}
    misses: list[Miss] = []
    sentiment_errors: list[float] = []
    for row in classify_lines(lines, NOW):
        number = int(str(row["line"]))
        if "error" in row:
            raise SystemExit(f"line {number}: {row['error']}")
        gold, predicted = str(row.get("label")), str(row["class"])
        if gold not in confusion:
            raise SystemExit(f"line {number}: unknown or missing class {gold!r}")
        confusion[gold][predicted] += 1
        if gold != predicted:
            reasons = [str(r) for r in row["reasons"]]  # type: ignore[attr-defined]
            misses.append(Miss(number, gold, predicted, str(row["text"]), reasons))
        if number in gold_sentiment:
            sentiment_errors.append(abs(float(str(row["sentiment"])) - gold_sentiment[number]))
    per_class: dict[str, ClassScore] = {}
    for c in CLASSES:
        tp = confusion[c][c]
        fp = sum(confusion[g][c] for g in CLASSES if g != c)
        fn = sum(confusion[c][p] for p in CLASSES if p != c)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_class[c] = ClassScore(precision, recall, f1, tp + fn)
    total = sum(sum(r.values()) for r in confusion.values())
    return Evaluation(
        messages=total,
        accuracy=sum(confusion[c][c] for c in CLASSES) / total if total else 0.0,
        macro_f1=sum(s.f1 for s in per_class.values()) / len(CLASSES),
        per_class=per_class,
        confusion=confusion,
        misses=misses,
        sentiment_mae=sum(sentiment_errors) / len(sentiment_errors) if sentiment_errors else None,
    )


def report(name: str, r: Evaluation) -> str:
    """The printed table."""
    out = [
        f"{name}: {r.messages} messages",
        "",
        f"{'class':<10} {'prec':>6} {'recall':>6} {'F1':>6} {'n':>5}",
    ]
    for c in CLASSES:
        s = r.per_class[c]
        out.append(f"{c:<10} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} {s.support:5d}")
    f1_state = "met" if r.macro_f1 >= TARGET_MACRO_F1 else "MISSED"
    recall_state = "met" if r.complaint_recall >= TARGET_COMPLAINT_RECALL else "MISSED"
    out += [
        "",
        f"macro-F1         {r.macro_f1:.3f}  (target {TARGET_MACRO_F1}: {f1_state})",
        f"complaint recall {r.complaint_recall:.3f}  (target {TARGET_COMPLAINT_RECALL}: "
        f"{recall_state})",
        f"accuracy         {r.accuracy:.3f}",
    ]
    if r.sentiment_mae is not None:
        out.append(f"sentiment MAE    {r.sentiment_mae:.3f}")
    out += [
        "",
        "confusion (rows: labelled, columns: predicted)",
        " " * 10 + "".join(f"{c[:9]:>10}" for c in CLASSES),
    ]
    out += [f"{g:<10}" + "".join(f"{r.confusion[g][p]:>10}" for p in CLASSES) for g in CLASSES]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    """Run the evaluation; 0, or 1 with ``--check`` when a target is missed."""
    parser = argparse.ArgumentParser(description="Score the triage classifier.")
    parser.add_argument("file", nargs="?", type=Path, default=DEFAULT_FILE)
    parser.add_argument("--errors", action="store_true", help="list misclassified messages")
    parser.add_argument("--check", action="store_true", help="exit 1 if a target is missed")
    args = parser.parse_args(argv)
    result = evaluate(args.file.read_text(encoding="utf-8").splitlines())
    print(report(args.file.name, result))
    if args.errors:
        print()
        for miss in result.misses:
            print(f"{miss.gold:>9} -> {miss.predicted:<9} {miss.text}")
            print(" " * 23 + "; ".join(miss.reasons))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    stored = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.exists() else {}
    figures = asdict(result)
    del figures["misses"]
    figures["complaint_recall"] = result.complaint_recall
    stored[args.file.name] = figures
    RESULTS.write_text(json.dumps(stored, indent=2) + "\n", encoding="utf-8")
    return 1 if args.check and not result.met else 0


if __name__ == "__main__":
    sys.exit(main())
