"""The thread re-read just before a reply is queued: did it change since the person opened it?

A customer may have written again, a teammate (or the brand from a phone) may have answered,
or the post may be gone. Any of these stops the send so the person can adjust. A re-read that
fails (offline, slow, rate limited) never blocks the send: it is reported instead, and the
outbox's reconcile still keeps the reply from being posted twice.
"""

from __future__ import annotations

import asyncio
from collections.abc import Collection
from dataclasses import dataclass

from adapters.base import Adapter
from adapters.errors import Gone, NetworkError, ReplyDeskError
from adapters.records import PostState, ThreadPost
from store import Store, StoredMention
from store.guard import StorageError
from sync.pull import refresh_thread

REREAD_SECONDS = 4.0
"""How long the send waits for the network before it goes on without the re-read."""


@dataclass(frozen=True, slots=True)
class Reread:
    """What the re-read found, compared with the posts the person had seen."""

    posts: tuple[ThreadPost, ...] = ()
    from_customer: tuple[ThreadPost, ...] = ()
    """Posts by others, newer than the mention, that the person had not seen."""
    from_brand: tuple[ThreadPost, ...] = ()
    """Replies by the brand account, newer than the mention, that the person had not seen."""
    gone: str = ""
    """Why the post is no longer there ('' while it is)."""
    failed: ReplyDeskError | None = None
    """Why the thread could not be re-read (the send goes on)."""

    @property
    def changed(self) -> bool:
        """Whether the person should look again before the reply is queued."""
        return bool(self.from_customer or self.from_brand or self.gone)

    def summary(self) -> str:
        """ "2 new messages from the customer; 1 reply from the brand account", in words."""
        if self.gone:
            return f"The post is gone: {self.gone}"
        parts = []
        if self.from_customer:
            n = len(self.from_customer)
            parts.append(f"{n} new message{'s' if n != 1 else ''} in the conversation")
        if self.from_brand:
            n = len(self.from_brand)
            parts.append(f"{n} other repl{'ies' if n != 1 else 'y'} from the brand account")
        return "; ".join(parts)


def compare(item: StoredMention, posts: Collection[ThreadPost], seen: Collection[str]) -> Reread:
    """``posts`` (the thread as the network has it now) against ``seen`` (the remote ids the
    person had on screen). Only posts newer than the mention count: parents that were still
    loading are context, not news."""
    mention = item.mention
    focus = next((p for p in posts if p.remote_id == mention.remote_id), None)
    if focus is not None and focus.state is not PostState.OK:
        why = "deleted" if focus.state is PostState.NOT_FOUND else "no longer visible"
        return Reread(posts=tuple(posts), gone=f"the mention was {why}.")
    new = [
        p
        for p in posts
        if p.remote_id not in seen
        and p.remote_id != mention.remote_id
        and p.state is PostState.OK
        and p.created_at >= mention.created_at
    ]
    return Reread(
        posts=tuple(posts),
        from_customer=tuple(p for p in new if not p.is_brand),
        from_brand=tuple(p for p in new if p.is_brand),
    )


async def reread(
    adapter: Adapter,
    store: Store,
    item: StoredMention,
    seen: Collection[str],
    within: float = REREAD_SECONDS,
) -> Reread:
    """Read ``item``'s thread from the network now (cached, and a brand reply marks it
    answered, as any thread read does) and compare it with ``seen``.

    A deleted post is marked gone in the store. Raises only the store's errors.
    """
    try:
        posts = await asyncio.wait_for(refresh_thread(adapter, store, item), within)
    except Gone as error:
        await asyncio.to_thread(store.mark_gone, item.id, error.msg)
        return Reread(gone=error.msg)
    except TimeoutError:
        late = NetworkError(f"The network did not answer within {within:g} s.", "No answer")
        return Reread(failed=late)
    except StorageError:
        raise  # the database, not the network: the caller says so
    except ReplyDeskError as error:
        return Reread(failed=error)
    found = compare(item, posts, frozenset(seen))
    if found.gone:
        await asyncio.to_thread(store.mark_gone, item.id, found.gone)
    return found
