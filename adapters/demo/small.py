"""What the demo's small inboxes share (the Facebook Page and the X account, each a fixed list
of posts beside the generated Mastodon and Bluesky sides): the account they answer for, and a
cursor that is how many items were delivered."""

from __future__ import annotations

from adapters.demo.http import DemoNetwork
from adapters.errors import BadPayload
from adapters.records import Account


class SmallInbox:
    """The shared half of ``DemoMetaAdapter`` and ``DemoXAdapter``."""

    account: Account
    network: DemoNetwork

    async def whoami(self) -> Account:
        """The account (reading the demo network's state, so a corrupt file shows at once)."""
        self.network.ensure_ready()
        return self.account

    @staticmethod
    def delivered(cursor: str | None, tag: str) -> int:
        """How many items the cursor ``"<tag>:<n>"`` says were delivered (0 for none yet);
        ``BadPayload`` for one this inbox did not write."""
        if cursor is None:
            return 0
        found, _, count = cursor.partition(":")
        if found != tag or not count.isdigit() or not count.isascii():
            raise BadPayload(f"The demo network cannot read the sync cursor {cursor!r}.")
        return int(count)
