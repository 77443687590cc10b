"""Mastodon out: a reply posted once, and the reconcile that finds it after a lost answer."""

from __future__ import annotations

from adapters.errors import BadPayload
from adapters.mastodon.html import html_to_text, normalize_for_match
from adapters.mastodon.http import Answer
from adapters.mastodon.pull import MastodonPull
from adapters.mastodon.text import address_author
from adapters.payload import read_obj, read_opt_str, read_str, read_time
from adapters.records import Mention, OutgoingReply, SentReply, Visibility

_NARROWNESS = [Visibility.PUBLIC, Visibility.UNLISTED, Visibility.PRIVATE, Visibility.DIRECT]


class MastodonSend(MastodonPull):
    """The writing half of ``MastodonAdapter``: send, and the thread reads that back it up."""

    async def _brand_replies(self, mention: Mention) -> list[SentReply]:
        """The brand's direct replies to ``mention``, oldest first."""
        brand = await self._brand()
        _, descendants = await self._context(mention.remote_id)
        replies: list[SentReply] = []
        for item in descendants:
            post = self._thread_post(item, brand)
            if post and post.is_brand and post.in_reply_to_id == mention.remote_id:
                url = read_opt_str(item, "url") if isinstance(item, dict) else ""
                replies.append(
                    SentReply(post.remote_id, mention.remote_id, post.text, post.created_at, url)
                )
        return sorted(replies, key=lambda r: r.created_at)

    async def answered(self, mention: Mention) -> SentReply | None:
        """The brand's first reply to ``mention`` posted anywhere (web, phone, teammate), if any."""
        replies = await self._brand_replies(mention)
        return replies[0] if replies else None

    async def send(self, reply: OutgoingReply, idempotency_key: str) -> SentReply:
        """Post ``reply`` under the mention: never wider than it, its content warning kept.

        The author's ``@handle`` is prepended when the text does not address them (see
        ``address_author``). ``Idempotency-Key`` makes Mastodon post once per key; GoToSocial
        and Takahē ignore it, which ``reconcile`` covers.
        """
        mention = reply.mention
        visibility = max(reply.visibility, mention.visibility, key=_NARROWNESS.index)
        data = {
            "status": address_author(reply.text, mention),
            "in_reply_to_id": mention.remote_id,
            "visibility": visibility.value,
        }
        warning = reply.content_warning or mention.content_warning
        if warning:
            data["spoiler_text"] = warning
        answer = await self._http.post(
            "/api/v1/statuses", data, headers={"Idempotency-Key": idempotency_key}, status=True
        )
        sent = _sent_reply(answer)
        if sent.in_reply_to_id != mention.remote_id:
            # Takahē posts a reply to an unknown status as a new top-level post (HTTP 200).
            raise BadPayload(
                f"{self._http.host} posted the reply as a new post, not as an answer to the "
                f"mention (it may have been deleted). Check it and delete it if needed: {sent.url}"
            )
        return sent

    async def reconcile(self, reply: OutgoingReply, idempotency_key: str) -> SentReply | None:
        """The brand's reply to the mention whose text matches ``reply``, if one was posted.

        Compared after HTML→text, with whitespace, case and mention domains normalized; the
        key is not visible on the network, so the text is what identifies the reply.
        """
        wanted = normalize_for_match(address_author(reply.text, reply.mention))
        for sent in await self._brand_replies(reply.mention):
            if normalize_for_match(sent.text) == wanted:
                return sent
        return None


def _sent_reply(answer: Answer) -> SentReply:
    status = read_obj(answer.body, "The posted status")
    return SentReply(
        remote_id=read_str(status, "id"),
        in_reply_to_id=read_opt_str(status, "in_reply_to_id"),
        text=html_to_text(read_opt_str(status, "content")),
        created_at=read_time(status, "created_at"),
        url=read_opt_str(status, "url") or read_opt_str(status, "uri"),
    )
