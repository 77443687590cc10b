"""What the composer shows and sends for Meta: which reply window applies (24 h, then the
human agent's 7 days), whether a comment's one private reply is possible, the length caps of
messages, and a private reply chosen in the outbox reaching the Send API."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from adapters.errors import ConfigError, Rejected
from adapters.meta.entry import human_agent_for
from adapters.meta.text import (
    CHANNEL,
    LAST_MESSAGE,
    PRIVATE_UNTIL,
    Channel,
    message_limit,
    route,
)
from adapters.networks import text_rules
from adapters.records import OutgoingReply, Platform, Visibility
from settings.config import load_config
from store import OutboxStatus, open_store
from sync.pull import pull_account
from sync.push import Pusher
from sync.triaging import TriageSettings
from tests.conftest import FakeClock
from tests.fakes.meta_seed import CONVERSATION as CONV_ID
from tests.fakes.meta_seed import OLD_CONVERSATION
from tests.test_meta_pull import ACCOUNT
from tests.test_meta_send import posts, pulled


async def test_a_message_shows_its_window_and_a_human_agent_its_7_days(clock: FakeClock) -> None:
    _, _, found = await pulled(clock, human_agent=True)
    fresh, stale = found[CONV_ID], found[OLD_CONVERSATION]
    assert route(fresh, clock()).window.startswith("24 h window (a standard reply): closes in")
    said = route(stale, clock()).window
    assert said.startswith("past 24 h: sent as a human agent (HUMAN_AGENT tag); window closes in")
    assert route(stale, clock()).private == ""
    _, _, without = await pulled(clock)
    assert route(without[OLD_CONVERSATION], clock()).window == "window closed 6 h ago"
    assert text_rules(Platform.FACEBOOK).route(fresh, clock()) == route(fresh, clock())


async def test_a_comment_offers_its_private_reply_for_7_days_only(clock: FakeClock) -> None:
    _, _, found = await pulled(clock)
    sad = found["sad"]
    offered = route(sad, clock())
    assert offered.private.startswith("one Messenger message to the author instead, allowed once")
    assert offered.window == "" and offered.private_blocked == ""
    hidden = route(found["Is the shop open on Sunday?"], clock())
    assert hidden.private == "" and "hidden" in hidden.private_blocked
    old = route(found["My order arrived broken, who do I talk to?"], clock())
    assert old.private == "" and "within 7 days" in old.private_blocked
    assert LAST_MESSAGE not in sad.meta and PRIVATE_UNTIL in sad.meta


async def test_message_caps_count_what_meta_counts(clock: FakeClock) -> None:
    assert message_limit(instagram=True).max_bytes == 1000
    assert message_limit(instagram=False).max_graphemes == 2000
    fake, meta, found = await pulled(clock)
    sad = found["sad"]
    with pytest.raises(Rejected, match="2000"):
        await meta.send(OutgoingReply(ACCOUNT.id, sad, "a" * 2001, Visibility.DIRECT), "k1")
    fresh = found[CONV_ID]  # the same message, as if it came to the Instagram inbox
    opened = dataclasses.replace(
        fresh,
        platform=Platform.INSTAGRAM,
        meta={**fresh.meta, CHANNEL: Channel.INSTAGRAM_DM.value},
    )
    long = "€" * 334 + "ok"  # 336 characters, 1004 bytes
    with pytest.raises(Rejected, match="1004 bytes"):
        await meta.send(OutgoingReply(ACCOUNT.id, opened, long, Visibility.DIRECT), "k2")
    assert not posts(fake)


async def test_a_private_reply_chosen_in_the_outbox_goes_as_a_message(
    clock: FakeClock, tmp_path: Path
) -> None:
    fake, meta, found = await pulled(clock)
    store = open_store(tmp_path / "rd.db", clock)
    store.save_account(ACCOUNT)
    await pull_account(meta, store, TriageSettings())
    sad = found["sad"]
    item = next(i for i in store.queue(clock()) if i.mention.remote_id == sad.remote_id)
    queued = store.enqueue_reply(item.id, ACCOUNT.id, "So sorry! Your order number?", private=True)
    assert queued.private and store.outbox_item(queued.id) == queued
    outcomes = await Pusher({ACCOUNT.id: meta}, store, clock).push_ready()
    assert [o.status for o in outcomes] == [OutboxStatus.SENT]
    [post] = posts(fake)
    assert post.body["recipient"] == {"comment_id": sad.remote_id}


def test_human_agent_is_set_for_every_page_or_the_pages_named(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[facebook]\nhuman_agent = ["@MyLife", "999"]\n', encoding="utf-8")
    settings = load_config(path).network_settings("facebook")
    assert settings["human_agent"] == ("@MyLife", "999")
    assert human_agent_for(settings, ACCOUNT)  # named by its handle
    other = dataclasses.replace(ACCOUNT, id="facebook:5", handle="Other", display_name="Other")
    assert not human_agent_for(settings, other)
    assert human_agent_for({"human_agent": ["5"]}, other)  # by Page id
    assert human_agent_for({"human_agent": True}, other)
    assert not human_agent_for({}, other)
    path.write_text("[facebook]\nhuman_agent = 3\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"facebook\.human_agent"):
        load_config(path)
