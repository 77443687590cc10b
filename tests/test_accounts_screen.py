"""Adding and removing accounts through the Accounts screen, against a fake server on 127.0.0.1."""

from __future__ import annotations

import webbrowser
from pathlib import Path

import pytest
from textual.widgets import Input

from tests.conftest import FakeClock
from tests.fakes.mastodon import FakeMastodon
from tests.memory_keyring import MemoryKeyring
from tests.pilot_helpers import SIZE, type_fast, wait_for, wait_ready
from tui.app import make_app
from tui.screens.accounts import AccountsScreen
from tui.screens.main import MainScreen
from tui.screens.welcome import WelcomeScreen
from tui.widgets.queue import QueueList


@pytest.fixture(autouse=True)
def no_browser(monkeypatch: pytest.MonkeyPatch) -> None:
    # No browser in tests: the screen shows the address either way.
    monkeypatch.setattr(webbrowser, "open", lambda *_a, **_k: False)


async def test_add_mastodon_account_then_answer(
    home: Path, clock: FakeClock, memory_keyring: MemoryKeyring
) -> None:
    with FakeMastodon() as fake:
        app = make_app(home=home, clock=clock, live=False)
        async with app.run_test(size=SIZE) as pilot:
            await wait_for(pilot, lambda: isinstance(app.screen, WelcomeScreen))
            await pilot.press("a")
            assert isinstance(app.screen, AccountsScreen)
            await pilot.press("m")
            await pilot.press(*fake.base_url, "enter")
            await wait_for(pilot, lambda: not app.screen.query_one("#mastodon-code").disabled)
            await pilot.press(*FakeMastodon.CODE, "enter")
            await wait_for(pilot, lambda: app.profile.store.accounts() != [])
            (account,) = app.profile.store.accounts()
            assert account.network == "mastodon"
            assert memory_keyring.get_password("replydesk", f"{account.id}/access_token")
            await pilot.press("escape")
            screen = await wait_ready(pilot)
            assert isinstance(screen, MainScreen)
            assert screen.query_one(QueueList).option_count >= 1
        paths = [r.path for r in fake.requests]
        assert "/api/v1/apps" in paths
        assert "/oauth/token" in paths


async def test_wrong_code_is_explained_and_nothing_saved(
    home: Path, clock: FakeClock, memory_keyring: MemoryKeyring
) -> None:
    with FakeMastodon() as fake:
        app = make_app(home=home, clock=clock, live=False)
        async with app.run_test(size=SIZE) as pilot:
            await wait_for(pilot, lambda: isinstance(app.screen, WelcomeScreen))
            await pilot.press("a", "m", *fake.base_url, "enter")
            await wait_for(pilot, lambda: not app.screen.query_one("#mastodon-code").disabled)
            await pilot.press(*"wrong-code", "enter")
            status = app.screen.query_one(".login-status")
            await wait_for(pilot, lambda: "did not accept" in str(status.render()))
            assert app.profile.store.accounts() == []


async def test_plain_http_server_is_refused(
    home: Path, clock: FakeClock, memory_keyring: MemoryKeyring
) -> None:
    app = make_app(home=home, clock=clock, live=False)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, WelcomeScreen))
        await pilot.press("a", "m", *"http://example.social", "enter")
        status = app.screen.query_one(".login-status")
        await wait_for(pilot, lambda: "Insecure server address" in str(status.render()))
        assert app.profile.store.accounts() == []


FIELDS = ("handle", "service", "password")


@pytest.mark.parametrize("next_field", ["tab", "enter"])
async def test_fast_typing_lands_in_the_right_bluesky_fields(
    home: Path, clock: FakeClock, memory_keyring: MemoryKeyring, next_field: str
) -> None:
    """Every key arrives before the app handles the first: opening the Accounts screen, the
    Bluesky form, the handle, two field changes and the password land where they were meant."""
    app = make_app(home=home, clock=clock, live=False)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, WelcomeScreen))
        handle, password = "brand.test", "abcd-efgh-ijkl-mnop"
        type_fast(app, "a", "b", *handle, next_field, next_field, *password)
        await wait_for(pilot, lambda: bool(app.screen.query("#bluesky-password")))
        values = [app.screen.query_one(f"#bluesky-{name}", Input) for name in FIELDS]
        service = values[1].value
        # Every character typed has landed somewhere: only then are the fields compared.
        await wait_for(pilot, lambda: sum(len(v.value) for v in values) >= len(handle + password))
        assert [v.value for v in values] == [handle, service, password]
        assert service == "https://bsky.social"
        assert app.focused is values[2]
