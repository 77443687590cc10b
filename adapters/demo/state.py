"""The demo network's own state file: its seed, its anchor time and every reply posted to it.

The file is the fake server's database, apart from ReplyDesk's cache: replies survive restarts,
so exactly-once sending can be checked across a crash. It is written atomically (a temporary
file in the same folder, then ``os.replace``). A file that cannot be read is never overwritten:
loading raises ``ConfigError`` naming it and saying to delete it to reset the demo.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from adapters.errors import ConfigError
from adapters.records import SentReply

FORMAT = "replydesk-demo-network"
VERSION = 1


@dataclass(frozen=True, slots=True)
class SentRecord:
    """A reply posted through the adapter, with the account and idempotency key it came with."""

    account_id: str
    idempotency_key: str
    reply: SentReply


@dataclass(slots=True)
class DemoState:
    """What the demo network remembers between runs."""

    seed: int
    anchor: datetime
    sent: list[SentRecord] = field(default_factory=list)


class _Invalid(Exception):
    """Why the file's content is not a demo state (turned into ``ConfigError``)."""


def _unreadable(path: Path, why: str) -> ConfigError:
    return ConfigError(
        f"The demo network's state file {path} is unreadable ({why}). "
        "Delete it to reset the demo network; ReplyDesk will make a fresh one.",
        "Demo network state unreadable",
    )


def _string(obj: dict[str, Any], key: str) -> str:
    value = obj.get(key)
    if not isinstance(value, str):
        raise _Invalid(f"'{key}' is not a string")
    return value


def _time(obj: dict[str, Any], key: str) -> datetime:
    try:
        value = datetime.fromisoformat(_string(obj, key))
    except ValueError as exc:
        raise _Invalid(f"'{key}' is not an ISO time") from exc
    if value.tzinfo is None:
        raise _Invalid(f"'{key}' has no time zone")
    return value


def _sent(item: object) -> SentRecord:
    if not isinstance(item, dict):
        raise _Invalid("a sent reply is not an object")
    reply = SentReply(
        remote_id=_string(item, "remote_id"),
        in_reply_to_id=_string(item, "in_reply_to_id"),
        text=_string(item, "text"),
        created_at=_time(item, "created_at"),
        url=_string(item, "url"),
    )
    return SentRecord(_string(item, "account_id"), _string(item, "idempotency_key"), reply)


def _parse(raw: object) -> DemoState:
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise _Invalid("not a demo network state")
    if raw.get("version") != VERSION:
        raise _Invalid(f"version {raw.get('version')!r}, expected {VERSION}")
    seed = raw.get("seed")
    if not isinstance(seed, int) or isinstance(seed, bool):
        raise _Invalid("'seed' is not an integer")
    sent = raw.get("sent")
    if not isinstance(sent, list):
        raise _Invalid("'sent' is not a list")
    return DemoState(seed, _time(raw, "anchor"), [_sent(item) for item in sent])


def load_state(path: Path) -> DemoState | None:
    """The state stored at ``path``; ``None`` if there is no file yet."""
    try:
        text = path.read_text(encoding="utf-8")
    except (FileNotFoundError, NotADirectoryError):
        return None  # no state yet (saving will say if the folder cannot be made)
    except (OSError, UnicodeDecodeError) as exc:
        raise _unreadable(path, str(exc)) from exc
    try:
        return _parse(json.loads(text))
    except json.JSONDecodeError as exc:
        raise _unreadable(path, f"not JSON: {exc}") from exc
    except _Invalid as exc:
        raise _unreadable(path, str(exc)) from exc


def _dump(state: DemoState) -> str:
    sent = [
        {
            "account_id": record.account_id,
            "idempotency_key": record.idempotency_key,
            "remote_id": record.reply.remote_id,
            "in_reply_to_id": record.reply.in_reply_to_id,
            "text": record.reply.text,
            "created_at": record.reply.created_at.isoformat(),
            "url": record.reply.url,
        }
        for record in state.sent
    ]
    document = {
        "format": FORMAT,
        "version": VERSION,
        "seed": state.seed,
        "anchor": state.anchor.isoformat(),
        "sent": sent,
    }
    return json.dumps(document, indent=1) + "\n"


def save_state(path: Path, state: DemoState) -> None:
    """Write ``state`` to ``path`` atomically; ``ConfigError`` if the folder is not writable."""
    text = _dump(state)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise ConfigError(
            f"The demo network cannot save its state in {path.parent}: {exc}",
            "Demo network state not saved",
        ) from exc
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        # Never leave a half-written temporary file behind, whatever interrupted the write.
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        if isinstance(exc, OSError):
            raise ConfigError(
                f"The demo network cannot save its state to {path}: {exc}",
                "Demo network state not saved",
            ) from exc
        raise
