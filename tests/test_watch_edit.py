"""Editing watch terms: the draft checks each term, the save keeps the person's file as they
wrote it, and the preview counts what the last 7 days would have brought in, per day."""

from __future__ import annotations

from pathlib import Path

import pytest

from adapters.demo import DemoAdapter
from adapters.demo.http import DemoNetwork
from adapters.demo.login import META_ACCOUNT, demo_accounts
from adapters.demo.meta import DemoMetaAdapter
from adapters.demo.terms import DEMO_WATCH_TERMS
from adapters.errors import ConfigError
from adapters.watch import watch_list
from settings.config import load_config
from settings.watch import WatchConfig
from settings.watch_edit import WatchDraft
from settings.watch_file import save_watch_terms, updated_text
from sync.preview import DAYS, preview_account
from tests.conftest import FakeClock

CONFIG = """\
# my settings
theme = "replydesk-light"  # the light one

[sync]
interval_seconds = 90

[watch]
daily_cap = 50  # keep it calm

[watch.terms]
"*" = ["fernbrook", '-"fernbrook road"']  # everywhere
bluesky = ["#fernbrook"]

[keymap]
"mention.explain" = "?"
"""


def test_a_save_changes_only_the_terms_and_keeps_comments_and_tables(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(CONFIG, encoding="utf-8")
    terms = {"*": ["fernbrook", '-"fernbrook road"'], "bluesky": ["#fernbrook", "fernbrok"]}
    config = save_watch_terms(path, terms)
    text = path.read_text(encoding="utf-8")
    assert "# my settings" in text and "# the light one" in text and "# keep it calm" in text
    assert '"*" = ["fernbrook", \'-"fernbrook road"\']  # everywhere' in text  # untouched
    assert '[keymap]\n"mention.explain" = "?"' in text
    assert config.watch.terms["bluesky"] == ("#fernbrook", "fernbrok")
    assert config.watch.daily_cap == 50 and config.sync_interval == 90
    assert load_config(path).watch.terms == config.watch.terms
    assert list(tmp_path.iterdir()) == [path]  # no temporary file left behind


def test_removing_every_term_of_a_key_drops_its_line() -> None:
    text = updated_text(CONFIG, {"*": ["fernbrook"]})
    assert "bluesky =" not in text and '"*" = ["fernbrook"]' in text


def test_a_save_into_a_missing_file_creates_the_table(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "config.toml"
    config = save_watch_terms(path, {"@brand.bsky.social": ['"fernbrook beans"']})
    assert config.watch.terms == {"@brand.bsky.social": ('"fernbrook beans"',)}


@pytest.mark.parametrize(
    ("text", "says"),
    [("watch = 3\n", "must be a table"), ("[sync\n", "cannot be read")],
)
def test_a_file_that_cannot_hold_terms_is_left_as_it_was(
    tmp_path: Path, text: str, says: str
) -> None:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=says):
        save_watch_terms(path, {"*": ["fernbrook"]})
    assert path.read_text(encoding="utf-8") == text


def test_a_save_the_config_would_refuse_names_the_real_file(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("[watch]\ndaily_cap = 0\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"config\.toml") as raised:
        save_watch_terms(path, {"*": ["fernbrook"]})
    assert ".config-" not in raised.value.msg
    assert path.read_text(encoding="utf-8") == "[watch]\ndaily_cap = 0\n"


def test_the_draft_checks_each_term_and_edits_in_place() -> None:
    draft = WatchDraft(WatchConfig(terms={"*": ("fernbrook", "#beans")}))
    unchanged = not draft.changed
    assert "already watched" in draft.add("*", "Fernbrook")
    assert "search operators" in draft.add("*", "from:someone").lower()
    assert draft.add("*", '-"fernbrook road"') == ""
    assert draft.edit("*", "#beans", "#fernbrookbeans") == ""
    assert draft.terms["*"] == ["fernbrook", "#fernbrookbeans", '-"fernbrook road"']
    draft.remove("*", "fernbrook")
    assert unchanged and draft.changed
    assert draft.config().terms == {"*": ("#fernbrookbeans", '-"fernbrook road"')}
    account = demo_accounts()[1]
    assert draft.key_for(account) == account.at_handle  # never "*": it reaches every account


async def test_the_preview_counts_each_day_once_per_post(tmp_path: Path, clock: FakeClock) -> None:
    network = DemoNetwork(tmp_path / "net.json", clock)
    now = clock()
    watch = watch_list(DEMO_WATCH_TERMS)
    for account in demo_accounts():
        preview = await preview_account(DemoAdapter(account, network), watch, now)
        found = {t.term: t for t in preview.terms}
        assert all(len(t.per_day) == DAYS for t in preview.terms)
        assert sum(found["fernbrook"].per_day) > 0
        # The word finds every "#fernbrook" post first: the hashtag adds none of them again.
        assert sum(found["#fernbrook"].per_day) == 0
        assert not preview.notices


async def test_a_network_without_search_says_so_in_the_preview(
    tmp_path: Path, clock: FakeClock
) -> None:
    network = DemoNetwork(tmp_path / "net.json", clock)
    preview = await preview_account(
        DemoMetaAdapter(META_ACCOUNT, network), watch_list(["fernbrook"]), clock()
    )
    assert preview.terms == () and "cannot search" in preview.notices[0]
