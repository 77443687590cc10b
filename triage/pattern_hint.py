r"""The literal text a cue pattern cannot match without, so most texts skip its regex.

``re`` only jumps ahead quickly when a pattern starts with a literal; a pattern that starts
with a lookbehind, an anchor or an alternation is tried at every position of the text (10-15
µs on a 280-character post, for each of ~20 patterns). ``required`` reads a pattern's start
and returns substrings of which every match must contain at least one: "/s" for
``(?<![\w/])/s\b``, "weather", "news", … for ``(?:the\s+)?(?:weather|news|…)\b…``. A
``str.__contains__`` per substring is far cheaper than the search. When in doubt it returns
``None`` (no hint: the regex always runs), so a hint never hides a match.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

_SPECIAL = frozenset(".^$*+?{}[]()|\\")
_SKIPPED = (r"\b", r"\B", r"\W*", r"\s*", "^")  # zero-width or possibly empty starts
_LOOKAROUND = ("(?<=", "(?<!", "(?=", "(?!")
_MAX_CLASS = 12  # a character class of more characters is no useful hint


def _structure(p: str, start: int = 0) -> Iterator[tuple[int, str, int]]:
    """``(index, character, depth)`` for each character of ``p`` from ``start`` that is neither
    escaped nor inside a character class; ``depth`` counts the groups open around it."""
    depth, j, in_class = 0, start, False
    while j < len(p):
        ch = p[j]
        if ch == "\\":
            j += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        else:
            depth -= ch == ")"
            yield j, ch, depth
            depth += ch == "("
        j += 1


def _close(p: str, i: int) -> int:
    """The index of the ``)`` matching the ``(`` at ``i`` (``len(p)`` when unbalanced)."""
    return next((j for j, ch, depth in _structure(p, i) if ch == ")" and depth == 0), len(p))


def _split_top(p: str) -> list[str]:
    """``p`` split at its top-level ``|``."""
    cuts = [j for j, ch, depth in _structure(p) if ch == "|" and depth == 0]
    return [p[a + 1 : b] for a, b in zip([-1, *cuts], [*cuts, len(p)], strict=True)]


def _class_chars(p: str, i: int) -> list[str] | None:
    """The characters of a plain class ``[abc]`` or small range ``[0-9]`` at ``i``."""
    end = p.find("]", i + 1)
    body = p[i + 1 : end] if end > i else ""
    if not body or body[0] == "^" or "\\" in body:
        return None
    if len(body) == 3 and body[1] == "-":
        chars = [chr(c) for c in range(ord(body[0]), ord(body[2]) + 1)]
    elif "-" in body:
        return None
    else:
        chars = list(body)
    return chars if len(chars) <= _MAX_CLASS else None


def _literal_run(p: str, i: int) -> str:
    """The literal characters from ``i`` on, without one a quantifier may drop."""
    out = ""
    while i < len(p):
        ch = p[i]
        if ch == "\\":
            nxt = p[i + 1 : i + 2]
            if not nxt or nxt.isalnum():  # \s, \d, \w, \x27 …: not a plain literal
                break
            ch, step = nxt, 2
        elif ch in _SPECIAL:
            break
        else:
            step = 1
        after = p[i + step : i + step + 1]
        if after in ("?", "*", "{"):
            break  # this character may be absent
        out += ch
        if after == "+":
            break
        i += step
    return out


def _branch(p: str) -> Sequence[str] | None:
    i = 0
    while i < len(p):
        skip = next((s for s in _SKIPPED if p.startswith(s, i)), None)
        if skip is not None:
            i += len(skip)
            continue
        if p.startswith(_LOOKAROUND, i):
            i = _close(p, i) + 1
            continue
        if p.startswith("(?:", i):
            j = _close(p, i)
            after = p[j + 1 : j + 3]
            if after[:1] in ("?", "*") or after == "{0":
                i = j + 1 + (1 if after[:1] != "{" else p.find("}", j) - j)
                continue
            return required(p[i + 3 : j])
        break
    if p.startswith("[", i):
        return _class_chars(p, i)
    run = _literal_run(p, i)
    return [run] if run else None


def required(pattern: str) -> tuple[str, ...] | None:
    """Substrings of which every match of ``pattern`` contains one, or ``None``."""
    out: list[str] = []
    for branch in _split_top(pattern):
        found = _branch(branch)
        if not found:
            return None
        out += found
    return tuple(dict.fromkeys(out))
