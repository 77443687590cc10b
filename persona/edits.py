"""Where fixes edit a draft and how they keep it tidy (case, spaces, greeting, sign-off)."""

from __future__ import annotations

import re

from persona.textscan import MENTION_RE

_LEADING_MENTIONS = re.compile(rf"\s*(?:(?:{MENTION_RE.pattern})[\s,:]*)*", re.IGNORECASE)
_CLAUSE_END = re.compile(r"[,.!:\n—–-]\s*|\s*$")


def adapt_case(matched: str, replacement: str) -> str:
    """``replacement`` cased like ``matched``: SHOUTED, Capitalised or as written."""
    letters = [ch for ch in matched if ch.isalpha()]
    if len(letters) > 1 and all(ch.isupper() for ch in letters):
        return replacement.upper()
    if matched[:1].isupper() and replacement[:1].islower():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def deletion_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen ``[start, end)`` by one neighbouring space so deleting it leaves no double space."""
    if end < len(text) and text[end] == " " and (start == 0 or text[start - 1] in " \n"):
        return start, end + 1
    if start > 0 and text[start - 1] == " ":
        return start - 1, end
    return start, end


def at_sentence_start(text: str, index: int) -> bool:
    """Whether ``index`` begins a sentence (start of text, a line, or after . ! ?)."""
    before = text[:index].rstrip(" \t")
    return not before or before[-1] in ".!?\n" or before.endswith("—")


def after_mentions(text: str) -> int:
    """The index after the leading @mentions Mastodon replies start with."""
    return _LEADING_MENTIONS.match(text).end()  # type: ignore[union-attr]  # always matches


def greeting_prefix(greeting: str) -> str:
    """The fixed words a greeting starts with ("Hi {name}" → "hi"), lower-cased."""
    head = re.split(r"\{", greeting, maxsplit=1)[0]
    return head.strip(" ,.!:").lower()


def after_greeting(text: str, greeting: str) -> int:
    """Where the body starts: after leading mentions and, if present, the greeting clause."""
    start = after_mentions(text)
    prefix = greeting_prefix(greeting)
    if prefix and text[start:].lower().startswith(prefix):
        clause = _CLAUSE_END.search(text, start + len(prefix))
        if clause is not None and clause.start() - start <= len(prefix) + 40:
            return clause.end()
    return start


def sign_off_core(sign_off: str) -> str:
    """The words of a sign-off without its leading dash ("— Fernbrook team" → "fernbrook team")."""
    return sign_off.strip().lstrip("-—–~ ").strip().lower()


def before_sign_off(text: str, sign_off: str) -> int:
    """Where the body ends: before a trailing sign-off, else before trailing whitespace."""
    body = text.rstrip()
    core = sign_off_core(sign_off)
    if core and body.lower().endswith(core):
        cut = len(body) - len(core)
        while cut > 0 and text[cut - 1] in " \n-—–~":
            cut -= 1
        return cut
    return len(body)
