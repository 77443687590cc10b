"""Typed reads of a network's JSON answers, shared by every network's transport: any mismatch
is ``BadPayload`` naming the field (what a person sees, and what a skipped item records)."""

from __future__ import annotations

from adapters.errors import BadPayload

JsonObject = dict[str, object]


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
