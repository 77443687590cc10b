"""The built cue matcher, kept on disk so a short command does not pay to build it again.

Building the matcher of the shipped rules costs ~0.9 s of CPU: ``re`` parses and compiles one
trie regex of ~140 000 characters, and the terms inside other terms are worked out. A one-line
``replydesk classify`` spent nearly all its time there. The cache file holds the worked-out
``MatcherState`` and, for each of its regexes, the code ``re`` compiled it to; loading hands that
code to ``_sre.compile``, the call ``re.compile`` itself ends with, which checks the code before
use. The file is named by a hash of the cue sets, the matcher's and this module's source and the
Python version, and begins with a SHA-256 of the rest: a stale, truncated or corrupt file is
never used, only replaced. CPython's ``re`` internals are used here only; should they change,
the checks fail and the matcher is built the ordinary way.
"""

from __future__ import annotations

import hashlib
import importlib
import logging
import marshal
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from triage import matcher as matcher_module
from triage.lexicon import CueSet
from triage.matcher import Matcher, MatcherState, matcher_state

log = logging.getLogger(__name__)

_PREFIX = "triage-matcher-"
_SUFFIX = ".bin"
_DIGEST = hashlib.sha256().digest_size
_PRIVATE = 0o700
# What loading may raise on a file that passed its digest but not its use: a different
# interpreter's code (RuntimeError: invalid SRE code), a changed layout (TypeError, ValueError,
# KeyError, IndexError), a truncated body (EOFError).
_UNUSABLE = (EOFError, IndexError, KeyError, RuntimeError, TypeError, ValueError)

Code = tuple[int, list[int], int, dict[str, int], tuple[str | None, ...]]


def _re_internals() -> tuple[Any, Any, Any]:
    """CPython's regex parser, code generator and engine (imported on use, untyped)."""
    return tuple(importlib.import_module(m) for m in ("re._parser", "re._compiler", "_sre"))  # type: ignore[return-value]


def cache_key(sets: Sequence[CueSet]) -> str:
    """A hash of everything the stored matcher depends on."""
    _, _, sre = _re_internals()
    digest = hashlib.sha256()
    for part in (repr(tuple(sets)), sys.version, str(sre.MAGIC)):
        digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
    for source in (matcher_module.__file__, __file__):
        digest.update(Path(source).read_bytes())
    return digest.hexdigest()


def _code(pattern: str) -> Code:
    """What ``re.compile(pattern)`` hands to ``_sre.compile``, as plain data."""
    parser, compiler, _ = _re_internals()
    parsed = parser.parse(pattern, 0)
    code = [int(c) for c in compiler._code(parsed, 0)]
    groups: dict[str, int] = dict(parsed.state.groupdict)
    names: list[str | None] = [None] * parsed.state.groups
    for name, index in groups.items():
        names[index] = name
    return int(parsed.state.flags), code, parsed.state.groups - 1, groups, tuple(names)


def _matcher(state: MatcherState, codes: dict[str, Code]) -> Matcher:
    """The matcher of ``state``, each regex made from its stored code."""
    _, _, sre = _re_internals()
    return Matcher(state, lambda pattern: sre.compile(pattern, *codes[pattern]))


def _read(path: Path, key: str) -> Matcher | None:
    """The matcher stored at ``path`` for ``key``, or ``None`` when the file is missing, stale
    or damaged."""
    try:
        blob = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        log.warning("cannot read the triage matcher cache %s: %s", path, exc)
        return None
    body = blob[_DIGEST:]
    if hashlib.sha256(body).digest() != blob[:_DIGEST]:
        log.info("the triage matcher cache %s is damaged; rebuilding it", path)
        return None
    try:
        stored_key, state, codes = marshal.loads(body)
        if stored_key != key:
            return None
        return _matcher(MatcherState(*state), codes)
    except _UNUSABLE as exc:
        log.info("the triage matcher cache %s cannot be used (%s); rebuilding it", path, exc)
        return None


def _write(folder: Path, path: Path, body: bytes) -> None:
    """Store ``body`` at ``path`` whole or not at all, and drop older matchers' files."""
    if not folder.parent.is_dir():
        return  # a profile that was never opened: its folders are not ours to create
    tmp: str | None = None
    try:
        folder.mkdir(mode=_PRIVATE, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=_PREFIX, suffix=".tmp", dir=folder)
        with os.fdopen(fd, "wb") as out:
            out.write(hashlib.sha256(body).digest() + body)
        os.replace(tmp, path)
        tmp = None
        for old in folder.glob(f"{_PREFIX}*{_SUFFIX}"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError as exc:
        # Only a cost: the next run builds the matcher again.
        log.warning("cannot store the triage matcher cache in %s: %s", folder, exc)
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)


def cached_matcher(sets: Sequence[CueSet], folder: Path) -> Matcher:
    """The matcher of ``sets``: loaded from ``folder`` when a good copy is there, else built
    and stored there (``folder``'s parent must exist; nothing else is created)."""
    key = cache_key(sets)
    path = folder / f"{_PREFIX}{key[:32]}{_SUFFIX}"
    found = _read(path, key)
    if found is not None:
        return found
    state = matcher_state(sets)
    codes = {pattern: _code(pattern) for pattern in state.regexes()}
    _write(folder, path, marshal.dumps((key, tuple(state), codes)))
    return _matcher(state, codes)
