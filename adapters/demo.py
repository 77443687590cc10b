"""The demo adapter: ReplyDesk's ``Adapter`` over the embedded demo network.

The app runs fully with no account and no network, and the test suite drives the whole app
through it. Two accounts share one ``DemoNetwork``: a Mastodon-like one (500 characters) and a
Bluesky-like one (300 graphemes). ``DemoFaults`` makes a send fail before or after the network
records it, to test exactly-once sending; ``send`` honours idempotency keys like Mastodon's
``Idempotency-Key`` header, while ``reconcile`` reads the thread like a server without it.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass

import grapheme

from adapters.demo_network import DEMO_SEED, DemoNetwork
from adapters.demo_people import BRAND_BLUESKY_HANDLE, BRAND_MASTODON_HANDLE, brand_author
from adapters.demo_posts import DemoPost
from adapters.demo_voice import BRAND_NAME
from adapters.errors import ConfigError, Gone, Rejected
from adapters.records import (
    Account,
    Limits,
    Mention,
    OutgoingReply,
    Platform,
    PullBatch,
    SentReply,
    ThreadPost,
    default_limits,
)

__all__ = [
    "DEMO_SEED",
    "DemoAdapter",
    "DemoFaults",
    "DemoNetwork",
    "demo_accounts",
    "demo_platform",
]

_MASTODON_ACCOUNT = Account(
    id="demo:mastodon",
    network="demo",
    handle=BRAND_MASTODON_HANDLE,
    display_name=BRAND_NAME,
    server="demo://mastodon",
)
_BLUESKY_ACCOUNT = Account(
    id="demo:bluesky",
    network="demo",
    handle=BRAND_BLUESKY_HANDLE,
    display_name=BRAND_NAME,
    server="demo://bluesky",
)
_PLATFORMS = {_MASTODON_ACCOUNT.id: Platform.MASTODON, _BLUESKY_ACCOUNT.id: Platform.BLUESKY}
_URL = re.compile(r"https?://\S+")


def demo_accounts() -> tuple[Account, Account]:
    """The brand's two demo accounts: Mastodon-like first, then Bluesky-like."""
    return (_MASTODON_ACCOUNT, _BLUESKY_ACCOUNT)


def demo_platform(account: Account) -> Platform:
    """Which side of the demo network ``account`` lives on; ``ConfigError`` if not a demo one."""
    platform = _PLATFORMS.get(account.id)
    if platform is None or account.network != "demo":
        raise ConfigError(
            f"{account.id!r} is not a demo account (expected demo:mastodon or demo:bluesky)."
        )
    return platform


@dataclass
class DemoFaults:
    """Failures to inject into ``send``, for tests of exactly-once sending.

    ``before_post`` is raised before the network records the reply (nothing is posted);
    ``after_post`` after it is recorded (posted, but the caller cannot know).
    """

    before_post: BaseException | None = None
    after_post: BaseException | None = None


def _too_long(platform: Platform, text: str) -> str | None:
    """Why the network would refuse ``text`` as too long, or ``None``."""
    limits = default_limits(platform)
    if platform is Platform.MASTODON:
        # Mastodon counts every link as 23 characters, whatever its length.
        length = len(_URL.sub("x" * (limits.url_chars or 23), text))
        if limits.max_chars is not None and length > limits.max_chars:
            return f"{length} characters, the limit is {limits.max_chars}"
        return None
    graphemes = int(grapheme.length(text))
    if limits.max_graphemes is not None and graphemes > limits.max_graphemes:
        return f"{graphemes} graphemes, the limit is {limits.max_graphemes}"
    size = len(text.encode("utf-8"))
    if limits.max_bytes is not None and size > limits.max_bytes:
        return f"{size} bytes, the limit is {limits.max_bytes}"
    return None


