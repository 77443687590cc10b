"""A small text model learned from labelled posts: TF-IDF word and character n-grams with
logistic regression (scikit-learn, imported only when a model is trained or loaded, so start-up
and rules-only triage never pay for it).

It is trained on the built-in labelled development set plus a person's corrections, kept in the
state dir as one file stamped with ``MODEL_VERSION`` (a file of another version is ignored, and
the caller rebuilds it), and combined with the rules in ``triage.classifier``.
"""

from __future__ import annotations

import json
import pickle
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from adapters.errors import ConfigError
from triage.classes import MentionClass
from triage.text import prepare

# Bump whenever the features, the classes or the file layout change: older files are rebuilt.
MODEL_VERSION = 1
MIN_CORRECTIONS = 20  # a person's corrections needed before the app trains on them …
MIN_CLASSES = 2  # … spread over at least this many classes
MODEL_FILE = "triage-model.pkl"
# The dev split (never the frozen test split): shipped inside the package by the wheel build,
# read from bench/data in a checkout.
BUILTIN_FILES = ("triage_dev.jsonl", "triage_dev_forms.jsonl")
_TOP_NGRAMS = 3
_MAX_WORDS = 50_000  # words whose character n-gram columns a model remembers
_TITLE = "Labels problem"


class LabelsError(ConfigError):
    """A labelled file that cannot be trained on; the message names the line."""


@dataclass(frozen=True, slots=True)
class ModelVerdict:
    """What the model says about one text: each class's probability and the n-grams that
    pushed hardest towards its best class."""

    probabilities: dict[MentionClass, float]
    ngrams: tuple[str, ...]

    @property
    def cls(self) -> MentionClass:
        """The most probable class."""
        return max(self.probabilities, key=self.probabilities.__getitem__)


class _Columns:
    """The feature columns one vectorizer gives a text: each n-gram's column, repeated as
    often as it occurs.

    ``char_wb`` n-grams never cross a word (each word is padded and cut on its own), so a
    word's columns are worked out once and remembered: a 280-character post has ~700 such
    n-grams but only ~50 words, most of them seen before.
    """

    def __init__(self, vectorizer: Any, offset: int) -> None:
        self._analyze = vectorizer.build_analyzer()
        self._vocab = {g: i + offset for g, i in vectorizer.vocabulary_.items()}
        default = not (vectorizer.preprocessor or vectorizer.strip_accents)
        self._by_word = vectorizer.analyzer == "char_wb" and vectorizer.lowercase and default
        self._words: dict[str, list[int]] = {}

    def _lookup(self, text: str) -> list[int]:
        get = self._vocab.get
        return [c for g in self._analyze(text) if (c := get(g)) is not None]

    def __call__(self, text: str) -> list[int]:
        if not self._by_word:
            return self._lookup(text)
        words, out = self._words, []
        for word in text.lower().split():
            cols = words.get(word)
            if cols is None:
                cols = self._lookup(word)
                if len(words) < _MAX_WORDS:  # bounded: arbitrary input cannot grow it forever
                    words[word] = cols
            out += cols
        return out


class TextModel:
    """A trained pipeline and what it was trained on.

    ``predict`` does not call the pipeline: scikit-learn's per-call checks cost ~2 ms for one
    text, so the vocabularies (one dictionary per feature set, mapping straight to a column),
    idf weights and the transposed coefficients are read out once; one text is then scored
    with a dictionary lookup per n-gram and a few numpy operations on its columns alone.
    """

    def __init__(self, pipeline: Any, examples: int, corrections: int) -> None:
        import numpy as np  # lazy: comes with scikit-learn

        self.pipeline = pipeline
        self.examples = examples
        self.corrections = corrections
        union, clf = pipeline.steps[0][1], pipeline.steps[1][1]
        self._np = np
        self._classes = [MentionClass(c) for c in clf.classes_]
        self._parts: list[_Columns] = []
        self._names: list[str] = []
        offset = 0
        for _, vectorizer in union.transformer_list:
            vocab = vectorizer.vocabulary_
            self._parts.append(_Columns(vectorizer, offset))
            names = [""] * len(vocab)
            for gram, i in vocab.items():
                names[i] = gram
            self._names += names
            offset += len(vocab)
        self._idf = np.concatenate([v.idf_ for _, v in union.transformer_list])
        # Features × classes, row-contiguous: one text's columns are a cheap row gather.
        self._coef_t = np.ascontiguousarray(np.asarray(clf.coef_).T)
        self._intercept = np.asarray(clf.intercept_)

    def predict(self, text: str) -> ModelVerdict:
        """Probabilities for ``text`` (classes never seen in training get 0)."""
        return self.predict_masked(prepare(text).masked)

    def predict_masked(self, text: str) -> ModelVerdict:
        """``predict`` for a text already through ``prepare`` (its ``masked`` form)."""
        np = self._np
        columns, weights = [], []
        for part in self._parts:
            found = part(text)
            if not found:
                continue
            # TF-IDF as trained: sublinear counts times idf, L2-normalized per feature set.
            cols, counts = np.unique(np.asarray(found, dtype=np.intp), return_counts=True)
            w = (1.0 + np.log(counts)) * self._idf[cols]
            columns.append(cols)
            weights.append(w / np.sqrt(w @ w))
        if columns:
            idx, val = np.concatenate(columns), np.concatenate(weights)
        else:
            idx, val = np.zeros(0, dtype=int), np.zeros(0)
        contributions = self._coef_t[idx] * val[:, None]  # n-grams × classes
        logits = contributions.sum(axis=0) + self._intercept
        if len(self._classes) == 2:  # one logit: the second class against the first
            p1 = 1.0 / (1.0 + np.exp(-logits[0]))
            proba, rows = [1.0 - p1, p1], [-contributions[:, 0], contributions[:, 0]]
        else:
            exp = np.exp(logits - logits.max())
            proba, rows = (exp / exp.sum()).tolist(), list(contributions.T)
        probabilities = dict.fromkeys(MentionClass, 0.0)
        for cls, p in zip(self._classes, proba, strict=True):
            probabilities[cls] = float(p)
        best = max(range(len(proba)), key=proba.__getitem__)
        row = rows[best]
        # The strongest few, without sorting every n-gram of the text.
        top = np.argpartition(-row, _TOP_NGRAMS)[:_TOP_NGRAMS] if len(row) > _TOP_NGRAMS else None
        order = top[np.argsort(-row[top])] if top is not None else np.argsort(-row)
        ngrams = tuple(self._names[idx[i]].strip() for i in order if row[i] > 0)
        return ModelVerdict(probabilities, ngrams)


