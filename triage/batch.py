"""Classify a stream of lines for ``replydesk classify`` and the evaluation harness.

Each line is plain text, or a JSON object with a ``text`` field and optionally ``created_at``
(ISO 8601), ``platform`` ("mastodon"/"bluesky"), ``followers`` and a human label ``label``
(or ``class``, the older spelling; echoed back as ``label``). A line that cannot be read
yields ``{"line", "error"}`` instead of raising, so one bad line never stops a batch.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime

from adapters.records import Platform
from triage.classifier import classify
from triage.model import TextModel
from triage.priority import priority
from triage.rules import Rules
from triage.sla import SlaPolicy, default_sla_policy, due

Row = dict[str, object]


class _BadLine(ValueError):
    """A line's JSON is readable but its fields are not."""


def _fields(obj: object) -> tuple[str, datetime | None, Platform, int, object]:
    if not isinstance(obj, dict):
        raise _BadLine('a JSON line must be an object with a "text" field')
    text = obj.get("text")
    if not isinstance(text, str):
        raise _BadLine('"text" must be a string')
    created: datetime | None = None
    if obj.get("created_at") is not None:
        try:
            created = datetime.fromisoformat(str(obj["created_at"]))
        except ValueError:
            problem = f'"created_at" is not an ISO 8601 time: {obj["created_at"]!r}'
            raise _BadLine(problem) from None
        if created.tzinfo is None:
            created = created.replace(tzinfo=UTC)
    try:
        platform = Platform(obj.get("platform", Platform.MASTODON.value))
    except ValueError:
        raise _BadLine(f'unknown "platform": {obj.get("platform")!r}') from None
    followers = obj.get("followers", 0)
    if isinstance(followers, bool) or not isinstance(followers, int) or followers < 0:
        raise _BadLine('"followers" must be a whole number >= 0')
    return text, created, platform, followers, obj.get("label", obj.get("class"))


def classify_lines(
    lines: Iterable[str],
    now: datetime,
    policy: SlaPolicy | None = None,
    *,
    rules: Rules | None = None,
    model: TextModel | None = None,
) -> Iterator[Row]:
    """One result row per non-blank line: ``line``, ``text``, ``class``, ``sentiment``,
    ``complaint_score`` (0..1), ``sla``
    (the rule in words), ``due_at`` and ``due_in_s`` (seconds from ``now``, negative when
    overdue; both absent when never due), ``priority``, ``terms``, ``reasons``, and ``label``
    when the input carried one."""
    policy = policy if policy is not None else default_sla_policy()
    for number, raw in enumerate(lines, 1):
        line = raw.rstrip("\r\n")
        if not line.strip():
            continue
        label: object = None
        created: datetime | None = None
        platform, followers, text = Platform.MASTODON, 0, line
        if line.lstrip().startswith("{"):
            try:
                text, created, platform, followers, label = _fields(json.loads(line))
            except json.JSONDecodeError as exc:
                yield {"line": number, "error": f"invalid JSON: {exc.msg} (column {exc.colno})"}
                continue
            except _BadLine as exc:
                yield {"line": number, "error": str(exc)}
                continue
        c = classify(text, rules, model)
        d = due(created or now, c.cls, platform, policy)
        p = priority(c.cls, c.sentiment, followers, 0, d, now, c.complaint_score)
        row: Row = {
            "line": number,
            "text": text,
            "class": c.cls.value,
            "sentiment": c.sentiment,
            "complaint_score": c.complaint_score,
            "sla": d.rule,
        }
        if d.due_at is not None:
            row["due_at"] = d.due_at.isoformat()
            row["due_in_s"] = int((d.due_at - now).total_seconds())
        row["priority"] = p.score
        row["terms"] = [str(t) for t in p.terms]
        row["reasons"] = list(c.reasons)
        if label is not None:
            row["label"] = label
        yield row
