"""Remote ids and links of demo posts, shaped like each real network's.

Mastodon-side posts get short readable ids ("m-000123" for mentions, "b-…" brand posts, "p-…"
bystanders' posts, "s-…" replies sent through the adapter) and a link whose number is a real
Mastodon-style snowflake (milliseconds << 16 | sequence). Bluesky-side posts get AT URIs whose
record key is a TID minted from the post's time, as the real network does.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from adapters.records import Author, Platform
from adapters.tid import decode_tid, encode_tid, is_tid

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_POST_PATH = "/app.bsky.feed.post/"
LIVE_PREFIX = "m-live-"


@dataclass(frozen=True, slots=True)
class PostAddress:
    """A post's remote id and its web link."""

    remote_id: str
    url: str


def micros(when: datetime) -> int:
    """Microseconds since the Unix epoch (``when`` is timezone-aware)."""
    return (when - _EPOCH) // timedelta(microseconds=1)


def from_micros(value: int) -> datetime:
    """The UTC time ``value`` microseconds after the Unix epoch."""
    return _EPOCH + timedelta(microseconds=value)


def brand_tag(platform: Platform) -> str:
    """How a customer writes the brand's handle in a post on ``platform``."""
    return "@fernbrook" if platform is Platform.MASTODON else "@fernbrook.demo.bsky"


def address(
    platform: Platform, author: Author, created_at: datetime, local_id: str, serial: int
) -> PostAddress:
    """The address of a post: ``local_id`` on Mastodon, an AT URI on Bluesky.

    ``serial`` makes posts at the same instant distinct (the snowflake's sequence bits, the
    TID's clock id).
    """
    if platform is Platform.MASTODON:
        snowflake = ((micros(created_at) // 1000) << 16) | (serial & 0xFFFF)
        return PostAddress(local_id, f"{author.url}/{snowflake}")
    rkey = encode_tid(micros(created_at), serial & 0x3FF)
    profile = f"https://bsky.app/profile/{author.handle}"
    return PostAddress(f"at://{author.remote_id}{_POST_PATH}{rkey}", f"{profile}/post/{rkey}")


def live_address(platform: Platform, author: Author, created_at: datetime, k: int) -> PostAddress:
    """The address of live-stream mention number ``k``."""
    return address(platform, author, created_at, f"{LIVE_PREFIX}{k:06d}", k)


def bluesky_time(remote_id: str) -> datetime | None:
    """When a demo Bluesky post was made, read from its record key; ``None`` if not a post URI."""
    if not remote_id.startswith("at://") or _POST_PATH not in remote_id:
        return None
    rkey = remote_id.rsplit("/", 1)[1]
    if not is_tid(rkey):
        return None
    return from_micros(decode_tid(rkey)[0])


def mastodon_live_index(remote_id: str) -> int | None:
    """``k`` of a Mastodon-side live mention id ("m-live-000042"), else ``None``."""
    if not remote_id.startswith(LIVE_PREFIX):
        return None
    digits = remote_id[len(LIVE_PREFIX) :]
    return int(digits) if digits.isdigit() and digits.isascii() else None
