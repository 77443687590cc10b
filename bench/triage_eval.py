"""Score the triage classifier on labelled JSONL files.

    python -m bench.triage_eval [FILE ...] [--model] [--cv K] [--errors] [--check]

Each line is ``{"text": ..., "label": ...}`` (older files: ``"class"``), optionally with
``"form": "irony"`` and ``"sentiment"``. Without FILE the dev split is scored
(``bench/data/triage_dev.jsonl`` and ``triage_dev_forms.jsonl``); the frozen test split is
``bench/data/triage_test.jsonl``, never tuned on. The lines go through ``triage.classify_lines``,
the same path as ``replydesk classify``. Prints per-class precision, recall and F1, macro-F1,
complaint recall at precision >= 0.85 (sweeping the complaint score), the share of ironic
complaints read as praise, and the confusion table; stores the figures in
``bench/results/triage_eval.json``.

``--model`` trains the learned model on the dev split first and scores rules + model.
``--cv K`` cross-validates over FILE(s) (default: the dev split): K folds, the model trained
on K-1 of them each time, with 95 % bootstrap intervals. ``--check`` exits 1 when a target
(macro-F1 >= 0.80, complaint recall >= 0.80 at precision >= 0.85, irony -> praise <= 5 %) is
missed.

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
import sys
from dataclasses import asdict
from pathlib import Path

from bench.triage_score import DEV_FILES, evaluate, read_lines, report, store_figures


def main(argv: list[str] | None = None) -> int:
    """Run the evaluation; 0, or 1 with ``--check`` when a target is missed."""
    from bench.triage_cv import cross_validate, train_on  # lazy: sklearn only here

    parser = argparse.ArgumentParser(description="Score the triage classifier.")
    parser.add_argument("files", nargs="*", type=Path, metavar="FILE")
    parser.add_argument("--model", action="store_true", help="rules + model trained on dev")
    parser.add_argument("--cv", type=int, metavar="K", help="K-fold cross-validation")
    parser.add_argument("--errors", action="store_true", help="list misclassified messages")
    parser.add_argument("--check", action="store_true", help="exit 1 if a target is missed")
    args = parser.parse_args(argv)
    files = args.files or list(DEV_FILES)
    name = "+".join(f.name for f in files)
    lines = read_lines(files)
    if args.cv:
        text, figures = cross_validate(lines, args.cv)
        print(f"{name}: {args.cv}-fold cross-validation, rules + model\n\n{text}")
        store_figures(f"{name} cv{args.cv}", figures)
        return 0
    model = train_on(read_lines(DEV_FILES)) if args.model else None
    if model is not None:
        name += " (rules + model)"
    result = evaluate(lines, model)
    print(report(name, result))
    if args.errors:
        print()
        for miss in result.misses:
            print(f"{miss.gold:>9} -> {miss.predicted:<9} {miss.text}")
            print(" " * 23 + "; ".join(miss.reasons))
    figures = asdict(result)
    del figures["misses"]
    figures["complaint_recall"] = result.complaint_recall
    store_figures(name, figures)
    return 1 if args.check and not result.met else 0


if __name__ == "__main__":
    sys.exit(main())
