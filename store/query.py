"""The search line's language: words to find, and filters in plain words.

``refund "late delivery" -coupon class:complaint net:bluesky is:overdue from:@alex
label:billing assignee:sam since:2d``. Words (and quoted phrases) are searched in the text,
the author's handle and name, labels and notes; a word with ``-`` in front must not appear.
Filters of one kind are alternatives (``class:complaint class:question``); different kinds all
apply. A mistake raises ``QueryError`` saying what is wrong and what was probably meant; no
input, however odd, reaches SQLite as syntax (``store.search`` quotes every word).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from adapters.errors import ReplyDeskError

CLASSES = ("complaint", "question", "praise", "other", "spam")
NETWORKS = {
    "mastodon": "mastodon",
    "mast": "mastodon",
    "bluesky": "bluesky",
    "bsky": "bluesky",
    "facebook": "facebook",
    "fb": "facebook",
    "instagram": "instagram",
    "ig": "instagram",
    "threads": "threads",
    "x": "x",
    "twitter": "x",
}
STATES = (
    "open",
    "overdue",
    "at-risk",
    "snoozed",
    "done",
    "spam",
    "answered",
    "mine",
    "unassigned",
)
FILTERS = ("class", "net", "is", "from", "label", "assignee", "since")
ALIASES = {"network": "net", "cls": "class", "by": "from", "assigned": "assignee"}
UNITS = {"min": 60, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}

# A token: an optional "-", an optional "name:", then a quoted phrase or a bare word.
TOKEN = re.compile(r'\s*(-?)(?:([A-Za-z]+):)?("[^"]*"?|\S*)')
DURATION = re.compile(r"(\d+)\s*(min|m|h|d|w)", re.IGNORECASE)


class QueryError(ReplyDeskError):
    """The search line holds a filter or value that means nothing."""

    title = "Search not understood"


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed search: what to find and every filter, as plain values."""

    words: tuple[str, ...] = ()
    excluded: tuple[str, ...] = ()
    classes: tuple[str, ...] = ()
    networks: tuple[str, ...] = ()
    states: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()
    assignees: tuple[str, ...] = ()
    since: datetime | None = None
    text: str = field(default="", compare=False)
    """What was typed."""


def parse_duration(text: str) -> timedelta | None:
    """``2d``, ``3h``, ``90min``, ``1w`` as a time span; None if ``text`` is not one."""
    match = DURATION.fullmatch(text.strip())
    if match is None:
        return None
    return timedelta(seconds=int(match[1]) * UNITS[match[2].lower()])


def _suggest(word: str, choices: tuple[str, ...] | list[str]) -> str:
    close = difflib.get_close_matches(word.lower(), list(choices), n=1, cutoff=0.5)
    return f' Did you mean "{close[0]}"?' if close else ""


def _one_of(name: str, value: str, choices: tuple[str, ...]) -> str:
    lowered = value.lower()
    if lowered in choices:
        return lowered
    starting = [c for c in choices if c.startswith(lowered)]
    if lowered and len(starting) == 1:
        return starting[0]
    raise QueryError(
        f'{name}: takes {", ".join(choices)}; not "{value}".{_suggest(value, choices)}'
    )


def _since(value: str, now: datetime) -> datetime:
    span = parse_duration(value)
    if span is not None:
        return now - span
    try:
        day = datetime.strptime(value, "%Y-%m-%d")
    except ValueError:
        raise QueryError(
            "since: takes a span like 2d, 3h, 1w or 90min, or a date like 2026-11-20; "
            f'not "{value}".'
        ) from None
    return day.replace(tzinfo=now.tzinfo)


def parse_query(text: str, now: datetime) -> Query:
    """Read the search line ``text`` (``since:`` counts back from ``now``).

    Raises ``QueryError`` for an unknown filter or a value it does not take.
    """
    found: dict[str, list[str]] = {name: [] for name in (*FILTERS, "words", "excluded")}
    since: datetime | None = None
    for negated, name, raw in TOKEN.findall(text):
        value = raw[1:].removesuffix('"') if raw.startswith('"') else raw
        if name and raw.startswith("//"):  # a pasted address (https://…), not a filter
            name, value = "", f"{name}:{raw}"
        if not name:
            if value.strip():
                found["excluded" if negated else "words"].append(value)
            continue
        key = ALIASES.get(name.lower(), name.lower())
        if key not in FILTERS:
            raise QueryError(
                f'Unknown filter "{name}:".{_suggest(key, FILTERS)} Filters: '
                + " ".join(f"{f}:" for f in FILTERS)
            )
        if not value:
            raise QueryError(f"{key}: needs a value, e.g. {key}:{_EXAMPLES[key]}")
        if key == "class":
            value = _one_of("class", value, CLASSES)
        elif key == "net":
            value = NETWORKS[_one_of("net", value, tuple(NETWORKS))]
        elif key == "is":
            value = _one_of("is", value, STATES)
        elif key == "from":
            value = value.removeprefix("@").lower()
        elif key == "since":
            since = _since(value, now)
            continue
        found[key].append(value)
    return Query(
        words=tuple(found["words"]),
        excluded=tuple(found["excluded"]),
        classes=tuple(dict.fromkeys(found["class"])),
        networks=tuple(dict.fromkeys(found["net"])),
        states=tuple(dict.fromkeys(found["is"])),
        authors=tuple(found["from"]),
        labels=tuple(found["label"]),
        assignees=tuple(found["assignee"]),
        since=since,
        text=text,
    )


_EXAMPLES = {
    "class": "complaint",
    "net": "bluesky",
    "is": "overdue",
    "from": "@alex",
    "label": "billing",
    "assignee": "sam",
    "since": "2d",
}
