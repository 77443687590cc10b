"""The opaque cursor of a Meta account: where each listing stopped, as one JSON string.

Meta has no single notification feed to resume from: each Page post's comment stream has its
own ``after`` cursor, conversations are listed by ``updated_time`` and Instagram comments come
newest first. The cursor keeps all three; an unreadable one starts a first sync again (mentions
are upserted by id, so reading twice never duplicates).
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from datetime import datetime

log = logging.getLogger(__name__)

MAX_POSTS = 50  # comment cursors kept (the newest posts'); older posts fall out of the window


@dataclass
class PullState:
    """Where the last pull stopped."""

    comments: dict[str, str] = field(default_factory=dict)  # post id → after cursor
    messages_since: datetime | None = None  # newest conversation update read
    instagram_since: datetime | None = None  # newest Instagram comment read
    tags_since: datetime | None = None  # newest post read that tags the Instagram account
    first: bool = True  # no pull has completed yet

    def encode(self) -> str:
        """The cursor string the store keeps."""
        kept = dict(list(self.comments.items())[-MAX_POSTS:])
        return json.dumps(
            {
                "v": 1,
                "comments": kept,
                "messages_since": self.messages_since.isoformat() if self.messages_since else None,
                "instagram_since": self.instagram_since.isoformat()
                if self.instagram_since
                else None,
                "tags_since": self.tags_since.isoformat() if self.tags_since else None,
            },
            separators=(",", ":"),
        )


def _when(value: object) -> datetime | None:
    return datetime.fromisoformat(value) if isinstance(value, str) and value else None


def decode(cursor: str | None) -> PullState:
    """The state a cursor holds (a fresh state for ``None`` or anything unreadable)."""
    if not cursor:
        return PullState()
    try:
        raw = json.loads(cursor)
        comments = raw["comments"]
        if raw.get("v") != 1 or not isinstance(comments, dict):
            raise ValueError("unknown cursor version")
        return PullState(
            {str(k): str(v) for k, v in comments.items()},
            _when(raw.get("messages_since")),
            _when(raw.get("instagram_since")),
            _when(raw.get("tags_since")),  # absent in cursors written before tags were read
            first=False,
        )
    except (ValueError, KeyError, TypeError) as exc:
        log.warning("Unreadable Meta cursor (%s): reading the first-sync window again", exc)
        return PullState()
