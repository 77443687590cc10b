"""The composer's note on a network's reply quota ("replies left today: 912 of 1000").

The quota is read in a worker (one request, at most every few minutes per account, and again
after the outbox sent) and comes back as a ``ReplyQuotaRead`` message; the composer shows the
last reading of the account it answers as, and, once the quota is used up, when sending resumes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from textual.message import Message

from adapters.base import Adapter
from adapters.errors import ReplyDeskError
from adapters.publish_quota import QuotaTeller, ReplyQuota
from tui.format import clock_time

log = logging.getLogger(__name__)

# A reading this fresh is shown as it is; an older one is read again when the mention shows.
FRESH_FOR = timedelta(minutes=5)


@dataclass
class ReplyQuotaRead(Message):
    """``account_id``'s reply quota, as read now."""

    account_id: str
    quota: ReplyQuota


def quota_note(quota: ReplyQuota | None, now: datetime) -> str:
    """What the composer says about ``quota`` ("" when there is none)."""
    if quota is None:
        return ""
    resumes = quota.resumes_at
    if resumes is None:
        return f"replies left today: {quota.left} of {quota.total}"
    return (
        f"no replies left today ({quota.total} a day, a moving 24 h window): "
        f"sending resumes about {clock_time(resumes, now)}"
    )


class ReplyQuotas:
    """The last quota read per account, and which accounts should be read again."""

    def __init__(self) -> None:
        self.read: dict[str, ReplyQuota] = {}

    def note(self, account_id: str, now: datetime) -> str:
        """The composer's note for ``account_id`` ("" when nothing was read)."""
        return quota_note(self.read.get(account_id), now)

    def to_read(self, account_id: str, adapter: object, now: datetime) -> bool:
        """Whether ``adapter`` has a quota and its last reading is missing or old."""
        if not isinstance(adapter, QuotaTeller):
            return False
        quota = self.read.get(account_id)
        return quota is None or now - quota.checked_at >= FRESH_FOR

    def sent(self) -> None:
        """The outbox sent something: every reading is out of date."""
        self.read.clear()


async def read_reply_quota(
    account_id: str, adapter: Adapter, post: Callable[[Message], object]
) -> None:
    """Read the quota of ``adapter`` (a ``QuotaTeller``) and ``post`` it; a failed read only
    leaves the note as it was (the outbox checks the quota itself before sending)."""
    if not isinstance(adapter, QuotaTeller):
        return
    try:
        quota = await adapter.reply_quota()
    except ReplyDeskError as error:
        log.info("reply quota of %s not read: %s", account_id, error.msg)
        return
    if quota is not None:
        post(ReplyQuotaRead(account_id, quota))
