"""``replydesk check`` lints a draft against the persona like Vale; ``persona init`` writes one.

``check`` exits 1 when a finding is an error (the app would refuse to send the draft), 0
otherwise, and 2 when it cannot check at all (no draft, an unreadable file, a broken persona).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from adapters.errors import ConfigError
from adapters.records import Platform, default_limits
from tui.cli.common import Commands, cli_paths
from tui.cli.work import read_text
from tui.safe import one_line

if TYPE_CHECKING:
    from persona import Finding, Persona
    from settings.config import Config
    from settings.paths import Paths

#: Exit status when nothing could be checked (argparse uses 2 for usage errors too).
CANNOT_CHECK = 2
#: ``--class`` choices: ``persona.model.KNOWN_CLASSES``, which is not imported just to build the
#: parser (``tests/test_cli_persona.py`` checks they agree).
MENTION_CLASSES = ("complaint", "question", "praise", "other", "spam")


def register(commands: Commands, common: argparse.ArgumentParser) -> None:
    """``check`` and ``persona init``."""
    check_cmd = commands.add_parser(
        "check",
        parents=[common],
        help="check a draft against the persona (exit 1 if any error)",
        description="Check a draft like the composer does. Exit status: 1 if any finding is an "
        "error, 0 otherwise, 2 if the draft or the persona cannot be read.",
    )
    check_cmd.add_argument(
        "file", nargs="?", default="-", metavar="FILE", help="the draft (default '-': stdin)"
    )
    check_cmd.add_argument(
        "--platform", required=True, choices=[p.value for p in Platform], help="where it is posted"
    )
    check_cmd.add_argument(
        "--class",
        dest="mention_class",
        choices=sorted(MENTION_CLASSES),
        help="the class of the mention it answers (class rules apply)",
    )
    check_cmd.add_argument("--author", default="", help="the @handle answered (address rule)")
    check_cmd.add_argument("--name", default="", help="their display name (greeting rule)")
    check_cmd.add_argument("--json", action="store_true", help="one JSON object, for scripts")
    check_cmd.add_argument(
        "--persona", type=Path, metavar="PATH", help="this persona file instead of the profile's"
    )
    check_cmd.set_defaults(handler=check_command)

    persona_cmd = commands.add_parser("persona", parents=[common], help="the brand persona file")
    actions = persona_cmd.add_subparsers(dest="persona_command", metavar="ACTION", required=True)
    init_cmd = actions.add_parser(
        "init", parents=[common], help="write a commented example persona.toml to the config dir"
    )
    init_cmd.add_argument("--force", action="store_true", help="overwrite an existing file")
    init_cmd.set_defaults(handler=lambda a, home, demo: persona_init(home, demo, force=a.force))


def _config(paths: Paths) -> Config:
    from tui.profile import load_config_or_defaults

    config, error = load_config_or_defaults(paths.config_file)
    if error is not None:
        print(f"replydesk: warning: {error.msg}", file=sys.stderr)
    return config


def _persona(args: argparse.Namespace, paths: Paths) -> Persona | None:
    from persona import load_persona
    from tui.profile import persona_file

    path: Path | None = args.persona or persona_file(paths, _config(paths))
    if path is None:
        print(
            f"replydesk: note: no persona at {paths.persona_file}; only the network's length "
            "limit is checked ('replydesk persona init' writes an example).",
            file=sys.stderr,
        )
        return None
    persona = load_persona(path)
    for problem in persona.problems:
        print(f"replydesk: warning: {path}: {problem}", file=sys.stderr)
    return persona


def plural(count: int, noun: str) -> str:
    """ "1 error", "2 errors"."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def position(text: str, index: int) -> tuple[int, int]:
    """1-based line and column (in characters) of ``index`` in ``text``."""
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def finding_json(text: str, finding: Finding) -> dict[str, object]:
    """A finding for ``--json``: 1-based positions (the end one just past the span)."""
    line, column = position(text, finding.start)
    end_line, end_column = position(text, finding.end)
    return {
        "line": line,
        "column": column,
        "end_line": end_line,
        "end_column": end_column,
        "severity": finding.severity.value,
        "rule": finding.rule_id,
        "message": finding.message,
        "fix": finding.fix,
    }


def _report(text: str, findings: Sequence[Finding]) -> None:
    rows = []
    for finding in findings:
        line, column = position(text, finding.start)
        rows.append(
            (
                f"{line}:{column}",
                finding.severity.value,
                finding.rule_id,
                one_line(finding.message, 1000),
            )
        )
    widths = [max((len(row[i]) for row in rows), default=0) for i in range(3)]
    for where, severity, rule, message in rows:
        print(f"{where:<{widths[0]}}  {severity:<{widths[1]}}  {rule:<{widths[2]}}  {message}")


def check_command(args: argparse.Namespace, home: Path | None, demo: bool) -> int:
    """Check the draft named by ``args``; print findings as text or JSON."""
    from persona import CheckContext, Severity, check, count_length

    try:
        text = read_text(None, Path(args.file))
        if not text.strip():
            raise ConfigError("The draft is empty.", title="Nothing to check")
        persona = _persona(args, cli_paths(home, demo))
    except ConfigError as error:
        print(f"replydesk: {error.title}: {error.msg}", file=sys.stderr)
        return CANNOT_CHECK
    limits = default_limits(Platform(args.platform))
    context = CheckContext(
        limits=limits,
        mention_class=args.mention_class,
        author_handle=args.author,
        author_name=args.name,
    )
    findings = check(text, persona, context)
    counts = Counter(f.severity for f in findings)
    lengths = count_length(text, limits)
    if args.json:
        document = {
            "file": args.file,
            "platform": args.platform,
            "class": args.mention_class,
            "persona": str(persona.source) if persona and persona.source else None,
            "length": [
                {"used": c.used, "limit": c.limit, "unit": c.unit, "over": c.over} for c in lengths
            ],
            "counts": {s.value: counts[s] for s in Severity},
            "findings": [finding_json(text, f) for f in findings],
        }
        print(json.dumps(document, ensure_ascii=False, indent=2))
    else:
        _report(text, findings)
        length = " · ".join(f"{c.used}/{c.limit} {c.unit}" for c in lengths)
        tally = f"{plural(counts[Severity.ERROR], 'error')}, "
        tally += f"{plural(counts[Severity.WARNING], 'warning')}, {counts[Severity.INFO]} info"
        print(f"{args.platform}: {length} · {tally}", file=sys.stderr)
    return 1 if counts[Severity.ERROR] else 0


def persona_init(home: Path | None, demo: bool, *, force: bool) -> int:
    """Write the commented example persona to the config dir's ``persona.toml``."""
    from persona import example_persona_text

    paths = cli_paths(home, demo)
    target = paths.persona_file
    if target.exists() and not force:
        raise ConfigError(f"{target} already exists; pass --force to overwrite it.")
    try:
        paths.config_dir.mkdir(parents=True, exist_ok=True)
        target.write_text(example_persona_text(), encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"Cannot write {target}: {exc.strerror or exc}") from exc
    print(f"Wrote {target}")
    configured = _config(paths).persona_file
    if configured is not None and configured != target:
        print(
            f"replydesk: note: config.toml's persona_file ({configured}) is used instead; "
            "point it here or remove it.",
            file=sys.stderr,
        )
    return 0