class DemoAdapter:
    """One demo account on the demo network (implements ``adapters.base.Adapter``).

    ``latency`` (seconds) is slept on every call that would be a round trip, so the UI's
    progress states can be seen; ``send`` sleeps half before and half after recording.
    """

    def __init__(
        self,
        account: Account,
        network: DemoNetwork,
        *,
        latency: float = 0.0,
        faults: DemoFaults | None = None,
    ) -> None:
        self.account = account
        self.network = network
        self.platform = demo_platform(account)
        self.latency = max(0.0, latency)
        self.faults = faults if faults is not None else DemoFaults()

    async def whoami(self) -> Account:
        """The account (reading the network's state, so a corrupt file shows at once)."""
        await asyncio.sleep(self.latency)
        self.network.ensure_ready()
        return self.account

    def _mention(self, post: DemoPost) -> Mention:
        answered = self.network.answered(post.remote_id)
        meta = {
            key: value
            for key, value in (
                ("root", post.root_id),
                ("parent", post.in_reply_to_id),
                ("quoted", post.quoted_id),
            )
            if value is not None
        }
        return Mention(
            account_id=self.account.id,
            remote_id=post.remote_id,
            platform=self.platform,
            author=post.author,
            text=post.text,
            created_at=post.created_at,
            url=post.url,
            kind=post.kind,
            visibility=post.visibility,
            in_reply_to_id=post.in_reply_to_id,
            thread_root_id=post.root_id,
            content_warning=post.content_warning,
            language=post.language,
            attachments=post.attachments,
            answered_at=answered[0] if answered else None,
            answered_by=answered[1] if answered else "",
            meta=meta,
        )

    async def pull(self, cursor: str | None) -> PullBatch:
        """The next page (up to 100) of this account's mentions that exist by now."""
        await asyncio.sleep(self.latency)
        posts, next_cursor, more = self.network.page(self.platform, cursor)
        return PullBatch(tuple(self._mention(p) for p in posts), next_cursor, more)

    def _post(self, remote_id: str) -> DemoPost:
        post = self.network.find(self.platform, remote_id)
        if post is None:
            raise Gone(
                f"The post {remote_id} does not exist on the demo network "
                f"({self.platform.value} side)."
            )
        return post

    async def thread(self, mention: Mention) -> tuple[ThreadPost, ...]:
        """Parents oldest first (a quoted post counts as one), the mention, the brand's replies."""
        await asyncio.sleep(self.latency)
        post = self._post(mention.remote_id)
        posts = [
            ThreadPost(
                p.remote_id,
                p.author,
                p.text,
                p.created_at,
                is_brand=p.is_brand,
                in_reply_to_id=p.in_reply_to_id,
            )
            for p in self.network.inbox.parents(post)
        ]
        posts.append(
            ThreadPost(
                post.remote_id,
                post.author,
                post.text,
                post.created_at,
                is_focus=True,
                in_reply_to_id=post.in_reply_to_id,
            )
        )
        brand = brand_author(self.platform)
        posts += [
            ThreadPost(
                r.remote_id,
                brand,
                r.text,
                r.created_at,
                is_brand=True,
                in_reply_to_id=r.in_reply_to_id,
            )
            for r in self.network.replies_to(post.remote_id)
        ]
        return tuple(posts)

    async def send(self, reply: OutgoingReply, idempotency_key: str) -> SentReply:
        """Post ``reply``; the same key returns the reply already posted and posts nothing."""
        await asyncio.sleep(self.latency / 2)
        if self.faults.before_post is not None:
            raise self.faults.before_post
        if reply.account_id != self.account.id:
            raise Rejected(f"This reply was written for {reply.account_id}, not {self.account.id}.")
        if not reply.text.strip():
            raise Rejected("The demo network refuses an empty reply.")
        why = _too_long(self.platform, reply.text)
        if why is not None:
            raise Rejected(f"The reply is too long for {self.platform.value}: {why}.")
        parent = self._post(reply.mention.remote_id)
        sent = self.network.record_reply(self.account.id, parent, reply.text, idempotency_key)
        await asyncio.sleep(self.latency / 2)
        if self.faults.after_post is not None:
            raise self.faults.after_post
        return sent

    async def reconcile(self, reply: OutgoingReply, idempotency_key: str) -> SentReply | None:
        """The brand's reply to the same post with the same text, if there is one (the key is
        ignored, as on servers without idempotency support)."""
        await asyncio.sleep(self.latency)
        post = self._post(reply.mention.remote_id)
        for sent in self.network.replies_to(post.remote_id):
            if sent.text == reply.text:
                return sent
        return None

    async def limits(self) -> Limits:
        """Mastodon's default 500 characters, or Bluesky's 300 graphemes."""
        return default_limits(self.platform)

    async def aclose(self) -> None:
        """Nothing to release: the network lives in this process."""