def train(examples: Sequence[tuple[str, MentionClass]], corrections: int = 0) -> TextModel:
    """Fit a model on ``(text, class)`` pairs; raises ``LabelsError`` with fewer than two
    classes."""
    classes = {cls for _, cls in examples}
    if len(classes) < MIN_CLASSES:
        raise LabelsError("Labels cover only one class; at least two are needed.", _TITLE)
    from sklearn.feature_extraction.text import TfidfVectorizer  # lazy
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, Pipeline

    words = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1, lowercase=True)
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2)
    pipeline = Pipeline(
        [
            ("features", FeatureUnion([("word", words), ("char", chars)])),
            ("clf", LogisticRegression(C=10.0, max_iter=2000, class_weight="balanced")),
        ]
    )
    # Handles and links are blanked as for the rules: the model learns words, not brand names.
    pipeline.fit([prepare(t).masked for t, _ in examples], [c.value for _, c in examples])
    return TextModel(pipeline, len(examples), corrections)


def read_labels(lines: Iterable[str], name: str) -> list[tuple[str, MentionClass]]:
    """``(text, class)`` from JSONL lines ``{"text", "label"}`` (or ``"class"``).

    Raises ``LabelsError`` naming ``name`` and the line for bad JSON, a missing text, an
    unknown label, or a file with fewer than two classes.
    """
    out: list[tuple[str, MentionClass]] = []
    known = ", ".join(c.value for c in MentionClass)
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{name}, line {number}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise LabelsError(f"{where}: invalid JSON: {exc.msg}", _TITLE) from None
        if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
            raise LabelsError(f'{where}: expected an object with a "text" string', _TITLE)
        label = obj.get("label", obj.get("class"))
        try:
            out.append((obj["text"], MentionClass(str(label))))
        except ValueError:
            raise LabelsError(f"{where}: unknown label {label!r} (use {known})", _TITLE) from None
    counts = Counter(cls for _, cls in out)
    if len(counts) < MIN_CLASSES:
        only = next(iter(counts), None)
        label = "none" if only is None else only.value
        problem = f"{name}: every label is {label!r}; at least two classes are needed"
        raise LabelsError(problem, _TITLE)
    return out


def builtin_examples() -> list[tuple[str, MentionClass]]:
    """The shipped labelled development set."""
    out: list[tuple[str, MentionClass]] = []
    shipped = resources.files("triage").joinpath("data")
    checkout = Path(__file__).resolve().parent.parent / "bench" / "data"
    for name in BUILTIN_FILES:
        packaged = shipped.joinpath(name)
        text = (
            packaged.read_text(encoding="utf-8")
            if packaged.is_file()
            else (checkout / name).read_text(encoding="utf-8")
        )
        out += read_labels(text.splitlines(), name)
    return out


def corrections_ready(labels: Sequence[tuple[str, MentionClass]]) -> bool:
    """Enough corrections, over enough classes, to be worth training on."""
    return len(labels) >= MIN_CORRECTIONS and len({cls for _, cls in labels}) >= MIN_CLASSES


def _sklearn_version() -> str:
    import sklearn  # lazy

    return str(sklearn.__version__)


def save(model: TextModel, path: Path) -> None:
    """Write ``model`` to ``path`` atomically (a crash never leaves half a file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    payload = {
        "version": MODEL_VERSION,
        "sklearn": _sklearn_version(),
        "pipeline": model.pipeline,
        "examples": model.examples,
        "corrections": model.corrections,
    }
    tmp.write_bytes(pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL))
    tmp.replace(path)


def load(path: Path) -> TextModel | None:
    """The model at ``path``; ``None`` when there is none, or it is from another version or
    unreadable (the caller then rebuilds it). The file is our own, written by ``save``."""
    try:
        payload = pickle.loads(path.read_bytes())  # our own state file
    except FileNotFoundError:
        return None
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError):
        return None
    if not isinstance(payload, dict) or payload.get("version") != MODEL_VERSION:
        return None
    if payload.get("sklearn") != _sklearn_version():
        return None  # pickles are only safe to read with the scikit-learn that wrote them
    return TextModel(payload["pipeline"], int(payload["examples"]), int(payload["corrections"]))
