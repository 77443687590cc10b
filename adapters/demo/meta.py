"""The demo's Facebook/Instagram side: a Page with comments, Instagram comments and Messenger
messages whose 24 h reply windows are open, closing and closed.

A third demo account ("demo:facebook") next to the Mastodon- and Bluesky-like ones: a fixed,
small inbox placed relative to the demo network's anchor (its first use), so the windows close
as the demo's clock moves on ("window closes in 2 h" becomes "window closed" while it runs).
Replies are kept in memory for the thread; the store remembers them across restarts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from adapters.demo.http import DemoNetwork
from adapters.demo.small import SmallInbox
from adapters.demo.voice import BRAND_NAME
from adapters.errors import Gone, Rejected
from adapters.records import (
    FACEBOOK_LIMITS,
    Account,
    Author,
    Limits,
    Mention,
    MentionKind,
    OutgoingReply,
    Platform,
    PullBatch,
    SentReply,
    ThreadPost,
    Visibility,
)
from adapters.reply_window import WINDOW_KEY, WINDOW_RULE_KEY, closed_reason

DM_WINDOW = timedelta(hours=24)
DM_RULE = "Meta lets a Page answer within 24 hours of the person's last message"
POST_TEXT = "Our autumn blend is back: cinnamon, fig and a little smoke. 🍂"
_CURSOR_TAG = "demometa1"
_BRAND = Author("100200300400500", BRAND_NAME, BRAND_NAME)


@dataclass(frozen=True, slots=True)
class _Item:
    """One generated comment or message: (how long before the anchor, who, what, where)."""

    ago: timedelta
    name: str
    text: str
    platform: Platform
    direct: bool = False


_ITEMS = (
    _Item(
        timedelta(hours=30),
        "Marta Kowalska",
        "Thanks again for the tasting evening, we loved it! See you next week",
        Platform.FACEBOOK,
        True,
    ),
    _Item(
        timedelta(hours=22),
        "Jonas Weber",
        "Hi! Can I still change the grind on my subscription before Friday?",
        Platform.FACEBOOK,
        True,
    ),
    _Item(
        timedelta(hours=9),
        "lena.brews",
        "Is the autumn blend available in 1 kg bags?",
        Platform.INSTAGRAM,
    ),
    _Item(
        timedelta(hours=6),
        "Priya Nair",
        "Third time my delivery arrived with a torn bag. Beans everywhere. Not happy.",
        Platform.FACEBOOK,
    ),
    _Item(
        timedelta(hours=5),
        "coffee_with_sam",
        "This blend is unreal. Best cup of my week ☕",
        Platform.INSTAGRAM,
    ),
    _Item(timedelta(hours=3), "Tom Okafor", "Do you ship to Ireland?", Platform.FACEBOOK),
    _Item(
        timedelta(hours=2),
        "Aiko Tanaka",
        "The café on Mill Street charged me twice this morning, can you refund one?",
        Platform.FACEBOOK,
        True,
    ),
    _Item(
        timedelta(minutes=40),
        "rosa.morning",
        "why is the shop page down?? trying to order",
        Platform.INSTAGRAM,
        True,
    ),
)


class DemoMetaAdapter(SmallInbox):
    """The demo's Facebook Page with its Messenger inbox and Instagram account."""

    def __init__(self, account: Account, network: DemoNetwork) -> None:
        self.account = account
        self.network = network
        self._sent: list[SentReply] = []

    def _mentions(self) -> list[Mention]:
        anchor = self.network.anchor
        found = []
        for n, item in enumerate(_ITEMS):
            created = anchor - item.ago
            meta = {"channel": "dm" if item.direct else "comment"}
            if item.direct:
                meta[WINDOW_KEY] = (created + DM_WINDOW).isoformat()
                meta[WINDOW_RULE_KEY] = DM_RULE
            handle = f"@{item.name}" if item.platform is Platform.INSTAGRAM else item.name
            found.append(
                Mention(
                    account_id=self.account.id,
                    remote_id=f"{'m' if item.direct else 'c'}_demo_{n:03d}",
                    platform=item.platform,
                    author=Author(f"9{n:014d}", handle, item.name),
                    text=item.text,
                    created_at=created,
                    kind=MentionKind.DIRECT if item.direct else MentionKind.REPLY,
                    visibility=Visibility.DIRECT if item.direct else Visibility.PUBLIC,
                    in_reply_to_id=None if item.direct else "post_demo_autumn",
                    thread_root_id=f"t_demo_{n:03d}" if item.direct else "post_demo_autumn",
                    meta=meta,
                )
            )
        return found

    async def pull(self, cursor: str | None) -> PullBatch:
        """Every generated item after ``cursor`` (they all exist by the anchor)."""
        done = self.delivered(cursor, _CURSOR_TAG)
        now = self.network.clock()
        ready = [m for m in self._mentions() if m.created_at <= now]
        return PullBatch(tuple(ready[done:]), f"{_CURSOR_TAG}:{len(ready)}")

    def _find(self, remote_id: str) -> Mention:
        for mention in self._mentions():
            if mention.remote_id == remote_id:
                return mention
        raise Gone(f"The post {remote_id} does not exist on the demo network (Facebook side).")

    async def thread(self, mention: Mention) -> tuple[ThreadPost, ...]:
        """The post (for a comment), the mention, and the brand's replies to it."""
        found = self._find(mention.remote_id)
        posts = []
        if found.kind is MentionKind.REPLY:
            start = self.network.anchor - timedelta(days=1)
            posts.append(ThreadPost("post_demo_autumn", _BRAND, POST_TEXT, start, is_brand=True))
        posts.append(
            ThreadPost(found.remote_id, found.author, found.text, found.created_at, is_focus=True)
        )
        posts += [
            ThreadPost(
                s.remote_id,
                _BRAND,
                s.text,
                s.created_at,
                is_brand=True,
                in_reply_to_id=found.remote_id,
            )
            for s in self._sent
            if s.in_reply_to_id == found.remote_id
        ]
        return tuple(posts)

    async def send(self, reply: OutgoingReply, idempotency_key: str) -> SentReply:
        """Record the reply; a closed message window refuses it, as Meta does."""
        found = self._find(reply.mention.remote_id)
        reason = closed_reason(found, self.network.clock())
        if reason:
            raise Rejected(reason, "Reply window closed")
        if not reply.text.strip():
            raise Rejected("The demo network refuses an empty reply.")
        sent = SentReply(
            f"r_demo_{len(self._sent) + 1:04d}", found.remote_id, reply.text, self.network.clock()
        )
        self._sent.append(sent)
        return sent

    async def reconcile(self, reply: OutgoingReply, idempotency_key: str) -> SentReply | None:
        """The brand's reply to the same item with the same text, if there is one."""
        return next(
            (
                s
                for s in self._sent
                if s.in_reply_to_id == reply.mention.remote_id and s.text == reply.text
            ),
            None,
        )

    async def limits(self) -> Limits:
        """Facebook's comment length."""
        return FACEBOOK_LIMITS

    async def aclose(self) -> None:
        """Nothing to release."""
