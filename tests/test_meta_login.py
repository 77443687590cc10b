"""Facebook Login on a loopback redirect, with a browser simulated by a thread: the state is
checked, a refusal is reported, the short-lived login becomes a long-lived one."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from adapters.clock import system_clock
from adapters.entry import LoginRequest, Prompter
from adapters.errors import AuthError, ConfigError
from adapters.meta.browser_login import SCOPES, LoopbackLogin, authorize_url
from adapters.networks import network_named
from adapters.records import Account
from settings.config import load_config
from tests.fakes.meta import FakeGraph
from tests.memory_keyring import MemoryKeyring


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def browser(
    answer: Callable[[str], str], seen: list[str], visits: list[threading.Thread]
) -> Callable[[str], bool]:
    """A stand-in for ``webbrowser.open``: visits the callback as Meta's redirect would."""

    def visit(url: str) -> None:
        query = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
        back = query["redirect_uri"]
        with httpx.Client(timeout=5) as client:
            page = client.get(back)
            assert "location.hash" in page.text
            said = client.post(back.replace("/callback", "/token"), content=answer(query["state"]))
            seen.append(said.text)

    def open_url(url: str, *args: object, **kwargs: object) -> bool:
        visits.append(threading.Thread(target=visit, args=(url,), daemon=True))
        visits[-1].start()
        return True

    return open_url


async def login_facebook(
    *,
    api_base: str,
    pages: list[str],
    secret: Callable[[str], str],
    app_id: str,
    port: int,
    open_url: Callable[[str], object],
) -> list[Account]:
    """``account add facebook`` through the table of networks, as the command line runs it."""

    def visit(url: str) -> None:
        open_url(url)

    prompter = Prompter(say=print, ask=input, secret=secret, piped=lambda: "", open_url=visit)
    options = {"token_stdin": False, "api_base": api_base, "page": pages}
    login = network_named("facebook").login
    assert login is not None
    settings = {"app_id": app_id, "redirect_port": port}
    return await login(LoginRequest("", options, prompter, settings))


def test_the_login_dialog_asks_for_every_permission() -> None:
    query = parse_qs(urlsplit(authorize_url("1234", 8765, "s")).query)
    assert query["redirect_uri"] == ["http://localhost:8765/callback"]
    assert query["response_type"] == ["token"] and query["state"] == ["s"]
    assert query["scope"][0].split(",") == list(SCOPES)
    with pytest.raises(ConfigError, match="app_id"):
        authorize_url("", 8765, "s")


async def test_facebook_login_adds_the_page_with_a_long_lived_login(
    memory_keyring: MemoryKeyring,
) -> None:
    seen: list[str] = []
    visits: list[threading.Thread] = []
    with FakeGraph(system_clock) as fake:
        token = fake.short_token
        accounts = await login_facebook(
            api_base=fake.base_url,
            pages=["MyLife"],
            secret=lambda _: fake.app_secret,
            app_id="1234",
            port=free_port(),
            open_url=browser(lambda state: f"access_token={token}&state={state}", seen, visits),
        )
    visits[0].join(timeout=5)
    assert [a.id for a in accounts] == ["facebook:2121008874780932"]
    assert seen == ["Signed in. You can close this tab and go back to the terminal."]
    assert (
        memory_keyring.get_password("replydesk", f"{accounts[0].id}/page_token") == fake.page_token
    )
    assert fake.app_secret not in str(memory_keyring.secrets)


async def test_a_refused_or_foreign_answer_is_not_a_login(memory_keyring: MemoryKeyring) -> None:
    seen: list[str] = []
    visits: list[threading.Thread] = []
    refusal = "error=access_denied&error_reason=user_denied&state={}"
    with pytest.raises(AuthError, match="user_denied"):
        await login_facebook(
            api_base="https://graph.facebook.com/v21.0",
            pages=[],
            secret=lambda _: "",
            app_id="1234",
            port=free_port(),
            open_url=browser(refusal.format, seen, visits),
        )
    visits[0].join(timeout=5)
    assert seen == ["The sign-in did not complete; see the terminal."]
    assert memory_keyring.secrets == {}


async def test_an_answer_with_another_state_is_ignored() -> None:
    async with LoopbackLogin(free_port(), wait=0.05) as login:
        said = login._settle({"state": "forged", "access_token": "stolen"})
        assert said.startswith("This answer does not belong")
        with pytest.raises(AuthError, match="in time"):
            await login.token()


def test_the_app_id_and_port_come_from_the_config(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[facebook]\napp_id = "1234567890"\nredirect_port = 9000\n', encoding="utf-8")
    config = load_config(path)
    assert (config.facebook_app_id, config.facebook_redirect_port, config.warnings) == (
        "1234567890",
        9000,
        (),
    )
    assert dict(config.network_settings("facebook")) == {
        "app_id": "1234567890",
        "redirect_port": 9000,
        "human_agent": False,
    }
    assert dict(config.network_settings("mastodon")) == {}
    path.write_text("[facebook]\nredirect_port = 80\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"facebook\.redirect_port"):
        load_config(path)
