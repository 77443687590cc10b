"""Labels, notes and assignment: stored, searchable, shown, undone; the Mine tab."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from textual.widgets import Input, Static

from adapters.records import Author, Mention, Platform
from settings.paths import default_paths
from store import Store
from store.query import parse_query
from tests.conftest import FROZEN, FakeClock
from tests.pilot_helpers import SIZE, notes, wait_for, wait_ready
from tests.test_store_triage import add, fields
from triage import MentionClass
from tui.app import make_app
from tui.screens.text_prompt import TextPrompt
from tui.widgets.queue import QueueList


def found(store: Store, text: str) -> list[int]:
    return [i.id for i in store.search(parse_query(text, FROZEN), FROZEN)]


@pytest.mark.sqlite_only("full-text search on PostgreSQL is not built yet")
def test_marks_are_stored_searchable_and_undone(store: Store) -> None:
    item = add(store, 1, MentionClass.COMPLAINT, minutes_ago=5)
    labelled = store.set_labels(item, ["Billing", "vip", "billing", " "])
    stored = store.get_mention(item)
    assert stored is not None and stored.labels == ("billing", "vip")
    assert store.known_labels() == ["billing", "vip"]
    assigned = store.assign(item, "Sam")
    noted = store.add_note(item, "refund issued on the 12th")
    assert [n.text for n in store.notes(item)] == ["refund issued on the 12th"]
    assert found(store, "label:billing") == [item] and found(store, "issued") == [item]
    assert found(store, "assignee:Sam") == [item]
    assert store.view_rows("mine", FROZEN, me="Sam")[0].id == item
    for audit in (noted, assigned, labelled):
        assert store.undo_change(audit) is not None
    stored = store.get_mention(item)
    assert stored is not None and stored.labels == () and stored.assignee == ""
    assert store.notes(item) == [] and found(store, "issued") == []
    assert found(store, "label:billing") == []


async def test_l_n_and_capital_a_mark_the_selected_mention(home: Path, clock: FakeClock) -> None:
    config = default_paths(home).config_file
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('agent = "Sam"\nteam = ["Sam", "Alex"]\n', encoding="utf-8")
    app = make_app(home=home, demo=True, clock=clock, live=False, demo_latency=0)
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_ready(pilot)
        queue = screen.query_one(QueueList)
        summary = screen.query_one("#summary", Static)
        store = app.profile.store
        target = queue.current_id
        assert target is not None

        async def answer(key: str, text: str) -> None:
            await pilot.press(key)
            await wait_for(pilot, lambda: isinstance(app.screen, TextPrompt))
            app.screen.query_one(Input).value = text
            await pilot.press("enter")

        await answer("l", "billing [bold]vip[/]")
        await wait_for(pilot, lambda: "#billing" in str(summary.render()))
        stored = store.get_mention(target)
        assert stored is not None and stored.labels == ("[bold]vip[/]", "billing")
        assert "#[bold]vip[/]" in str(summary.render())  # plain text, never markup
        await answer("n", "called them, refund on its way")
        await wait_for(pilot, lambda: "note: called them" in str(summary.render()))
        await answer("A", "nobody-known")
        error = app.screen.query_one("#prompt-error", Static)
        await wait_for(pilot, lambda: error.display)
        assert "Not in the team (Alex, Sam)" in str(error.render())
        app.screen.query_one(Input).value = "sam"
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.tab_counts.get("mine") == 1)
        assert "assigned to Sam" in str(summary.render())
        assert " mentions: " in str(summary.render()) or " mention: " in str(summary.render())
        await pilot.press("5")
        await wait_for(pilot, lambda: screen.active_tab == "mine" and list(queue.items) == [target])
        await pilot.press("u")
        await wait_for(pilot, lambda: screen.tab_counts.get("mine") == 0)
        assert "Undone: assignment on" in " ".join(notes(app))


@pytest.mark.sqlite_only("full-text search on PostgreSQL is not built yet")
def test_who_is_talking_to_us(store: Store) -> None:
    def say(n: int, cls: MentionClass, days_ago: float, author: str = "fan") -> int:
        m = Mention(
            "acct",
            f"r{n}",
            Platform.MASTODON,
            Author(author, f"@{author}@x.social", "", 10),
            "hi",
            FROZEN - timedelta(days=days_ago),
        )
        return store.upsert_mentions([(m, fields(cls, m.created_at))])[0]

    say(1, MentionClass.PRAISE, 40)
    say(2, MentionClass.PRAISE, 2)
    say(3, MentionClass.QUESTION, 1)
    last = say(4, MentionClass.OTHER, 0.5)
    store.mark_answered(last, FROZEN - timedelta(hours=1), "@brand")
    stats = store.author_stats("acct", "fan", FROZEN)
    assert (stats.mentions, stats.recent, stats.praise, stats.complaints) == (4, 3, 2, 0)
    assert stats.last_answered == FROZEN - timedelta(hours=1)
    assert stats.tags == ("frequent engager", "advocate")
    say(5, MentionClass.COMPLAINT, 0.2, "angry")
    say(6, MentionClass.COMPLAINT, 0.1, "angry")
    angry = store.author_stats("acct", "angry", FROZEN)
    assert angry.tags == ("at risk",) and angry.open_complaints == 2
    assert store.author_stats("acct", "nobody", FROZEN).mentions == 0
    plan = store.rows(
        "EXPLAIN QUERY PLAN SELECT count(*) FROM mentions WHERE account_id = 'a' "
        "AND author_id = 'b'"
    )
    assert "mentions_author" in plan[0]["detail"]
