"""The records every network is normalized into."""

from __future__ import annotations

import dataclasses
from types import MappingProxyType

import pytest

from adapters.errors import AuthError, RateLimited, ReplyDeskError
from adapters.records import (
    BLUESKY_LIMITS,
    MASTODON_DEFAULT_LIMITS,
    Author,
    Mention,
    Platform,
    default_limits,
)
from tests.conftest import FROZEN


def test_records_are_frozen_and_meta_is_read_only() -> None:
    mention = Mention(
        "acct",
        "r1",
        Platform.BLUESKY,
        Author("did:x", "x.bsky.social"),
        "hi",
        FROZEN,
        meta=MappingProxyType({"cid": "bafy"}),
    )
    with pytest.raises(dataclasses.FrozenInstanceError):
        mention.text = "changed"  # type: ignore[misc]
    with pytest.raises(TypeError):
        mention.meta["cid"] = "other"  # type: ignore[index]
    assert Mention("acct", "r1", Platform.BLUESKY, mention.author, "hi", FROZEN) == mention


def test_default_limits_per_platform() -> None:
    assert default_limits(Platform.MASTODON) == MASTODON_DEFAULT_LIMITS
    assert (MASTODON_DEFAULT_LIMITS.max_chars, MASTODON_DEFAULT_LIMITS.url_chars) == (500, 23)
    assert default_limits(Platform.BLUESKY) == BLUESKY_LIMITS
    assert (BLUESKY_LIMITS.max_graphemes, BLUESKY_LIMITS.max_bytes) == (300, 3000)


def test_errors_carry_a_title_and_a_message() -> None:
    error = AuthError("Log in again.")
    assert isinstance(error, ReplyDeskError)
    assert (error.title, str(error)) == ("Not logged in", "Log in again.")
    assert RateLimited("wait", retry_after=-5).retry_after == 0
    assert ReplyDeskError("x", title="Custom").title == "Custom"
