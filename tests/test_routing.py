"""Routing rules ([[route]] in config.toml): checked once with errors that name the rule,
applied to mentions as they arrive with the search's own words, and shown by ``x``."""

from __future__ import annotations

from pathlib import Path

import pytest

from adapters.errors import ConfigError
from settings.config import load_config
from settings.paths import default_paths
from store import Store, open_store
from store.routing import Route
from sync.pull import pull_account
from sync.routing import compile_routes
from sync.triaging import TriageSettings
from tests.conftest import FROZEN, FakeClock
from tests.pilot_helpers import SIZE, notes, wait_for, wait_ready
from tests.test_store import fields, mention
from tests.test_sync import demo
from tui.app import make_app
from tui.screens.explain import ExplainScreen
from tui.widgets.queue import QueueList

RULES = """
team = ["sam", "alex"]

[[route]]
when = "class:complaint refund"
assign = "sam"
label = "billing"

[[route]]
when = "class:complaint net:fb"
assign = "Alex"

[[route]]
when = "colour:red"
assign = "sam"

[[route]]
when = "class:question"
assign = "robin"
"""


def config_at(tmp_path: Path, text: str = RULES) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_rules_are_checked_once_and_a_bad_one_is_named_and_skipped(tmp_path: Path) -> None:
    config = load_config(config_at(tmp_path))
    routes, problems = compile_routes(config.routes, config.team, config.agent, FROZEN)
    assert [(r.name, r.assign, r.label) for r in routes] == [
        ("route 1 (config.toml, line 4)", "sam", "billing"),
        ("route 2 (config.toml, line 9)", "alex", ""),  # the team's spelling
    ]
    said = [p.msg for p in problems]
    assert said[0].startswith('route 3 (config.toml, line 13): when = "colour:red"')
    assert 'Unknown filter "colour:"' in said[0] and said[0].endswith("The rule is skipped.")
    assert said[1].startswith("route 4 (config.toml, line 17): 'robin' is not on the team")


@pytest.mark.parametrize(
    ("table", "says"),
    [
        ('when = "class:complaint"', 'it needs assign = "teammate", label = "name", or both.'),
        ('assign = "sam"', 'it needs when = "…"'),
        ('when = "x"\nassign = "sam"\nteam = "billing"', "unknown key 'team'"),
        ('when = "x"\nlabel = "two words"', "label 'two words' must be one word."),
        ('when = "x"\nassign = 3', "'assign' must be text"),
    ],
)
def test_each_mistake_in_a_rule_is_said(tmp_path: Path, table: str, says: str) -> None:
    config = load_config(config_at(tmp_path, f'team = ["sam"]\n[[route]]\n{table}\n'))
    routes, problems = compile_routes(config.routes, config.team, config.agent, FROZEN)
    assert routes == () and says in problems[0].msg
    assert problems[0].msg.startswith("route 1 (config.toml, line 2): ")


def test_route_must_be_a_list_of_tables(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="list of \\[\\[route\\]\\] tables"):
        load_config(config_at(tmp_path, 'route = "sam"\n'))


def test_rules_apply_in_order_and_never_reassign(tmp_path: Path, clock: FakeClock) -> None:
    store: Store = open_store(tmp_path / "rd.db", clock)
    ids = store.upsert_mentions(
        [
            (mention(1, text="I want a refund now"), fields("complaint")),
            (mention(2, text="Where is my refund?"), fields("question")),
            (mention(3, text="refund please"), fields("complaint")),
            (mention(4, text="broken again"), fields("complaint")),
        ]
    )
    store.assign(ids[2], "alex")  # a person's choice stands
    routes = (
        Route("route 1", "class:complaint refund", "sam", "billing"),
        Route("route 2", "label:billing", "robin", "urgent"),  # sees route 1's label
    )
    assert store.route_mentions(ids, routes) == 2
    got = {i: (m.assignee, m.labels) for i in ids if (m := store.get_mention(i)) is not None}
    assert got[ids[0]] == ("sam", ("billing", "urgent"))
    assert got[ids[1]] == ("", ())  # a question: no rule matches
    assert got[ids[2]] == ("alex", ("billing", "urgent"))
    assert got[ids[3]] == ("", ())
    routed = store.routed(ids[0])
    assert [(r.rule, r.assign, r.label) for r in routed] == [
        ("route 1", "sam", "billing"),
        ("route 2", "", "urgent"),
    ]
    assert store.route_mentions(ids, routes) == 0  # again: nothing left to do


async def test_pull_routes_what_arrives(tmp_path: Path, clock: FakeClock) -> None:
    store = open_store(tmp_path / "rd.db", clock)
    _, adapter = demo(tmp_path, clock)
    settings = TriageSettings(routes=(Route("route 1", "class:complaint", "sam", "ops"),))
    result = await pull_account(adapter, store, settings)
    stored = [m for i in result.new_ids if (m := store.get_mention(i)) is not None]
    complaints = [m for m in stored if m.cls == "complaint"]
    assert complaints and all(m.assignee == "sam" and "ops" in m.labels for m in complaints)
    assert all(m.assignee == "" for m in stored if m.cls != "complaint")


async def test_x_shows_the_rule_and_a_bad_rule_is_said_at_start(
    home: Path, clock: FakeClock
) -> None:
    config = default_paths(home).config_file
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(
        'team = ["sam"]\n[[route]]\nwhen = "class:complaint"\nassign = "sam"\n'
        '[[route]]\nwhen = "is:late"\nlabel = "x"\n',
        encoding="utf-8",
    )
    app = make_app(home=home, demo=True, clock=clock, live=False, demo_latency=0)
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_ready(pilot)
        assert any(n.startswith("route 2 (config.toml, line 5): ") for n in notes(app))
        queue = screen.query_one(QueueList)
        target = next(i for i, m in queue.items.items() if m.cls == "complaint")
        assert queue.items[target].assignee == "sam"
        queue.highlighted = queue.get_option_index(str(target))
        await wait_for(pilot, lambda: queue.current_id == target)
        await pilot.press("x")
        await wait_for(pilot, lambda: isinstance(app.screen, ExplainScreen))
        routed = str(app.screen.query_one("#explain-routed").render())
        assert "assigned to sam by route 1 (config.toml, line 2): class:complaint" in routed
