"""The Accounts screen's form built from a network's ``LoginSpec``: Facebook with a pasted user
token (the Pages picked in a box) and Threads, against the fakes on 127.0.0.1."""

from __future__ import annotations

import webbrowser
from pathlib import Path

import pytest
from textual.widgets import Input, SelectionList

from tests.conftest import FakeClock
from tests.fakes.meta import FakeGraph
from tests.fakes.meta_seed import PAGE_ID
from tests.memory_keyring import MemoryKeyring
from tests.pilot_helpers import SIZE, wait_for
from tui.app import make_app
from tui.screens.accounts import AccountsScreen
from tui.screens.pick_many import PickMany
from tui.screens.welcome import WelcomeScreen
from tui.widgets.table_login import TableLogin


@pytest.fixture(autouse=True)
def no_browser(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(webbrowser, "open", lambda *_a, **_k: False)


async def test_facebook_pages_are_picked_in_a_box_and_added(
    home: Path, clock: FakeClock, memory_keyring: MemoryKeyring
) -> None:
    with FakeGraph(clock) as fake:
        app = make_app(home=home, clock=clock, live=False)
        async with app.run_test(size=SIZE) as pilot:
            await wait_for(pilot, lambda: isinstance(app.screen, WelcomeScreen))
            await pilot.press("a", "f")
            assert isinstance(app.screen, AccountsScreen)
            form = app.screen.query_one(TableLogin)
            fields = [i.id for i in form.query(Input)]
            assert fields == ["facebook-token_stdin", "facebook-page", "facebook-api_base"]
            token = form.query_one("#facebook-token_stdin", Input)
            assert token.password and app.screen.focused is token
            await pilot.press(*fake.user_token, "tab", "tab")
            base = form.query_one("#facebook-api_base", Input)
            assert base.value == "https://graph.facebook.com/v21.0"  # the option's default
            base.value = fake.base_url
            await pilot.press("enter")
            await wait_for(
                pilot, lambda: isinstance(app.screen, PickMany) and app.screen.query(SelectionList)
            )
            picker = app.screen.query_one(SelectionList)
            assert [str(picker.get_option_at_index(n).prompt) for n in range(2)] == [
                "MyLife (+ Instagram @ikroskun)",
                "Second Page",
            ]
            await pilot.press("space", "enter")  # the first Page only
            await wait_for(pilot, lambda: app.profile.store.accounts() != [])
            [account] = app.profile.store.accounts()
            assert account.id == f"facebook:{PAGE_ID}" and account.server == fake.base_url
            assert memory_keyring.get_password("replydesk", f"{account.id}/page_token") == (
                fake.page_token
            )
            assert fake.user_token not in memory_keyring.secrets.values()


async def test_a_refused_token_is_said_in_the_form_and_nothing_saved(
    home: Path, clock: FakeClock, memory_keyring: MemoryKeyring
) -> None:
    with FakeGraph(clock) as fake:
        app = make_app(home=home, clock=clock, live=False)
        async with app.run_test(size=SIZE) as pilot:
            await wait_for(pilot, lambda: isinstance(app.screen, WelcomeScreen))
            await pilot.press("a", "f", *"nonsense", "tab", *"MyLife", "tab")
            form = app.screen.query_one(TableLogin)
            form.query_one("#facebook-api_base", Input).value = fake.base_url
            await pilot.press("enter")
            status = form.query_one(".login-status")
            await wait_for(pilot, lambda: "Meta refused this token" in str(status.render()))
            assert app.profile.store.accounts() == [] and memory_keyring.secrets == {}


async def test_threads_gets_a_form_from_its_spec(
    home: Path, clock: FakeClock, memory_keyring: MemoryKeyring
) -> None:
    app = make_app(home=home, clock=clock, live=False)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, WelcomeScreen))
        await pilot.press("a", "h")
        form = app.screen.query_one(TableLogin)
        assert [i.id for i in form.query(Input)] == [
            "threads-target",
            "threads-token_stdin",
            "threads-api_base",
        ]
        # Enter in a field that is not the last moves on; in the last it signs in.
        await pilot.press(*"yourbrand", "enter")
        assert app.screen.focused is form.query_one("#threads-token_stdin", Input)
        await pilot.press("enter", "enter")  # no token: the browser sign-in, with no app set up
        status = form.query_one(".login-status")
        await wait_for(pilot, lambda: "Threads app id" in str(status.render()))
        assert app.profile.store.accounts() == []
