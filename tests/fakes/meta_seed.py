"""The fake Graph API's starting state, built from the recorded Meta answers.

The recorded comments, messages and Instagram comments (tests/fixtures/meta/) are kept as they
are except for their times, which are moved by one fixed amount so the newest lands an hour
before the test clock (the first sync reads two weeks back). A few objects the recordings lack
are added in the same shapes: a Page reply, a comment whose author hides their name (no
``from``), a second conversation whose 24 h window has closed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).parent.parent / "fixtures" / "meta"
PAGE_ID = "2121008874780932"  # "MyLife", the library author's test Page in the recordings
PAGE_NAME = "MyLife"
IG_ID = "17841406338772941"  # its Instagram business account, "ikroskun"
IG_NAME = "ikroskun"
POST_ID = f"{PAGE_ID}_2498598377021978"
MEDIA_ID = "17846368219941692"
FAN_ID = "2711636948859886"  # Kun Liu, author of most recorded comments and the message
CONVERSATION = "t_587956915396498"
OLD_CONVERSATION = "t_233782918546745"


def fixture(name: str) -> Any:
    """A recorded body from tests/fixtures/meta/."""
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def graph_time(when: datetime) -> str:
    """A time as Graph writes it: ``2021-08-10T18:45:03+0000``."""
    return when.strftime("%Y-%m-%dT%H:%M:%S+0000")


def parse_time(text: str) -> datetime:
    """A Graph time back to an aware datetime."""
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S%z")


@dataclass
class Comment:
    """A Facebook or Instagram comment (``parent`` set on replies)."""

    id: str
    object_id: str  # the post or media it is under
    text: str
    created: datetime
    author: dict[str, str] | None  # {"id","name"} (FB) / {"id","username"} (IG); None: hidden
    parent: str | None = None
    instagram: bool = False
    extra: dict[str, Any] = field(default_factory=dict)  # fields passed through (attachment…)
    private_replied: bool = False


@dataclass
class Message:
    """One Messenger or Instagram direct message."""

    id: str
    text: str
    created: datetime
    sender: dict[str, str]  # {"id","name"}
    attachments: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Conversation:
    """A conversation between the Page and one person, newest message last."""

    id: str
    platform: str
    person: dict[str, str]
    messages: list[Message]

    @property
    def updated(self) -> datetime:
        return self.messages[-1].created


@dataclass
class Seed:
    """Everything the fake serves."""

    posts: list[dict[str, Any]]
    comments: list[Comment]
    conversations: list[Conversation]
    media: list[dict[str, Any]]


def seed(now: datetime) -> Seed:
    """The starting state, the newest recorded item an hour before ``now``."""
    fb = fixture("fb_post_comments_toplevel_p1.json")["data"]
    fb += fixture("fb_post_comments_toplevel_p2.json")["data"]
    shift = now - timedelta(hours=1) - parse_time(fb[-1]["created_time"])
    comments = [
        Comment(
            c["id"],
            POST_ID,
            c["message"],
            parse_time(c["created_time"]) + shift,
            c["from"],
            extra={k: c[k] for k in ("attachment", "permalink_url") if k in c},
        )
        for c in fb
    ]
    first = comments[0]
    comments += [
        Comment(
            "2498598377021978_9000000000000001",
            POST_ID,
            "Thanks! Glad you like it.",
            first.created + timedelta(minutes=5),
            {"id": PAGE_ID, "name": PAGE_NAME},
            parent=first.id,
        ),
        Comment(
            "2498598377021978_9000000000000002",
            POST_ID,
            "My order arrived broken, who do I talk to?",
            first.created + timedelta(minutes=9),
            {"id": "2493785114046685", "name": "杨佳名"},
            parent=first.id,
        ),
        Comment(
            "2498598377021978_9000000000000003",
            POST_ID,
            "Is the shop open on Sunday?",
            now - timedelta(minutes=50),
            None,  # the person's privacy settings hide them from the Page
        ),
    ]
    comments.sort(key=lambda c: c.created)
    post = {
        "id": POST_ID,
        "message": "Our new autumn menu is here",
        "created_time": graph_time(comments[0].created - timedelta(hours=2)),
        "permalink_url": "https://www.facebook.com/2121008874780932/posts/2498598377021978/",
    }
    recorded = fixture("messenger_message.json")  # attachment-only, from the fan
    fan = {"id": FAN_ID, "name": recorded["from"]["name"]}
    conversation = Conversation(
        CONVERSATION,
        "messenger",
        fan,
        [
            Message(
                "m_fake_hello",
                "hello, is my table for 4 still booked?",
                now - timedelta(hours=3, minutes=5),
                fan,
            ),
            Message(
                recorded["id"], "", now - timedelta(hours=3), fan, recorded["attachments"]["data"]
            ),
        ],
    )
    stale = Conversation(
        OLD_CONVERSATION,
        "messenger",
        {"id": "2914751872073291", "name": "Old Friend"},
        [
            Message(
                "m_fake_old",
                "hehe, thanks for yesterday",
                now - timedelta(hours=30),
                {"id": "2914751872073291", "name": "Old Friend"},
            )
        ],
    )
    ig = fixture("ig_media_comments_p1.json")["data"] + fixture("ig_media_comments_p2.json")["data"]
    ig_shift = now - timedelta(hours=2) - parse_time(ig[0]["timestamp"])
    ig_comments = [
        Comment(
            c["id"],
            MEDIA_ID,
            c["text"],
            parse_time(c["timestamp"]) + ig_shift,
            {"id": f"178414000000000{n:02d}", "username": f"fan_{n}"},
            instagram=True,
        )
        for n, c in enumerate(ig)
    ]
    replies = fixture("ig_comment_replies_fields_p1.redacted.json")["data"]
    newest = ig_comments[0]
    for n, r in enumerate(reversed(replies)):
        who = {"id": r.get("user", {}).get("id", f"1784100000000099{n}"), "username": r["username"]}
        ig_comments.append(
            Comment(
                r["id"],
                MEDIA_ID,
                r["text"],
                newest.created + timedelta(minutes=10 + n),
                who,
                parent=newest.id,
                instagram=True,
            )
        )
    media = {
        "id": MEDIA_ID,
        "caption": "Cute.. #cute #loveyou  @ikroskun",
        "timestamp": graph_time(ig_comments[-1].created - timedelta(days=1)),
        "permalink": "https://www.instagram.com/p/B8gQCApHMT-/",
    }
    return Seed([post], comments + ig_comments, [conversation, stale], [media])
