"""AT Protocol TIDs (timestamp identifiers), the record keys Bluesky posts must use.

A TID is a 64-bit integer written as 13 characters of "base32-sortable": the top bit is 0, the
next 53 bits are microseconds since the Unix epoch and the last 10 bits a clock identifier.
ReplyDesk derives a reply's record key from its outbox row, so a retried send writes the very
same record (``putRecord`` is idempotent on the key) and can never make a second post.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

ALPHABET = "234567abcdefghijklmnopqrstuvwxyz"
TID_LENGTH = 13
_TID_RE = re.compile(r"^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$")
# The store's idempotency keys: "rd-<unix micros>-<12 hex>" (see store/outbox).
_KEY_RE = re.compile(r"^rd-(\d{1,16})-([0-9a-fA-F]{12})$")
_MAX_MICROS = (1 << 53) - 1
_CLOCK_MASK = (1 << 10) - 1
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def encode_tid(micros: int, clock_id: int) -> str:
    """The TID for ``micros`` since the epoch and a 10-bit ``clock_id``."""
    if not 0 <= micros <= _MAX_MICROS:
        raise ValueError(f"TID timestamp out of range: {micros}")
    if not 0 <= clock_id <= _CLOCK_MASK:
        raise ValueError(f"TID clock id out of range: {clock_id}")
    value = (micros << 10) | clock_id
    chars = []
    for _ in range(TID_LENGTH):
        chars.append(ALPHABET[value & 31])
        value >>= 5
    return "".join(reversed(chars))


def decode_tid(tid: str) -> tuple[int, int]:
    """``(micros, clock_id)`` of a valid TID; ``ValueError`` otherwise."""
    if not is_tid(tid):
        raise ValueError(f"not a TID: {tid!r}")
    value = 0
    for char in tid:
        value = (value << 5) | ALPHABET.index(char)
    if value >> 63:
        raise ValueError(f"TID has its top bit set: {tid!r}")
    return value >> 10, value & _CLOCK_MASK


def is_tid(s: str) -> bool:
    """Whether ``s`` has the syntax of a TID (13 base32-sortable characters)."""
    return bool(_TID_RE.match(s))


def tid_from_key(idempotency_key: str) -> str:
    """The record key for the outbox row whose idempotency key is ``idempotency_key``.

    Keys look like ``rd-<unix_micros>-<12 hex>``: the TID's timestamp is those microseconds
    (when the row was queued) and its clock id the low 10 bits of the hex, so the result is
    valid, deterministic and time-ordered. Any other key raises ``ValueError``: inventing a
    timestamp for it (e.g. from a hash) would make a plausible but false record key.
    """
    match = _KEY_RE.match(idempotency_key)
    if match is None:
        raise ValueError(
            f"idempotency key {idempotency_key!r} is not of the form 'rd-<unix_micros>-<12 hex>'"
        )
    micros = int(match.group(1))
    if micros > _MAX_MICROS:
        raise ValueError(f"idempotency key {idempotency_key!r} has an impossible timestamp")
    return encode_tid(micros, int(match.group(2), 16) & _CLOCK_MASK)


def tid_datetime(tid: str) -> datetime:
    """When a TID was minted (UTC, microsecond precision)."""
    micros, _ = decode_tid(tid)
    return _EPOCH + timedelta(microseconds=micros)
