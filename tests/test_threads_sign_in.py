"""The header's note on a Threads sign-in: a week's warning, then "sign in again"."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from adapters.errors import AuthError
from adapters.sign_in import expiry_notice, sign_in_notices
from adapters.threads.adapter import ThreadsAdapter
from adapters.threads.login import ThreadsToken
from tests.conftest import FakeClock
from tests.fakes.threads import ACCOUNT, TOKEN, FakeThreads, pull_all
from tests.memory_keyring import MemoryKeyring
from tests.pilot_helpers import SIZE, demo_app, wait_for, wait_ready
from tui.sign_in_note import sign_in_note, sign_in_part
from tui.widgets.status import StatusBar


def open_with(fake: FakeThreads, issued_ago: timedelta, lasts: timedelta) -> ThreadsAdapter:
    issued = fake.now - issued_ago
    token = ThreadsToken(TOKEN, issued, issued + lasts)
    return ThreadsAdapter(ACCOUNT, token, transport=fake.transport(), clock=lambda: fake.now)


def test_the_notice_starts_a_week_ahead() -> None:
    fake = FakeThreads()
    now = fake.now
    assert expiry_notice("Threads", "sign in", now + timedelta(days=8), now, refused=False) is None
    assert expiry_notice("Threads", "sign in", None, now, refused=False) is None
    soon = expiry_notice("Threads", "sign in", now + timedelta(days=5, hours=2), now, refused=False)
    assert soon == "Threads sign-in ends in 5 days: a sync will refresh it, or sign in again"
    today = expiry_notice("Threads", "sign in", now + timedelta(hours=3), now, refused=False)
    assert today is not None and "ends today" in today
    ended = expiry_notice("Threads", "sign in again", now, now, refused=False)
    assert ended == "Threads sign-in has ended: sign in again"
    later = now + timedelta(days=30)
    assert expiry_notice("Threads", "x", later, now, refused=True) == "Threads sign-in has ended: x"


async def test_a_sync_refreshes_the_token_and_the_warning_goes(
    memory_keyring: MemoryKeyring,
) -> None:
    fake = FakeThreads()
    threads = open_with(fake, issued_ago=timedelta(days=55), lasts=timedelta(days=60))
    note = threads.sign_in_notice()
    assert note is not None and "ends in 5 days" in note and ACCOUNT.at_handle in note
    await pull_all(threads)
    assert threads.sign_in_notice() is None  # refreshed: 60 days again
    await threads.aclose()


async def test_a_lapsed_or_revoked_token_says_sign_in_again_and_keeps_saying_it(
    memory_keyring: MemoryKeyring,
) -> None:
    fake = FakeThreads()
    lapsed = open_with(fake, issued_ago=timedelta(days=61), lasts=timedelta(days=60))
    revoked = open_with(fake, issued_ago=timedelta(hours=2), lasts=timedelta(days=60))
    fake.tokens = {"another"}
    assert revoked.sign_in_notice() is None  # not known yet: Threads has not refused it
    for _ in range(3):  # every sync fails the same typed way; nothing crashes or loops
        for threads in (lapsed, revoked):
            with pytest.raises(AuthError):
                await threads.pull(None)
            note = threads.sign_in_notice()
            assert note is not None and "has ended" in note
            assert f"replydesk account add threads {ACCOUNT.at_handle}" in note
    assert [n.split(":")[0] for n in sign_in_notices([lapsed, object(), revoked])] == [
        f"Threads ({ACCOUNT.at_handle}) sign-in has ended"
    ] * 2
    await lapsed.aclose()
    await revoked.aclose()


def test_the_header_piece_is_plain_text_coloured_by_urgency() -> None:
    assert sign_in_part("") == []
    assert sign_in_note([object()]).note == ""
    soon = sign_in_part("Threads ([b]x[/b]) sign-in ends in 2 days: a sync will refresh it")
    ended = sign_in_part("Threads (@x) sign-in has ended: sign in again")
    assert "[b]x[/b]" in soon[1].plain  # a handle is never read as markup
    assert soon[1].spans[0].style == "$warning"
    assert ended[1].spans[0].style == "bold $error"


async def test_the_header_says_sign_in_again_and_syncing_goes_on(
    home: Path, clock: FakeClock, memory_keyring: MemoryKeyring
) -> None:
    """A lapsed Threads login beside the demo account: each sync fails the same typed way,
    the header keeps saying what to do, the demo account still syncs."""
    app = demo_app(home, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_ready(pilot)
        status = screen.query_one(StatusBar)
        fake = FakeThreads(now=clock())
        screen.rd.adapters[ACCOUNT.id] = open_with(
            fake, issued_ago=timedelta(days=61), lasts=timedelta(days=60)
        )
        for _ in range(2):
            await screen.sync_once()
            await wait_for(pilot, lambda: "has ended" in status.sign_in)
        assert "replydesk account add threads" in status.render().plain
        assert screen.pull_backoff.failures[ACCOUNT.id] >= 1
