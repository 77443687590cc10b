"""Several laptops send from one team database: each queued reply is claimed exactly once."""

from __future__ import annotations

import threading
from collections import Counter

from adapters.records import Account, SentReply
from store.pg.open import open_team_store
from tests.conftest import FakeClock
from tests.test_store import fields, mention

REPLIES = 200
SENDERS = 3


def test_three_senders_over_200_replies_claim_each_once(pg_url: str, clock: FakeClock) -> None:
    first = open_team_store(pg_url, clock)
    ids = first.upsert_mentions([(mention(n), fields()) for n in range(REPLIES)])
    for mention_id in ids:
        first.enqueue_reply(mention_id, "acct", f"reply {mention_id}")
    brand = Account("acct", "mastodon", "@brand@x.social", "Brand")
    claimed: list[int] = []
    guard = threading.Lock()

    def sender() -> None:
        store = open_team_store(pg_url, clock)
        try:
            for _ in range(REPLIES + 1):  # bounded: never more claims than replies
                item = store.claim_next(clock())
                if item is None:
                    return
                with guard:
                    claimed.append(item.id)
                sent = SentReply(f"s{item.id}", f"r{item.id}", item.text, clock())
                store.mark_sent(item, sent, brand)
        finally:
            store.close()

    workers = [threading.Thread(target=sender) for _ in range(SENDERS)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    assert not any(worker.is_alive() for worker in workers)
    counts = Counter(claimed)
    assert len(counts) == REPLIES and max(counts.values()) == 1
    assert first.scalar("SELECT count(*) FROM outbox WHERE status = 'sent'") == REPLIES
    first.close()
