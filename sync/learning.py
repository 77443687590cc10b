"""The learned triage model of a profile: trained from the built-in labelled set plus the
person's class corrections, kept in the profile's data dir, rebuilt when stale.

Training takes seconds: callers run ``retrain`` and ``load_or_rebuild`` off the UI thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from triage import MentionClass
from triage.model import (
    MIN_CLASSES,
    MIN_CORRECTIONS,
    MODEL_FILE,
    TextModel,
    builtin_examples,
    corrections_ready,
    load,
    save,
    train,
)

if TYPE_CHECKING:
    from store import Store


@dataclass(frozen=True, slots=True)
class Retrained:
    """The outcome of a retrain: the new model (``None``: not enough corrections yet, rules
    only) and a sentence for the person."""

    model: TextModel | None
    message: str


def model_file(data_dir: Path) -> Path:
    """Where a profile keeps its model."""
    return data_dir / MODEL_FILE


def corrections(store: Store) -> list[tuple[str, MentionClass]]:
    """Every class a person set, as training examples."""
    return [(label.text, MentionClass(label.cls)) for label in store.class_labels()]


def retrain(store: Store, data_dir: Path) -> Retrained:
    """Train on the built-in set plus the corrections and save it, once there are enough
    corrections; otherwise keep whatever model there is and say what is missing."""
    labels = corrections(store)
    if not corrections_ready(labels):
        classes = len({cls for _, cls in labels})
        return Retrained(
            None,
            f"{len(labels)} correction(s) over {classes} class(es): the model learns from "
            f"{MIN_CORRECTIONS} over {MIN_CLASSES} classes (press c on a queue row to "
            "correct a class). Triage uses the rules alone until then.",
        )
    examples = builtin_examples()
    model = train(examples + labels, corrections=len(labels))
    save(model, model_file(data_dir))
    return Retrained(
        model,
        f"Model trained on {len(examples)} built-in examples and your {len(labels)} correction(s).",
    )


def load_or_rebuild(store: Store, data_dir: Path) -> TextModel | None:
    """The saved model; rebuilt when it is missing or from another version and there are
    enough corrections; ``None`` (rules only) otherwise."""
    model = load(model_file(data_dir))
    if model is not None:
        return model
    return retrain(store, data_dir).model
