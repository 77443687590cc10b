"""The demo's X side: mentions, replies, a quote, DMs and one post X would not let the brand
answer, under X's rules (280 weighted characters, pay-per-use prices, summons).

A fourth demo account ("demo:x") next to the Mastodon-, Bluesky- and Facebook-like ones: a
fixed inbox placed before the demo network's anchor (its first use), then a live arrival every
``LIVE_EVERY`` after it, like the other sides' live streams. Ids are X-style snowflakes (strings,
time in the high bits). One post names the brand without tagging it (``summoned`` is "0" in its
meta, as for a post a search brought in): X refuses a reply to it, and the demo refuses too, so
the composer's warning shows the real rule. Replies are kept in memory for the thread; the store
remembers them across restarts. Nothing here touches the network.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from adapters.demo.http import DemoNetwork
from adapters.demo.small import SmallInbox
from adapters.demo.text import too_long
from adapters.demo.voice import BRAND_NAME
from adapters.errors import Gone, Rejected
from adapters.records import (
    X_LIMITS,
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

LIVE_EVERY = timedelta(minutes=3)
BRAND_HANDLE = "@fernbrookcoffee"
_BRAND = Author("1500000000000000001", BRAND_HANDLE, BRAND_NAME)
_TWEPOCH_MS = 1288834974657  # X's snowflake epoch (2010-11-04)
_CURSOR_TAG = "demox1"
_ANNOUNCEMENT = "Autumn blend is back in the shop: cinnamon, fig and a little smoke. 🍂"
_KINDS = {"m": MentionKind.MENTION, "r": MentionKind.REPLY, "q": MentionKind.QUOTE}


@dataclass(frozen=True, slots=True)
class _Item:
    """One generated post or DM: how long before the anchor, who, what, and how it came."""

    ago: timedelta
    handle: str
    name: str
    text: str
    how: str  # "m" mention, "r" reply to the brand, "q" quote of it, "d" DM, "h" heard only


_ITEMS = (
    _Item(
        timedelta(hours=20),
        "@beanbrain",
        "Bea Novak",
        "@fernbrookcoffee your autumn blend sold out in 2 hours 😭 restock when?",
        "m",
    ),
    _Item(
        timedelta(hours=11),
        "@kenji_pours",
        "Kenji Mori",
        "Order #4411 still says 'preparing' after 6 days. @fernbrookcoffee what is going on?",
        "m",
    ),
    _Item(
        timedelta(hours=8),
        "@latteartlena",
        "Lena Berg",
        "Finally. Best cup of the season ☕🍂",
        "q",
    ),
    _Item(
        timedelta(hours=4),
        "@okafor_t",
        "Tom Okafor",
        "Do the 1 kg bags come whole bean only?",
        "r",
    ),
    _Item(
        timedelta(hours=3),
        "@mayachen",
        "Maya Chen",
        "Hi, I was charged twice for my subscription this month. Can you refund one?",
        "d",
    ),
    _Item(
        timedelta(hours=2),
        "@grumpy_gus",
        "Gus Rivera",
        "fernbrook coffee used to be good. now the bags arrive half empty",
        "h",
    ),
    _Item(
        timedelta(minutes=50),
        "@hana.s",
        "Hana Silva",
        "Is the Mill Street café open on Sunday?",
        "d",
    ),
)
_LIVE = (
    ("@quinn_sips", "Quinn Larsen", "@fernbrookcoffee is the espresso blend ok for moka pots?"),
    ("@ivan.k", "Ivan Kowalski", "@fernbrookcoffee my grinder setting for the autumn blend?"),
    ("@zoe_brews", "Zoe Adeyemi", "Delivery came a day early, thanks @fernbrookcoffee 🙌"),
    ("@raj_p", "Raj Patel", "@fernbrookcoffee the checkout keeps failing on my card, help?"),
)


def snowflake(when: datetime, serial: int) -> str:
    """An X-style id for a post made at ``when`` (milliseconds since X's epoch, shifted)."""
    millis = int(when.astimezone(UTC).timestamp() * 1000) - _TWEPOCH_MS
    return str((millis << 22) | (serial & 0x3FFFFF))


def _author(handle: str, name: str) -> Author:
    numeric = int.from_bytes(handle.encode(), "big") % 10**15
    return Author(str(numeric), handle, name, url=f"https://x.com/{handle.lstrip('@')}")


class DemoXAdapter(SmallInbox):
    """The demo's X account: mentions and DMs in, replies and DM answers out."""

    def __init__(self, account: Account, network: DemoNetwork) -> None:
        self.account = account
        self.network = network
        self._sent: list[SentReply] = []

    @property
    def _announcement(self) -> ThreadPost:
        at = self.network.anchor - timedelta(days=1)
        return ThreadPost(snowflake(at, 0), _BRAND, _ANNOUNCEMENT, at, is_brand=True)

    def _mention(self, serial: int, item: _Item, created: datetime) -> Mention:
        remote_id = snowflake(created, serial)
        author = _author(item.handle, item.name)
        direct = item.how == "d"
        brand_post = self._announcement.remote_id if item.how in "rq" else None
        meta = {"sender_id": author.remote_id} if direct else {"conversation_id": remote_id}
        return Mention(
            account_id=self.account.id,
            remote_id=remote_id,
            platform=Platform.X,
            author=author,
            text=item.text,
            created_at=created,
            url="" if direct else f"{author.url}/status/{remote_id}",
            kind=MentionKind.DIRECT if direct else _KINDS.get(item.how, MentionKind.MENTION),
            visibility=Visibility.DIRECT if direct else Visibility.PUBLIC,
            in_reply_to_id=brand_post if item.how == "r" else None,
            thread_root_id=brand_post or remote_id,
            meta=meta
            | ({"quoted": brand_post} if item.how == "q" and brand_post else {})
            | ({"summoned": "0"} if item.how == "h" else {}),
        )

    def _initial(self) -> list[Mention]:
        anchor = self.network.anchor
        return [self._mention(n, item, anchor - item.ago) for n, item in enumerate(_ITEMS)]

    def _live(self, k: int) -> Mention:
        handle, name, text = _LIVE[k % len(_LIVE)]
        when = self.network.anchor + (k + 1) * LIVE_EVERY
        return self._mention(len(_ITEMS) + k, _Item(timedelta(0), handle, name, text, "m"), when)

    async def pull(self, cursor: str | None) -> PullBatch:
        """The fixed inbox first, then every live arrival due by now, after ``cursor`` (which
        counts the live arrivals delivered)."""
        k = self.delivered(cursor, _CURSOR_TAG)
        now = self.network.clock()
        found = [] if cursor is not None else self._initial()
        while self.network.anchor + (k + 1) * LIVE_EVERY <= now and len(found) < 100:
            found.append(self._live(k))
            k += 1
        more = self.network.anchor + (k + 1) * LIVE_EVERY <= now
        return PullBatch(tuple(found), f"{_CURSOR_TAG}:{k}", more)

    def _find(self, remote_id: str) -> Mention:
        for mention in self._initial():
            if mention.remote_id == remote_id:
                return mention
        now = self.network.clock()
        k = 0
        while self.network.anchor + (k + 1) * LIVE_EVERY <= now:
            live = self._live(k)
            if live.remote_id == remote_id:
                return live
            k += 1
        raise Gone(f"The post {remote_id} does not exist on the demo network (X side).")

    async def thread(self, mention: Mention) -> tuple[ThreadPost, ...]:
        """The brand's post it answers or quotes, the mention, and the brand's replies to it."""
        found = self._find(mention.remote_id)
        posts = [self._announcement] if found.thread_root_id != found.remote_id else []
        posts.append(
            ThreadPost(found.remote_id, found.author, found.text, found.created_at, is_focus=True)
        )
        posts += [
            ThreadPost(s.remote_id, _BRAND, s.text, s.created_at, is_brand=True,
                       in_reply_to_id=found.remote_id)
            for s in self._sent
            if s.in_reply_to_id == found.remote_id
        ]  # fmt: skip
        return tuple(posts)

    async def send(self, reply: OutgoingReply, idempotency_key: str) -> SentReply:
        """Record the reply (a DM answer for a DM) under X's rules: summoned, 280 weighted."""
        found = self._find(reply.mention.remote_id)
        if found.meta.get("summoned") == "0":
            raise Rejected(
                f"X accepts replies only to people who mentioned or quoted {BRAND_HANDLE}; "
                "this post did not, so the reply was not sent.",
                "X would refuse this reply",
            )
        if not reply.text.strip():
            raise Rejected("The demo network refuses an empty reply.")
        why = too_long(Platform.X, reply.text)
        if why is not None:
            raise Rejected(f"The reply is too long for X: {why}.")
        now = self.network.clock()
        remote_id = snowflake(now, len(self._sent) + 1)
        direct = found.kind is MentionKind.DIRECT
        url = "" if direct else f"https://x.com/{BRAND_HANDLE[1:]}/status/{remote_id}"
        sent = SentReply(remote_id, found.remote_id, reply.text, now, url)
        self._sent.append(sent)
        return sent

    async def reconcile(self, reply: OutgoingReply, idempotency_key: str) -> SentReply | None:
        """The brand's reply to the same post with the same text, if there is one."""
        wanted = (reply.mention.remote_id, reply.text)
        return next((s for s in self._sent if (s.in_reply_to_id, s.text) == wanted), None)

    async def limits(self) -> Limits:
        """X's 280 weighted characters, every link 23."""
        return X_LIMITS

    async def aclose(self) -> None:
        """Nothing to release."""
