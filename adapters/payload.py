"""Reading a network's JSON body into text every later step can store and show.

JSON may legally carry lone UTF-16 surrogates (``"\\ud800"``) and a body may hold invalid
UTF-8; Python keeps both as lone surrogates in ``str``, which SQLite refuses to store (a crash
in the middle of a sync) and a terminal cannot show. Each becomes U+FFFD here, once, for every
network, so nothing downstream meets them.
"""

from __future__ import annotations

import json
import re
from typing import Any

_ESCAPED_SURROGATE = re.compile(rb"\\u[dD][89a-fA-F]")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


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
