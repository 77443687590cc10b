"""Loading a persona file (TOML) into a ``Persona``, with errors a person can act on.

A syntax error or a bad value raises ``ConfigError`` naming the file, the line and the key; the
app then keeps the last good persona. Problems that need not stop anything (a rule whose regex
does not compile, an unknown key) are collected in ``Persona.problems`` and the rule skipped.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from adapters.errors import ConfigError
from adapters.records import Platform
from persona.length import PLATFORM_RULE_ID
from persona.model import KNOWN_CLASSES, Common, Persona, Rule, SavedReply, Severity
from persona.reader import BadPattern, Head, Table
from persona.rules_form import Caps, Emoji, Exclamation, Hashtag
from persona.rules_required import Address, Greeting, Required, SignOff
from persona.rules_safety import Links, Placeholder, PrivateData, Profanity
from persona.rules_tone import PreferredLength, Readability, Sentiment
from persona.rules_words import Banned, Blame, Capitalization, Occurrence, Promise, Substitute

#: Every rule type a persona file can use, by its ``type`` key.
RULE_TYPES: dict[str, type[Rule]] = {
    cls.kind: cls
    for cls in (
        Banned, Substitute, Capitalization, Occurrence, Blame, Promise,
        Required, Sentiment, PreferredLength, Readability,
        Caps, Exclamation, Emoji, Hashtag, Address, Greeting, SignOff,
        Placeholder, PrivateData, Links, Profanity,
    )
}  # fmt: skip

_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
_SYNTAX_LINE = re.compile(r"\(at line (\d+), column (\d+)\)")
_TOP_LEVEL = {"persona", "rules", "saved_replies"}


def _headers(lines: list[str], name: str) -> list[int]:
    """1-based line numbers of each ``[[name]]`` header, in order."""
    pattern = re.compile(rf"^\s*\[\[\s*{re.escape(name)}\s*\]\]")
    return [number + 1 for number, line in enumerate(lines) if pattern.match(line)]


def _array(data: dict[str, object], key: str, source: Path) -> list[dict[str, object]]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise ConfigError(f"{source}: '{key}' must be written as [[{key}]] tables")
    return value


def _common(table: Table, cls: type[Rule], problems: list[str]) -> Common:
    rule_id = table.text("id")
    if not _ID.fullmatch(rule_id):
        raise table.error("id", f"{rule_id!r} must be letters, digits, '-', '_' or '.'")
    severity = table.choice("severity", [s.value for s in Severity], cls.default_severity.value)
    platforms = table.texts("platforms")
    for platform in platforms:
        if platform not in {p.value for p in Platform}:
            raise table.error("platforms", f"unknown platform {platform!r}; use mastodon, bluesky")
    classes = tuple(c.lower() for c in table.texts("classes"))
    problems.extend(
        f"rule '{rule_id}': unknown mention class '{c}' (known: {', '.join(sorted(KNOWN_CLASSES))})"
        for c in classes
        if c not in KNOWN_CLASSES
    )
    return Common(
        id=rule_id,
        severity=Severity(severity),
        message=table.text("message", cls.default_message),
        platforms=tuple(Platform(p) for p in platforms),
        classes=classes,
        unsolicited=table.flag("unsolicited", False),
    )


def _rule(table: Table, head: Head, problems: list[str]) -> Rule | None:
    kind = table.text("type")
    cls = RULE_TYPES.get(kind)
    if cls is None:
        raise table.error("type", f"unknown rule type {kind!r}; use one of {', '.join(RULE_TYPES)}")
    common = _common(table, cls, problems)
    try:
        rule = cls.from_table(table, common, head)
    except BadPattern as exc:
        problems.append(f"rule '{common['id']}' skipped: {exc}")
        return None
    problems.extend(f"rule '{rule.id}': unknown key '{k}' ignored" for k in table.unknown_keys())
    return rule


def parse_persona(text: str, source: Path) -> Persona:
    """Parse persona TOML ``text`` read from ``source`` (named in every error)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = _SYNTAX_LINE.search(str(exc))
        where = f"{source}, line {found.group(1)}" if found else str(source)
        reason = _SYNTAX_LINE.sub("", str(exc)).strip()
        raise ConfigError(f"{where}: TOML syntax error: {reason}", title="Persona file") from exc
    lines = text.splitlines()
    problems = [f"unknown table or key '{key}' ignored" for key in data if key not in _TOP_LEVEL]
    if not isinstance(data.get("persona"), dict):
        raise ConfigError(
            f"{source}: missing the [persona] table (name, voice, greeting, sign_off)"
        )
    header = next((n + 1 for n, line in enumerate(lines) if line.strip() == "[persona]"), None)
    top = Table(data["persona"], source=source, label="[persona]", lines=lines, header=header)
    head = Head(top.text("name"), top.text("greeting", ""), top.text("sign_off", ""))
    voice = top.text("voice", "")
    problems.extend(f"[persona]: unknown key '{k}' ignored" for k in top.unknown_keys())

    rules: list[Rule] = []
    seen = {PLATFORM_RULE_ID}
    rule_lines = _headers(lines, "rules")
    for number, raw in enumerate(_array(data, "rules", source)):
        label = f"[[rules]] #{number + 1}"
        if isinstance(raw.get("id"), str):
            label += f" ('{raw['id']}')"
        at = rule_lines[number] if number < len(rule_lines) else None
        table = Table(raw, source=source, label=label, lines=lines, header=at)
        rule = _rule(table, head, problems)
        if rule is None:
            continue
        if rule.id in seen:
            raise table.error("id", f"{rule.id!r} is used by another rule")
        seen.add(rule.id)
        rules.append(rule)

    replies: list[SavedReply] = []
    reply_lines = _headers(lines, "saved_replies")
    for number, raw in enumerate(_array(data, "saved_replies", source)):
        at = reply_lines[number] if number < len(reply_lines) else None
        label = f"[[saved_replies]] #{number + 1}"
        table = Table(raw, source=source, label=label, lines=lines, header=at)
        reply = SavedReply(table.text("name"), table.text("text"))
        if any(r.name == reply.name for r in replies):
            raise table.error("name", f"{reply.name!r} is used by another saved reply")
        problems.extend(f"{label}: unknown key '{k}' ignored" for k in table.unknown_keys())
        replies.append(reply)

    persona = Persona(
        head.name, voice, head.greeting, head.sign_off,
        tuple(rules), source, tuple(problems), tuple(replies),
    )  # fmt: skip
    # Validating needs no compiled matcher: the app warms it in the background after start-up
    # (``warm_persona``), ``replydesk check`` compiles only the one context it checks.
    return persona


def load_persona(path: Path) -> Persona:
    """Load the persona file at ``path``; ``ConfigError`` names the file, line and key."""
    try:
        text = path.read_bytes().decode("utf-8")
    except OSError as exc:
        raise ConfigError(
            f"{path}: cannot read the persona file ({exc.strerror or exc})", title="Persona file"
        ) from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(
            f"{path}: the persona file is not UTF-8 text (byte {exc.start})", title="Persona file"
        ) from exc
    return parse_persona(text, path)
