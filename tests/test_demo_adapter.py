"""The demo network and its adapter: a deterministic inbox, paging, live arrivals, threads,
exactly-once sending with injected faults, and a state file that is never silently replaced."""

from __future__ import annotations

import hashlib
import json
import os
import random
import subprocess
import sys
from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from adapters.base import Adapter
from adapters.demo import DemoAdapter
from adapters.demo.corpus import CLASS_MIX
from adapters.demo.http import DEMO_SEED, DemoNetwork
from adapters.demo.login import demo_accounts, demo_platform
from adapters.demo.send import DemoFaults
from adapters.errors import BadPayload, ConfigError, Gone, NetworkError, Rejected
from adapters.records import (
    BLUESKY_LIMITS,
    MASTODON_DEFAULT_LIMITS,
    Account,
    Mention,
    MentionKind,
    OutgoingReply,
    Platform,
    Visibility,
)
from triage import MentionClass
from triage.sla import Urgency, default_sla_policy, due, urgency

ANCHOR = datetime(2025, 3, 10, 12, 0, tzinfo=UTC)
INTERVAL = timedelta(seconds=20)
MASTODON, BLUESKY = demo_accounts()
ROOT = Path(__file__).resolve().parent.parent


class FakeClock:
    """A fixed, aware time that a test moves forward by hand."""

    def __init__(self, now: datetime = ANCHOR) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def make_network(path: Path, clock: FakeClock, seed: int = DEMO_SEED) -> DemoNetwork:
    return DemoNetwork(path / "demo-network.json", clock, seed=seed, arrival_interval=INTERVAL)


async def pull_all(adapter: DemoAdapter, cursor: str | None = None) -> tuple[list[Mention], str]:
    """Every mention ready now, page by page (bounded: the inbox has far fewer than 50 pages)."""
    mentions: list[Mention] = []
    for _ in range(50):
        batch = await adapter.pull(cursor)
        assert len(batch.mentions) <= 100
        mentions += batch.mentions
        assert batch.cursor is not None
        cursor = batch.cursor
        if not batch.more:
            return mentions, cursor
    raise AssertionError("pull never ran out of pages")


async def everything(network: DemoNetwork) -> list[Mention]:
    result: list[Mention] = []
    for account in demo_accounts():
        result += (await pull_all(DemoAdapter(account, network)))[0]
    return result


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def network(tmp_path: Path, clock: FakeClock) -> DemoNetwork:
    return make_network(tmp_path, clock)


@pytest.fixture
async def inbox(network: DemoNetwork) -> list[Mention]:
    return await everything(network)


def reply_to(account: Account, mention: Mention, text: str) -> OutgoingReply:
    return OutgoingReply(account.id, mention, text)


# --- determinism ---------------------------------------------------------------------------


async def test_same_seed_and_anchor_give_identical_inboxes(tmp_path: Path) -> None:
    first = await everything(make_network(tmp_path / "a", FakeClock()))
    random.seed(12345)  # the global random must play no part
    second = await everything(make_network(tmp_path / "b", FakeClock()))
    other_seed = await everything(make_network(tmp_path / "c", FakeClock(), seed=DEMO_SEED + 1))
    assert first == second
    assert [m.meta for m in first] == [m.meta for m in second]
    assert [m.text for m in first] != [m.text for m in other_seed]


