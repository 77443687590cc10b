"""Threads' browser sign-in: a code on the loopback redirect, exchanged twice, against a fake
Threads API served on 127.0.0.1."""

from __future__ import annotations

import threading
from datetime import timedelta
from pathlib import Path
from types import MappingProxyType
from urllib.parse import parse_qs, urlsplit

import pytest

from adapters.entry import LoginRequest, Prompter
from adapters.errors import AuthError, ConfigError
from adapters.loopback_login import redirect_uri
from adapters.threads.browser_login import SCOPES, authorize_url
from adapters.threads.login import load_token, login_from_terminal
from settings.config import load_config
from settings.paths import default_paths
from tests.cli_helpers import run_captured
from tests.fakes.threads import ACCOUNT, APP_SECRET, BRAND, TOKEN, FakeThreads
from tests.memory_keyring import MemoryKeyring
from tests.test_meta_login import browser, free_port


def request(fake: FakeThreads, port: int, open_url: object, secret: str = "") -> LoginRequest:
    options = {"token_stdin": False, "api_base": fake.base_url}
    settings = {"app_id": "1234567890", "app_secret": secret, "redirect_port": port}
    prompter = Prompter(
        say=lambda _: None,
        ask=lambda _: "",
        secret=lambda _: APP_SECRET,
        piped=lambda: "",
        open_url=open_url,  # type: ignore[arg-type]
    )
    return LoginRequest(BRAND, options, prompter, MappingProxyType(settings))


def test_the_window_asks_for_a_code_with_state() -> None:
    query = parse_qs(urlsplit(authorize_url("1234", 8765, "s")).query)
    assert query["response_type"] == ["code"] and query["state"] == ["s"]
    assert query["redirect_uri"] == ["http://localhost:8765/callback"]
    assert query["scope"][0].split(",") == list(SCOPES)
    with pytest.raises(ConfigError, match=r"\[threads\] app_id"):
        authorize_url("", 8765, "s")


async def test_a_browser_sign_in_stores_a_long_lived_token(memory_keyring: MemoryKeyring) -> None:
    seen: list[str] = []
    visits: list[threading.Thread] = []
    port = free_port()
    with FakeThreads() as fake:
        fake.codes = {"AQBx-code"}
        answer = browser(lambda state: f"code=AQBx-code&state={state}", seen, visits)
        account = await login_from_terminal(
            request(fake, port, answer), clock=lambda: fake.now
        )  # the secret is asked for: the config has none
        for visit in visits:
            visit.join(timeout=5)
    assert account.id == ACCOUNT.id
    assert seen == ["Signed in. You can close this tab and go back to the terminal."]
    assert fake.redirects == [redirect_uri(port)]  # the same address as the window's
    stored = load_token(account)
    assert stored.token == TOKEN
    assert stored.expires_at == fake.now + timedelta(seconds=5183944)
    assert APP_SECRET not in str(memory_keyring.secrets)


async def test_a_used_code_or_a_denial_saves_nothing(memory_keyring: MemoryKeyring) -> None:
    seen: list[str] = []
    visits: list[threading.Thread] = []
    with FakeThreads() as fake:
        answer = browser(lambda state: f"code=used-code&state={state}", seen, visits)
        with pytest.raises(AuthError, match="Matching code was not found"):
            await login_from_terminal(request(fake, free_port(), answer, APP_SECRET))
        denied = browser(
            lambda state: f"error=access_denied&error_reason=user_denied&state={state}",
            seen,
            visits,
        )
        with pytest.raises(AuthError, match="Threads sign-in did not complete: user_denied"):
            await login_from_terminal(request(fake, free_port(), denied, APP_SECRET))
        for visit in visits:
            visit.join(timeout=5)
    assert memory_keyring.secrets == {}


def test_the_threads_app_comes_from_the_config(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[threads]\napp_id = "42"\nredirect_port = 9001\n', encoding="utf-8")
    config = load_config(path)
    assert (config.threads.app_id, config.threads.redirect_port, config.warnings) == (
        "42",
        9001,
        (),
    )
    path.write_text("[threads]\nredirect_port = 80\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"threads\.redirect_port"):
        load_config(path)


def test_account_add_signs_in_with_the_configured_app(
    home: Path,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    seen: list[str] = []
    visits: list[threading.Thread] = []
    port = free_port()
    config = default_paths(home).config_file
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(
        f'[threads]\napp_id = "1234"\napp_secret = "{APP_SECRET}"\nredirect_port = {port}\n',
        encoding="utf-8",
    )
    with FakeThreads() as fake:
        fake.codes = {"c1"}
        answer = browser(lambda state: f"code=c1&state={state}", seen, visits)
        monkeypatch.setattr("webbrowser.open", answer)
        add = ("account", "add", "threads", BRAND, "--api-base", fake.base_url)
        code, out, err = run_captured(capsys, *add)
        for visit in visits:
            visit.join(timeout=5)
    assert code == 0, err
    assert f"Added @{BRAND} (threads)" in out and fake.redirects == [redirect_uri(port)]
