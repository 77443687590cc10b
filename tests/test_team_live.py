"""A change made on one laptop reaches another laptop's app within a second."""

from __future__ import annotations

from store import MentionState
from store.pg.live import TeamListener
from store.pg.open import open_team_store
from store.pg.schema import pg_statements
from tests.conftest import FakeClock
from tests.test_store import fields, mention


def test_a_state_change_is_heard_by_another_laptop_within_a_second(
    pg_url: str, clock: FakeClock
) -> None:
    mine = open_team_store(pg_url, clock)
    (mention_id,) = mine.upsert_mentions([(mention(1), fields())])
    listener = TeamListener(pg_url)
    try:
        mine.set_state(mention_id, MentionState.DONE)
        assert next(iter(listener.changes(timeout=1.0)), None) == "mentions"
    finally:
        listener.close()
        mine.close()


def test_function_bodies_are_not_split_at_their_semicolons() -> None:
    script = "CREATE TABLE a (x INT); CREATE FUNCTION f() AS $$ BEGIN x; y; END $$; SELECT 1"
    assert pg_statements(script) == [
        "CREATE TABLE a (x INT)",
        "CREATE FUNCTION f() AS $$ BEGIN x; y; END $$",
        "SELECT 1",
    ]
