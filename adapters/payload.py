"""Reading a network's JSON body into text every later step can store and show, and the typed
reads of its fields (any mismatch is ``BadPayload`` naming the field).

JSON may legally carry lone UTF-16 surrogates (``"\\ud800"``) and a body may hold invalid
UTF-8; Python keeps both as lone surrogates in ``str``, which SQLite refuses to store (a crash
in the middle of a sync) and a terminal cannot show. Each becomes U+FFFD here, once, for every
network, so nothing downstream meets them.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any

from adapters.errors import BadPayload

_ESCAPED_SURROGATE = re.compile(rb"\\u[dD][89a-fA-F]")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")

JsonObject = dict[str, object]


def read_json(content: bytes) -> Any:
    """``content`` parsed as JSON, with every lone surrogate replaced (``ValueError`` if it is
    not JSON)."""
    body = json.loads(content.decode("utf-8", errors="replace"))
    if _ESCAPED_SURROGATE.search(content) is None:
        return body  # the common case: no escape could have made a surrogate
    return _mend(body)


def mend_text(text: str) -> str:
    """``text`` with valid surrogate pairs joined and lone surrogates replaced by U+FFFD."""
    if _LONE_SURROGATE.search(text) is None:
        return text
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def _mend(value: Any) -> Any:
    if isinstance(value, str):
        return mend_text(value)
    if isinstance(value, list):
        return [_mend(item) for item in value]
    if isinstance(value, dict):
        return {mend_text(key): _mend(item) for key, item in value.items()}
    return value


def read_obj(value: object, what: str) -> JsonObject:
    """``value`` as a JSON object, else ``BadPayload`` naming ``what``."""
    if not isinstance(value, dict):
        raise BadPayload(f"{what} is not an object")
    return value


def read_str(obj: JsonObject, key: str) -> str:
    """A required, non-empty text field."""
    value = obj.get(key)
    if not isinstance(value, str) or not value:
        raise BadPayload(f"'{key}' is missing or not text")
    return value


def read_opt_str(obj: JsonObject, key: str) -> str:
    """An optional text field: anything but a string reads as empty."""
    value = obj.get(key)
    return value if isinstance(value, str) else ""


def read_time(obj: JsonObject, key: str) -> datetime:
    """A required ISO 8601 time, as aware UTC (a zoneless time is taken as UTC)."""
    try:
        when = datetime.fromisoformat(read_str(obj, key))
        return (when if when.tzinfo else when.replace(tzinfo=UTC)).astimezone(UTC)
    except (ValueError, OverflowError) as exc:  # year 1 at +14:00 overflows into UTC
        raise BadPayload(f"'{key}' is not a date") from exc


def read_list(obj: JsonObject, key: str) -> list[object]:
    """An optional list field: absent or null reads as empty, anything else is an error."""
    value = obj.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise BadPayload(f"'{key}' is not a list")
    return value
