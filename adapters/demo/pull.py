"""Demo in: the account's mentions that exist by now, and the thread around one."""

from __future__ import annotations

import asyncio

from adapters.demo.http import DemoNetwork
from adapters.demo.people import brand_author
from adapters.demo.posts import DemoPost
from adapters.errors import Gone
from adapters.records import (
    Account,
    Mention,
    Platform,
    PullBatch,
    ThreadPost,
)


class DemoPull:
    """The reading half of ``DemoAdapter``."""

    account: Account
    network: DemoNetwork
    platform: Platform
    latency: float

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
