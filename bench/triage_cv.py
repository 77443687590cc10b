"""Cross-validation of rules + learned model, with bootstrap confidence intervals.

Used by ``python -m bench.triage_eval --cv K``: the labelled lines are shuffled once (fixed
seed) and split into K folds; for each fold the model is trained on the other K-1 and the fold
is classified with rules + model. The pooled outcomes are scored once, and 1 000 bootstrap
resamples of them give 95 % intervals.
"""

from __future__ import annotations

import json
import random
from collections.abc import Sequence

from bench.triage_score import Evaluation, Outcome, classified, report, score
from triage.model import TextModel, read_labels, train

SEED = 14
RESAMPLES = 1000


def train_on(lines: Sequence[str]) -> TextModel:
    """A model trained on labelled JSONL ``lines``."""
    return train(read_labels(lines, "training lines"))


def _figures(e: Evaluation) -> dict[str, float]:
    out = {
        "macro_f1": e.macro_f1,
        "complaint_precision": e.per_class["complaint"].precision,
        "complaint_recall": e.complaint_recall,
        "recall_at_precision_0.85": e.recall_at_precision,
    }
    if e.irony_as_praise is not None:
        out["irony_as_praise"] = e.irony_as_praise
    return out


def bootstrap(outcomes: Sequence[Outcome]) -> dict[str, tuple[float, float]]:
    """95 % percentile intervals of each headline figure over resampled outcomes."""
    rng = random.Random(SEED)
    samples: dict[str, list[float]] = {}
    for _ in range(RESAMPLES):
        resampled = [outcomes[rng.randrange(len(outcomes))] for _ in outcomes]
        for key, value in _figures(score(resampled)).items():
            samples.setdefault(key, []).append(value)
    low, high = int(0.025 * RESAMPLES), int(0.975 * RESAMPLES) - 1
    return {k: (sorted(v)[low], sorted(v)[high]) for k, v in samples.items()}


def cross_validate(lines: Sequence[str], k: int) -> tuple[str, dict[str, object]]:
    """The report and figures of K-fold cross-validation over ``lines``."""
    shuffled = list(lines)
    random.Random(SEED).shuffle(shuffled)
    outcomes: list[Outcome] = []
    for fold in range(k):
        held = shuffled[fold::k]
        rest = [line for i, line in enumerate(shuffled) if i % k != fold]
        found, _ = classified(held, train_on(rest))
        outcomes += found
    result = score(outcomes)
    intervals = bootstrap(outcomes)
    text = report(f"{k} folds", result) + "\n\n95 % bootstrap intervals\n"
    for key, value in _figures(result).items():
        low, high = intervals[key]
        text += f"  {key:<26} {value:.3f}  [{low:.3f}, {high:.3f}]\n"
    figures: dict[str, object] = {
        "messages": result.messages,
        **_figures(result),
        "intervals": {key: list(v) for key, v in intervals.items()},
        "confusion": json.loads(json.dumps(result.confusion)),
    }
    return text, figures
