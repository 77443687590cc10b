"""TIDs: the record keys of Bluesky posts, derived deterministically from outbox keys."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from adapters.tid import decode_tid, encode_tid, is_tid, tid_datetime, tid_from_key
from tests.fakes.bluesky import load

MAX_MICROS = (1 << 53) - 1


@pytest.mark.parametrize(
    ("tid", "created"),
    [
        # rkeys the real PDS minted, next to the createdAt/indexedAt recorded with them.
        ("3n2wpruwtxk2n", "2026-11-22T22:59:57.716Z"),
        ("3k4duaz5vfs2b", "2023-08-07T05:31:12.156888Z"),
    ],
)
def test_recorded_tids_decode_to_their_time_and_round_trip(tid: str, created: str) -> None:
    micros, clock_id = decode_tid(tid)
    assert encode_tid(micros, clock_id) == tid
    recorded = datetime.fromisoformat(created)
    assert abs((tid_datetime(tid) - recorded).total_seconds()) < 1


def test_the_recorded_reply_rkey_is_a_tid_and_a_non_tid_was_refused() -> None:
    first = load("local-pds/putRecord-reply-first.json")
    assert is_tid(first["uri"].rsplit("/", 1)[1])
    refused = load("local-pds/error-putRecord-non-tid-rkey.json")
    assert refused["error"] == "InvalidRequest"
    assert not is_tid("replydesk-1")


def test_key_gives_the_queue_time_and_a_clock_id_from_its_hex() -> None:
    micros = 1_795_388_400_106_626
    tid = tid_from_key(f"rd-{micros}-0000000003ff")
    assert decode_tid(tid) == (micros, 0x3FF)
    assert tid_datetime(tid) == datetime(2026, 11, 22, 23, 0, 0, 106626, tzinfo=UTC)
    assert tid_from_key(f"rd-{micros}-0000000003FF") == tid


@given(
    micros=st.integers(0, MAX_MICROS), clock=st.text("0123456789abcdef", min_size=12, max_size=12)
)
def test_any_store_key_gives_a_valid_deterministic_tid(micros: int, clock: str) -> None:
    key = f"rd-{micros}-{clock}"
    tid = tid_from_key(key)
    assert len(tid) == 13
    assert tid[0] in "234567abcdefghij"
    assert is_tid(tid)
    assert tid_from_key(key) == tid
    assert decode_tid(tid)[0] == micros


@given(a=st.integers(0, MAX_MICROS), b=st.integers(0, MAX_MICROS))
def test_tids_sort_as_their_timestamps(a: int, b: int) -> None:
    first, second = encode_tid(a, 0), encode_tid(b, 0)
    assert (first < second) == (a < b)


def test_different_clock_hex_gives_different_keys_for_the_same_instant() -> None:
    assert tid_from_key("rd-1700000000000000-000000000001") != tid_from_key(
        "rd-1700000000000000-000000000002"
    )


@pytest.mark.parametrize(
    "key",
    [
        "",
        "replydesk-1",
        "rd-abc-0123456789ab",
        "rd-1700000000000000-0123456789a",  # 11 hex digits
        "rd-1700000000000000-0123456789abc",
        "rd-1700000000000000-0123456789ag",
        f"rd-{1 << 53}-0123456789ab",  # beyond a TID's 53-bit clock
        "3n2wprx6z64tc",
    ],
)
def test_other_keys_are_refused_rather_than_given_an_invented_time(key: str) -> None:
    with pytest.raises(ValueError, match="idempotency key"):
        tid_from_key(key)


@pytest.mark.parametrize(
    "text",
    ["", "3n2wprx6z64t", "3n2wprx6z64tcc", "kn2wprx6z64tc", "3N2WPRX6Z64TC", "1n2wprx6z64tc"],
)
def test_is_tid_refuses_wrong_length_alphabet_or_first_character(text: str) -> None:
    assert not is_tid(text)
    with pytest.raises(ValueError, match="TID"):
        decode_tid(text)


def test_encode_refuses_out_of_range_parts() -> None:
    with pytest.raises(ValueError, match="timestamp"):
        encode_tid(1 << 53, 0)
    with pytest.raises(ValueError, match="clock"):
        encode_tid(0, 1024)