def test_inbox_is_the_same_in_a_process_with_another_hash_seed(tmp_path: Path) -> None:
    """Salted ``hash()`` or set order leaking into generation would change the texts."""
    script = (
        "import hashlib, sys\n"
        "from datetime import UTC, datetime\n"
        "from adapters.demo.inbox import generate_inbox\n"
        "inbox = generate_inbox(int(sys.argv[1]), datetime(2025, 3, 10, 12, tzinfo=UTC))\n"
        "rows = [(m.remote_id, m.author.handle, m.text) for ms in inbox.mentions.values() "
        "for m in ms]\n"
        "print(hashlib.sha256(repr(rows).encode()).hexdigest())\n"
    )
    digests = []
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        done = subprocess.run(
            [sys.executable, "-c", script, str(DEMO_SEED)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        digests.append(done.stdout.strip())
    from adapters.demo.inbox import generate_inbox

    inbox = generate_inbox(DEMO_SEED, ANCHOR)
    rows = [(m.remote_id, m.author.handle, m.text) for ms in inbox.mentions.values() for m in ms]
    assert digests == [hashlib.sha256(repr(rows).encode()).hexdigest()] * 2


# --- the inbox ----------------------------------------------------------------------------


async def test_inbox_size_authors_and_platform_split(inbox: list[Mention]) -> None:
    assert len(inbox) >= 300
    assert len({m.remote_id for m in inbox}) == len(inbox)
    per_author = Counter(m.author.remote_id for m in inbox)
    assert 70 <= len(per_author) <= 90
    assert sum(1 for n in per_author.values() if 3 <= n <= 6) >= 5
    mastodon_share = sum(m.platform is Platform.MASTODON for m in inbox) / len(inbox)
    assert 0.5 <= mastodon_share <= 0.7
    assert all(m.created_at <= ANCHOR for m in inbox)
    assert min(m.created_at for m in inbox) >= ANCHOR - timedelta(days=14, minutes=2)


async def test_authors_look_like_their_network(inbox: list[Mention]) -> None:
    for mention in inbox:
        author = mention.author
        assert 3 <= author.followers <= 50_000
        assert author.url.startswith("https://")
        if mention.platform is Platform.MASTODON:
            assert author.handle.count("@") == 2
            assert author.handle.startswith("@")
            assert mention.account_id == "demo:mastodon"
            assert mention.remote_id.startswith("m-")
        else:
            assert author.handle.endswith(".bsky.social")
            assert mention.remote_id.startswith("at://did:plc:demo")
            assert "/app.bsky.feed.post/" in mention.remote_id
            assert mention.account_id == "demo:bluesky"
    followers = sorted(m.author.followers for m in inbox)
    assert followers[0] < 50
    assert followers[-1] > 5_000


async def test_class_mix_follows_the_intended_shares(
    network: DemoNetwork, inbox: list[Mention]
) -> None:
    labels = Counter(network.intended_class(m.remote_id) for m in inbox)
    assert set(labels) == set(CLASS_MIX)
    for label, percent in CLASS_MIX.items():
        assert abs(100 * labels[label] / len(inbox) - percent) <= 3, label


async def test_texts_are_varied_and_fit_their_network(inbox: list[Mention]) -> None:
    assert len({m.text for m in inbox}) >= 280
    for mention in inbox:
        limit = 500 if mention.platform is Platform.MASTODON else 300
        assert len(mention.text) <= limit or "This is going to be long" in mention.text
    assert {"fr", "de", "en"} <= {m.language for m in inbox}
    assert any(m.content_warning for m in inbox)
    assert any(m.attachments for m in inbox)
    kinds = {m.kind for m in inbox}
    assert {MentionKind.MENTION, MentionKind.REPLY, MentionKind.QUOTE, MentionKind.DIRECT} <= kinds
    for mention in inbox:
        if mention.kind is MentionKind.DIRECT:
            assert mention.platform is Platform.MASTODON
            assert mention.visibility is Visibility.DIRECT


async def test_hostile_samples_are_carried_faithfully(inbox: list[Mention]) -> None:
    texts = "\n".join(m.text for m in inbox)
    for needle in (
        "\x1b[31m",
        "\x1b]0;pwned\x07",
        "\x1b[2J",
        "[bold red]REFUND NOW[/bold red]",
        "[link=https://evil.example]click[/link]",
        "[@click=app.quit]x[/]",
        "\u202e",
        "👨‍👩‍👧",
        "\u200d",
        "\x08",
        "\x7f",
    ):
        assert needle in texts, repr(needle)
    assert "\x00" not in texts
    assert max(len(m.text) for m in inbox) >= 4_500
    names = [m.author.display_name for m in inbox]
    assert any("[bold red]" in name and "\x1b[" in name for name in names)


def urgencies(network: DemoNetwork, inbox: list[Mention], now: datetime) -> Counter[Urgency]:
    """How urgent each waiting mention is by its intended class under the default SLAs."""
    policy = default_sla_policy()
    result: Counter[Urgency] = Counter()
    for m in inbox:
        if m.answered_at is None:
            cls = MentionClass(network.intended_class(m.remote_id) or "")
            when = due(m.created_at, cls, m.platform, policy)
            result[urgency(when, m.created_at, now, policy)] += 1
    return result


async def test_answered_and_overdue_mentions(network: DemoNetwork, inbox: list[Mention]) -> None:
    answered = [m for m in inbox if m.answered_at is not None]
    assert 0.75 <= len(answered) / len(inbox) <= 0.90  # the brand keeps up
    signers = {m.answered_by for m in answered}
    assert "Fernbrook Coffee Roasters" in signers
    assert "Priya (web)" in signers
    for mention in answered:
        assert mention.answered_at is not None
        assert mention.answered_at > mention.created_at
        assert mention.answered_at == network.replies_to(mention.remote_id)[0].created_at
    old = [m for m in inbox if ANCHOR - m.created_at > timedelta(days=3)]
    waiting = [
        m for m in old if not m.answered_at and network.intended_class(m.remote_id) != "spam"
    ]
    assert len(waiting) <= 2  # only late answers still to come; the backlog is of the last days
    complaints = [
        m for m in inbox if network.intended_class(m.remote_id) == "complaint" and not m.answered_at
    ]
    fresh = [m for m in complaints if ANCHOR - m.created_at < timedelta(hours=1)]
    assert len(fresh) >= 2


@pytest.mark.parametrize("seed", [DEMO_SEED, 1, 2, 3, 4, 5])
async def test_a_fresh_demo_has_a_few_overdue_some_at_risk_the_rest_due_later(
    tmp_path: Path, clock: FakeClock, seed: int
) -> None:
    """Judged by each mention's intended class, so a classifier's mistakes don't count here."""
    network = make_network(tmp_path, clock, seed)
    counts = urgencies(network, await everything(network), ANCHOR)
    assert 3 <= counts[Urgency.OVERDUE] <= 8, counts
    assert counts[Urgency.OK] > 2 * counts[Urgency.OVERDUE], counts
    if seed == DEMO_SEED:
        assert counts[Urgency.AT_RISK] >= 1, counts


# --- paging and the live stream -----------------------------------------------------------


async def test_paging_reaches_every_mention_exactly_once(network: DemoNetwork) -> None:
    for account in demo_accounts():
        adapter = DemoAdapter(account, network)
        first = await adapter.pull(None)
        assert len(first.mentions) == 100
        assert first.more
        mentions, cursor = await pull_all(adapter)
        platform = demo_platform(account)
        assert all(m.platform is platform for m in mentions)
        assert [m.remote_id for m in mentions] == [
            m.remote_id for m in (await pull_all(adapter))[0]
        ]
        assert len({m.remote_id for m in mentions}) == len(mentions)
        assert [m.created_at for m in mentions] == sorted(m.created_at for m in mentions)
        again = await adapter.pull(cursor)
        assert again.mentions == ()
        assert not again.more
        assert again.cursor == cursor


@pytest.mark.parametrize(
    "cursor", ["", "garbage", "demo1:mastodon:1", "demo1:bluesky:0:0", "demo1:mastodon:-1:0",
               "demo1:mastodon:9999:0", "demo1:mastodon:١:0"],
)  # fmt: skip
async def test_unreadable_cursor_is_bad_payload(network: DemoNetwork, cursor: str) -> None:
    with pytest.raises(BadPayload):
        await DemoAdapter(MASTODON, network).pull(cursor)


async def test_live_mention_arrives_only_once_its_time_has_come(
    tmp_path: Path, clock: FakeClock
) -> None:
    network = make_network(tmp_path, clock)
    adapters = [DemoAdapter(account, network) for account in demo_accounts()]
    cursors = [(await pull_all(a))[1] for a in adapters]
    clock.now = ANCHOR + INTERVAL - timedelta(microseconds=1)
    assert [len((await pull_all(a, c))[0]) for a, c in zip(adapters, cursors, strict=True)] == [
        0,
        0,
    ]
    clock.now = ANCHOR + INTERVAL
    new = [(await pull_all(a, c))[0] for a, c in zip(adapters, cursors, strict=True)]
    arrived = new[0] + new[1]
    assert len(arrived) == 1
    assert arrived[0].created_at == ANCHOR + INTERVAL
    assert network.intended_class(arrived[0].remote_id) in CLASS_MIX


async def test_live_mentions_are_stable_and_found_after_a_restart(
    tmp_path: Path, clock: FakeClock
) -> None:
    network = make_network(tmp_path, clock)
    network.ensure_ready()  # anchored now; the live stream starts here
    clock.now = ANCHOR + 40 * INTERVAL
    live = [m for m in await everything(network) if m.created_at > ANCHOR]
    assert len(live) == 40
    assert {m.platform for m in live} == {Platform.MASTODON, Platform.BLUESKY}  # the demo's sides
    restarted = make_network(tmp_path, clock)
    assert [m for m in await everything(restarted) if m.created_at > ANCHOR] == live
    for mention in live:
        account = MASTODON if mention.platform is Platform.MASTODON else BLUESKY
        thread = await DemoAdapter(account, restarted).thread(mention)
        assert [p.remote_id for p in thread if p.is_focus] == [mention.remote_id]


# --- threads ------------------------------------------------------------------------------


async def test_threads_are_one_to_five_deep_with_focus_and_brand_replies(
    network: DemoNetwork, inbox: list[Mention]
) -> None:
    depths: Counter[int] = Counter()
    with_brand_reply = 0
    for mention in inbox:
        account = MASTODON if mention.platform is Platform.MASTODON else BLUESKY
        thread = await DemoAdapter(account, network).thread(mention)
        focus = [i for i, post in enumerate(thread) if post.is_focus]
        assert len(focus) == 1
        assert thread[focus[0]].remote_id == mention.remote_id
        assert thread[focus[0]].text == mention.text
        depths[focus[0] + 1] += 1
        times = [post.created_at for post in thread]
        assert times == sorted(times)
        parents = thread[: focus[0]]
        if mention.in_reply_to_id is not None:
            assert parents[-1].remote_id == mention.in_reply_to_id
            assert parents[0].remote_id == mention.thread_root_id
        after = thread[focus[0] + 1 :]
        assert all(post.is_brand and post.in_reply_to_id == mention.remote_id for post in after)
        assert bool(after) == (mention.answered_at is not None)
        with_brand_reply += bool(after)
        if any(p.is_brand for p in parents):
            with_brand_reply += 1
    assert set(depths) == {1, 2, 3, 4, 5}
    assert with_brand_reply >= 40


async def test_thread_of_an_unknown_mention_is_gone(network: DemoNetwork) -> None:
    mastodon_mentions, _ = await pull_all(DemoAdapter(MASTODON, network))
    bluesky_mentions, _ = await pull_all(DemoAdapter(BLUESKY, network))
    adapter = DemoAdapter(MASTODON, network)
    for remote_id in ("m-999999", "m-live-000003", bluesky_mentions[0].remote_id):
        with pytest.raises(Gone):
            await adapter.thread(replace(mastodon_mentions[0], remote_id=remote_id))


# --- sending ------------------------------------------------------------------------------


async def test_send_persists_across_a_new_network(tmp_path: Path, clock: FakeClock) -> None:
    network = make_network(tmp_path, clock)
    for account in demo_accounts():
        mention = next(
            m for m in (await pull_all(DemoAdapter(account, network)))[0] if not m.answered_at
        )
        clock.now += timedelta(minutes=3)
        sent = await DemoAdapter(account, network).send(
            reply_to(account, mention, "Sorry! 💚"), f"key-{account.id}"
        )
        assert sent.in_reply_to_id == mention.remote_id
        assert sent.created_at == clock.now
        assert sent.url.startswith("https://")

        restarted = make_network(tmp_path, clock)
        assert restarted.replies_to(mention.remote_id) == [sent]
        adapter = DemoAdapter(account, restarted)
        thread = await adapter.thread(mention)
        assert thread[-1].is_brand
        assert thread[-1].remote_id == sent.remote_id
        pulled = next(m for m in (await pull_all(adapter))[0] if m.remote_id == mention.remote_id)
        assert pulled.answered_at == sent.created_at
    saved = json.loads((tmp_path / "demo-network.json").read_text(encoding="utf-8"))
    assert len(saved["sent"]) == 2


async def test_the_same_key_posts_once(network: DemoNetwork, inbox: list[Mention]) -> None:
    mention = next(m for m in inbox if m.platform is Platform.BLUESKY and not m.answered_at)
    adapter = DemoAdapter(BLUESKY, network)
    first = await adapter.send(reply_to(BLUESKY, mention, "On it!"), "rd-1-aaaaaaaaaaaa")
    second = await adapter.send(reply_to(BLUESKY, mention, "On it!"), "rd-1-aaaaaaaaaaaa")
    assert first == second
    assert network.replies_to(mention.remote_id) == [first]
    third = await adapter.send(reply_to(BLUESKY, mention, "On it!"), "rd-2-bbbbbbbbbbbb")
    assert third.remote_id != first.remote_id
    assert len(network.replies_to(mention.remote_id)) == 2


async def test_fault_before_post_leaves_nothing_posted(tmp_path: Path, clock: FakeClock) -> None:
    network = make_network(tmp_path, clock)
    mention = next(m for m in await everything(network) if not m.answered_at)
    state_before = (tmp_path / "demo-network.json").read_bytes()
    faults = DemoFaults(before_post=NetworkError("connection reset"))
    adapter = DemoAdapter(MASTODON, network, faults=faults)
    reply = reply_to(MASTODON, mention, "Hello!")
    with pytest.raises(NetworkError):
        await adapter.send(reply, "k-1")
    assert network.replies_to(mention.remote_id) == []
    assert (tmp_path / "demo-network.json").read_bytes() == state_before
    assert await adapter.reconcile(reply, "k-1") is None


async def test_fault_after_post_leaves_the_reply_and_reconcile_finds_it(
    tmp_path: Path, clock: FakeClock
) -> None:
    network = make_network(tmp_path, clock)
    mention = next(m for m in await everything(network) if not m.answered_at)
    faults = DemoFaults(after_post=TimeoutError("read timed out"))
    reply = reply_to(MASTODON, mention, "We've refunded you.")
    with pytest.raises(TimeoutError):
        await DemoAdapter(MASTODON, network, faults=faults).send(reply, "k-2")
    posted = network.replies_to(mention.remote_id)
    assert [r.text for r in posted] == [reply.text]
    # After a "crash": a fresh process on the same file finds it by reading the thread.
    adapter = DemoAdapter(MASTODON, make_network(tmp_path, clock))
    assert await adapter.reconcile(reply, "another-key") == posted[0]
    assert await adapter.reconcile(replace(reply, text="Something else"), "k-2") is None


MASTODON_P, BLUESKY_P = Platform.MASTODON, Platform.BLUESKY  # the two sides of DemoNetwork


async def test_send_refuses_what_the_network_would(
    network: DemoNetwork, inbox: list[Mention]
) -> None:
    sides = (Platform.MASTODON, Platform.BLUESKY)  # the demo's two networks
    by_platform = {p: next(m for m in inbox if m.platform is p) for p in sides}
    mastodon = DemoAdapter(MASTODON, network)
    bluesky = DemoAdapter(BLUESKY, network)
    long_link = "https://fernbrook.example/" + "x" * 200
    await mastodon.send(
        reply_to(MASTODON, by_platform[Platform.MASTODON], "a" * 470 + " " + long_link), "ok-1"
    )
    with pytest.raises(Rejected):
        await mastodon.send(reply_to(MASTODON, by_platform[Platform.MASTODON], "a" * 501), "k-3")
    await bluesky.send(reply_to(BLUESKY, by_platform[Platform.BLUESKY], "👨‍👩‍👧" * 150), "ok-2")
    with pytest.raises(Rejected):
        await bluesky.send(reply_to(BLUESKY, by_platform[Platform.BLUESKY], "b" * 301), "k-4")
    with pytest.raises(Rejected):
        await bluesky.send(reply_to(BLUESKY, by_platform[Platform.BLUESKY], "  "), "k-5")
    with pytest.raises(Gone):
        await bluesky.send(reply_to(BLUESKY, by_platform[Platform.MASTODON], "hi"), "k-6")


# --- the state file -----------------------------------------------------------------------


def test_nothing_is_written_before_first_use(tmp_path: Path, clock: FakeClock) -> None:
    network = make_network(tmp_path, clock)
    assert not (tmp_path / "demo-network.json").exists()
    assert network.anchor == ANCHOR
    assert (tmp_path / "demo-network.json").exists()
    clock.now += timedelta(days=3)
    assert make_network(tmp_path, clock).anchor == ANCHOR  # the inbox stays put


@pytest.mark.parametrize(
    "content",
    [b"{not json", b"\xff\xfe\x00garbage", b"[1, 2, 3]", b'{"format": "other"}',
     b'{"format": "replydesk-demo-network", "version": 1, "seed": 1, "anchor": "noon",'
     b' "sent": []}'],
)  # fmt: skip
async def test_unreadable_state_file_raises_and_is_left_alone(
    tmp_path: Path, clock: FakeClock, content: bytes
) -> None:
    state_file = tmp_path / "demo-network.json"
    state_file.write_bytes(content)
    network = make_network(tmp_path, clock)
    with pytest.raises(ConfigError) as caught:
        await DemoAdapter(MASTODON, network).whoami()
    assert str(state_file) in caught.value.msg
    assert "Delete it" in caught.value.msg
    with pytest.raises(ConfigError):
        await DemoAdapter(BLUESKY, network).pull(None)
    assert state_file.read_bytes() == content
    assert sorted(os.listdir(tmp_path)) == ["demo-network.json"]  # no stray temporary file


def test_state_file_of_another_seed_is_refused(tmp_path: Path, clock: FakeClock) -> None:
    assert make_network(tmp_path, clock).anchor == ANCHOR
    with pytest.raises(ConfigError, match="seed"):
        _ = make_network(tmp_path, clock, seed=DEMO_SEED + 1).anchor


def test_unwritable_state_folder_is_a_config_error(tmp_path: Path, clock: FakeClock) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    network = make_network(blocker, clock)
    with pytest.raises(ConfigError, match="cannot save"):
        network.ensure_ready()


# --- the protocol -------------------------------------------------------------------------


async def test_accounts_platforms_limits_and_protocol(network: DemoNetwork) -> None:
    assert [a.id for a in demo_accounts()] == ["demo:mastodon", "demo:bluesky"]
    assert MASTODON.handle == "@fernbrook@demo.social"
    assert BLUESKY.handle == "fernbrook.demo.bsky"
    assert {a.display_name for a in demo_accounts()} == {"Fernbrook Coffee Roasters"}
    assert demo_platform(MASTODON) is Platform.MASTODON
    assert demo_platform(BLUESKY) is Platform.BLUESKY
    with pytest.raises(ConfigError):
        demo_platform(Account("mastodon:@x@y", "mastodon", "@x@y"))
    mastodon = DemoAdapter(MASTODON, network)
    bluesky = DemoAdapter(BLUESKY, network)
    assert isinstance(mastodon, Adapter)
    assert await mastodon.whoami() == MASTODON
    assert await mastodon.limits() == MASTODON_DEFAULT_LIMITS
    assert await bluesky.limits() == BLUESKY_LIMITS
    await mastodon.aclose()
