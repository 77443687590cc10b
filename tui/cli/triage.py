"""Triage from the command line: ``classify`` (the evaluation's own path), ``retrain`` (the
learned model from a person's corrections) and ``export-labels`` (those corrections as a
labelled JSONL set)."""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from adapters.clock import system_clock
from adapters.errors import ConfigError
from tui.cli.common import Commands, cli_paths, open_cli_profile
from tui.safe import one_line

if TYPE_CHECKING:
    from store.models import ClassLabel
    from sync.triaging import TriageSettings
    from triage.model import TextModel

STDIO = "-"


def register(commands: Commands, common: argparse.ArgumentParser) -> None:
    """``classify`` and ``export-labels``."""
    classify_cmd = commands.add_parser(
        "classify",
        parents=[common],
        help='classify messages, one per line (plain text or JSON with a "text" field)',
    )
    classify_cmd.add_argument(
        "file", nargs="?", default=STDIO, metavar="FILE", help="input file ('-' or none: stdin)"
    )
    classify_cmd.add_argument("--json", action="store_true", help="one JSON object per line")
    classify_cmd.add_argument(
        "--labels",
        metavar="LABELS.jsonl",
        help='train the model for this run on the built-in set plus these {"text", "label"} lines',
    )
    classify_cmd.set_defaults(
        handler=lambda a, home, demo: classify(home, demo, a.file, as_json=a.json, labels=a.labels)
    )
    retrain_cmd = commands.add_parser(
        "retrain",
        parents=[common],
        help="rebuild the learned triage model from your corrections and the built-in set",
    )
    retrain_cmd.set_defaults(handler=lambda a, home, demo: retrain_model(home, demo))
    export_cmd = commands.add_parser(
        "export-labels",
        parents=[common],
        help="write your class corrections as labelled JSONL (for bench.triage_eval)",
    )
    export_cmd.add_argument(
        "file", nargs="?", default=STDIO, metavar="FILE", help="output file ('-' or none: stdout)"
    )
    export_cmd.set_defaults(handler=lambda a, home, demo: export_labels(home, demo, a.file))


def _settings(home: Path | None, demo: bool) -> TriageSettings:
    """The profile's rules and SLA policy, without opening its database."""
    from tui.profile import load_config_or_defaults, triage_settings

    paths = cli_paths(home, demo)
    config, config_error = load_config_or_defaults(paths.config_file)
    settings, more = triage_settings(paths, config)
    for problem in [*([config_error] if config_error else []), *more]:
        print(f"replydesk: warning: {problem.msg}", file=sys.stderr)
    return settings


def _lines(source: TextIO, name: str) -> Iterator[str]:
    """The lines of ``source``, read lazily; a read error names the input."""
    try:
        yield from source
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"Cannot read {name}: {exc}") from exc


def _open_input(file: str) -> contextlib.AbstractContextManager[TextIO]:
    if file == STDIO:
        return contextlib.nullcontext(sys.stdin)
    try:
        return open(file, encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"Cannot read {file}: {exc.strerror or exc}") from exc


def text_row(row: dict[str, object]) -> str:
    """One classified line for people: line, class, sentiment, priority, SLA, text, reasons."""
    from triage.humanize import signed

    if "error" in row:
        return f"{row['line']:>5}  error: {one_line(str(row['error']), 200)}"
    sentiment = float(row["sentiment"])  # type: ignore[arg-type]
    reasons = "; ".join(one_line(str(r), 80) for r in row["reasons"])  # type: ignore[attr-defined]
    return (
        f"{row['line']:>5}  {row['class']!s:<9}  {signed(sentiment)}  "
        f"prio {row['priority']!s:>5}  {one_line(str(row['sla']), 40)}  "
        f"{one_line(str(row['text']), 60)!r}  ← {reasons or 'no cues'}"
    )


def _run_model(home: Path | None, demo: bool, labels: str | None) -> TextModel | None:
    """The model for one ``classify`` run: trained on ``labels`` (plus the built-in set) when
    given, else the profile's saved one, if any. A bad labels file raises ``LabelsError`` and
    nothing is trained or saved."""
    from sync.learning import model_file
    from triage.model import builtin_examples, load, read_labels, train

    if labels is None:
        return load(model_file(cli_paths(home, demo).data_dir))
    with _open_input(labels) as source:
        examples = read_labels(_lines(source, labels), labels)
    model = train(builtin_examples() + examples, corrections=len(examples))
    print(f"replydesk: model trained for this run with {len(examples)} label(s)", file=sys.stderr)
    return model


def classify(
    home: Path | None, demo: bool, file: str, *, as_json: bool, labels: str | None = None
) -> int:
    """Classify each line of ``file`` (or stdin) with the profile's rules and SLA policy, and
    the learned model (``labels``' for this run, or the saved one).

    A line that cannot be read is reported in its place; the rest still run (exit 0).
    """
    from triage import classify_lines

    settings = _settings(home, demo)
    model = _run_model(home, demo, labels)
    name = "standard input" if file == STDIO else file
    with _open_input(file) as source:
        rows = classify_lines(
            _lines(source, name),
            system_clock(),
            settings.policy,
            rules=settings.rules,
            model=model,
        )
        for row in rows:
            print(json.dumps(row, ensure_ascii=False) if as_json else text_row(row))
    return 0


def retrain_model(home: Path | None, demo: bool) -> int:
    """Rebuild the profile's model; 1 when there are not enough corrections yet."""
    from sync.learning import retrain

    profile = open_cli_profile(home, demo)
    try:
        outcome = retrain(profile.store, profile.paths.data_dir)
    finally:
        profile.store.close()
    print(f"replydesk: {outcome.message}", file=sys.stderr)
    return 0 if outcome.model is not None else 1


def label_row(label: ClassLabel) -> dict[str, object]:
    """One correction as the evaluation reads it (``text``, ``class``) plus its context."""
    return {
        "text": label.text,
        "class": label.cls,
        "auto_class": label.auto_cls or None,
        "platform": label.platform,
        "created_at": label.created_at.isoformat(),
        "followers": label.followers,
        "labelled_at": label.labelled_at.isoformat() if label.labelled_at else None,
        "mention_id": label.mention_id,
    }


def export_labels(home: Path | None, demo: bool, file: str) -> int:
    """Write every class a person set, oldest first, as JSONL to ``file`` (or stdout)."""
    profile = open_cli_profile(home, demo)
    try:
        labels = profile.store.class_labels()
    finally:
        profile.store.close()
    lines = [json.dumps(label_row(label), ensure_ascii=False) + "\n" for label in labels]
    if file == STDIO:
        sys.stdout.writelines(lines)
    else:
        try:
            Path(file).write_text("".join(lines), encoding="utf-8")
        except OSError as exc:
            raise ConfigError(f"Cannot write {file}: {exc.strerror or exc}") from exc
    changed = sum(1 for label in labels if label.auto_cls and label.auto_cls != label.cls)
    where = "" if file == STDIO else f" to {file}"
    print(
        f"replydesk: {len(labels)} label(s){where}, {changed} differing from the classifier"
        + ("" if labels else " (press c on a queue row to correct a class)"),
        file=sys.stderr,
    )
    return 0
