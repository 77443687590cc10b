"""Signing in to X: PKCE on a loopback redirect with ``state``, tokens only in the keyring,
``account add x --token-stdin --api-base`` over plain http on loopback, sign-out and revocation."""

from __future__ import annotations

import asyncio
import webbrowser
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from adapters.errors import AuthError
from adapters.networks import network_of
from adapters.x.login import TOKENS, load_tokens, revoke, store_tokens
from adapters.x.oauth import SCOPES, sign_in
from adapters.x.tokens import XTokens
from tests.conftest import FakeClock
from tests.fakes.x import BRAND_ID, CLIENT_ID, FakeX, brand_account, oauth_tokens
from tests.memory_keyring import MemoryKeyring
from tests.pilot_helpers import SIZE, wait_for
from tui.app import make_app
from tui.screens.accounts import AccountsScreen
from tui.screens.welcome import WelcomeScreen
from tui.widgets.login_forms import XLogin


async def start(fake: FakeX, clock: FakeClock) -> tuple[asyncio.Task[XTokens], str]:
    """Start the sign-in; returns it running and the consent address it showed."""
    shown: asyncio.Queue[str] = asyncio.Queue()
    flow = asyncio.create_task(
        sign_in(CLIENT_ID, show=shown.put_nowait, wait=10, transport=fake.transport, clock=clock)
    )
    return flow, await asyncio.wait_for(shown.get(), 10)


async def test_pkce_sign_in_on_a_loopback_redirect(clock: FakeClock) -> None:
    fake = FakeX(clock)
    flow, url = await start(fake, clock)
    assert url.startswith("https://x.com/i/oauth2/authorize?")
    query = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
    assert query["scope"] == SCOPES and query["code_challenge_method"] == "S256"
    assert query["redirect_uri"].startswith("http://127.0.0.1:")
    assert await fake.consent(url, state="forged") == 400  # a wrong state is turned away
    assert await fake.consent(url) == 200
    tokens = await flow
    assert tokens.access_token == fake.access_token and tokens.client_id == CLIENT_ID
    assert tokens.refresh_token and tokens.expires_at is not None


async def test_denied_consent_saves_nothing(clock: FakeClock) -> None:
    fake = FakeX(clock)
    flow, url = await start(fake, clock)
    assert await fake.consent(url, error="access_denied", code="") == 200
    with pytest.raises(AuthError, match="access_denied"):
        await flow
    assert not fake.requests


async def test_tokens_live_in_the_keyring_and_revoke_forgets_them(
    clock: FakeClock, memory_keyring: MemoryKeyring
) -> None:
    fake = FakeX(clock)
    account = brand_account()
    store_tokens(account, oauth_tokens(fake))
    assert load_tokens(account).refresh_token == fake.refresh_token
    await revoke(account, transport=fake.transport)
    assert fake.revoked
    assert memory_keyring.get_password("replydesk", f"{account.id}/{TOKENS}") is None
    with pytest.raises(AuthError, match="account add x"):
        load_tokens(account)


def test_token_stdin_over_plain_http_on_loopback(
    run: Any, clock: FakeClock, memory_keyring: MemoryKeyring
) -> None:
    fake = FakeX(clock)
    fake.token_expires = fake.token_expires.replace(year=2100)  # real time passes here
    with fake.serve() as base_url:
        code, out, err = run(
            "account", "add", "x", "--token-stdin", "--api-base", base_url, stdin=fake.access_token
        )
        assert code == 0, err
        assert "@Twitter" in out
        account = network_of(brand_account())  # the table knows the network
        assert account.name == "x"
        stored = memory_keyring.get_password("replydesk", f"x:{BRAND_ID}/{TOKENS}")
        assert stored is not None and fake.access_token in stored
        code, out, _ = run("sync", "--once")
        assert code == 0 and out.startswith("@Twitter: ")
        assert fake.validated > 0


def test_plain_http_api_base_elsewhere_is_refused(run: Any) -> None:
    code, _, err = run(
        "account", "add", "x", "--token-stdin", "--api-base", "http://x.example", stdin="t"
    )
    assert code != 0 and "plain http" in err.lower()


async def test_accounts_screen_adds_x_through_the_browser(
    home: Path, clock: FakeClock, memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(webbrowser, "open", lambda *_a, **_k: False)  # no browser in tests
    fake = FakeX(clock)
    fake.token_expires = fake.token_expires.replace(year=2100)  # the app's own clock runs on
    with fake.serve() as base_url:
        monkeypatch.setattr(XLogin, "api_base", base_url)
        app = make_app(home=home, clock=clock, live=False)
        async with app.run_test(size=SIZE) as pilot:
            await wait_for(pilot, lambda: isinstance(app.screen, WelcomeScreen))
            await pilot.press("a")
            assert isinstance(app.screen, AccountsScreen)
            await pilot.press("t")
            await pilot.press(*CLIENT_ID, "enter")
            form = app.screen.query_one(XLogin)
            await wait_for(pilot, lambda: bool(form.url))
            assert await fake.consent(form.url) == 200
            await wait_for(pilot, lambda: app.profile.store.accounts() != [])
            (account,) = app.profile.store.accounts()
            assert (account.id, account.handle) == (f"x:{BRAND_ID}", "@Twitter")
            assert memory_keyring.get_password("replydesk", f"{account.id}/{TOKENS}")
