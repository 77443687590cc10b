"""App-password login: session creation, PDS resolution, keyring storage, logout."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from adapters import credentials
from adapters.bluesky.login import (
    APP_PASSWORD_HINT,
    bluesky_account,
    create_session,
    delete_session,
    load_session,
    store_session,
)
from adapters.bluesky.session import BskySession
from adapters.errors import AuthError, ConfigError, NetworkError
from tests.fakes.bluesky import BRAND_DID, PDS, brand_account, brand_session, load, nsid, reply
from tests.memory_keyring import MemoryKeyring


def recording(response: httpx.Response, seen: list[httpx.Request]) -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return response

    return httpx.MockTransport(handler)


async def test_create_session_resolves_the_pds_from_the_did_document() -> None:
    seen: list[httpx.Request] = []
    recorded = load("local-pds/createSession-brand.json")
    transport = recording(reply(200, recorded), seen)
    session = await create_session(
        "https://bsky.social/", " @brand.test ", "app-pass", transport=transport
    )
    assert seen[0].url == httpx.URL("https://bsky.social/xrpc/com.atproto.server.createSession")
    assert seen[0].method == "POST"
    assert json.loads(seen[0].content) == {"identifier": "brand.test", "password": "app-pass"}
    assert session == BskySession(
        BRAND_DID, "brand.test", recorded["accessJwt"], recorded["refreshJwt"], PDS
    )


async def test_a_session_without_did_document_stays_on_the_entry_service() -> None:
    body = load("local-pds/createSession-brand.json")
    del body["didDoc"]
    session = await create_session(
        "bsky.example", "brand.test", "pw", transport=recording(reply(200, body), [])
    )
    assert session.pds == "https://bsky.example"


async def test_a_did_document_pointing_to_plain_http_elsewhere_is_refused() -> None:
    body = load("local-pds/createSession-brand.json")
    body["didDoc"]["service"][0]["serviceEndpoint"] = "http://pds.example"
    with pytest.raises(ConfigError, match="http://"):
        await create_session(
            "https://bsky.social", "brand.test", "pw", transport=recording(reply(200, body), [])
        )


async def test_plain_http_services_are_refused_before_any_request() -> None:
    seen: list[httpx.Request] = []
    with pytest.raises(ConfigError):
        await create_session(
            "http://bsky.social", "brand.test", "pw", transport=recording(reply(200, {}), seen)
        )
    assert seen == []


async def test_a_wrong_password_says_to_use_an_app_password() -> None:
    response = reply(401, load("local-pds/error-createSession-bad-password.json"))
    with pytest.raises(AuthError) as caught:
        await create_session(
            "https://bsky.social", "brand.test", "main-password", transport=recording(response, [])
        )
    assert "brand.test" in caught.value.msg
    assert APP_PASSWORD_HINT in caught.value.msg
    assert "main-password" not in caught.value.msg
    # A first sign-in: what was wrong with what was typed, in the server's words too.
    assert "did not accept the handle brand.test" in caught.value.msg
    assert "Invalid identifier or password" in caught.value.msg
    assert "log in again" not in caught.value.msg.lower()


async def test_a_taken_down_account_is_refused_without_asking_to_log_in_again() -> None:
    body = {"error": "AccountTakedown", "message": "Account has been taken down"}
    with pytest.raises(AuthError) as caught:
        await create_session(
            "https://bsky.social", "brand.test", "pw", transport=recording(reply(400, body), [])
        )
    assert "taken down" in caught.value.msg
    assert "log in again" not in caught.value.msg.lower()


async def test_a_deactivated_account_cannot_log_in() -> None:
    response = reply(200, load("createSession.atproto-dart.json"))
    with pytest.raises(AuthError, match="deactivated"):
        await create_session(
            "https://bsky.social", "shinyakato.dev", "pw", transport=recording(response, [])
        )


async def test_empty_identifier_or_password_is_refused_without_a_request() -> None:
    seen: list[httpx.Request] = []
    with pytest.raises(AuthError, match="app password"):
        await create_session(
            "https://bsky.social", "  ", "pw", transport=recording(reply(200, {}), seen)
        )
    with pytest.raises(AuthError, match="app password"):
        await create_session(
            "https://bsky.social", "brand.test", "", transport=recording(reply(200, {}), seen)
        )
    assert seen == []


def test_app_password_hint_names_the_settings_path_and_warns_off_the_main_password() -> None:
    assert "Settings → Privacy and security → App passwords" in APP_PASSWORD_HINT
    assert "never" in APP_PASSWORD_HINT
    assert "\n" not in APP_PASSWORD_HINT


def test_the_account_is_keyed_by_did_and_served_by_the_pds() -> None:
    account = bluesky_account(brand_session(), "https://bsky.social")
    assert account.id == f"bluesky:{BRAND_DID}"
    assert (account.network, account.handle, account.display_name, account.server) == (
        "bluesky",
        "brand.test",
        "",
        PDS,
    )


def test_sessions_live_in_the_keyring_as_one_json_secret(memory_keyring: MemoryKeyring) -> None:
    account, session = brand_account(), brand_session()
    store_session(account, session)
    assert list(memory_keyring.secrets) == [("replydesk", f"{account.id}/session")]
    assert load_session(account) == session


STORED = {
    "did": BRAND_DID,
    "handle": "brand.test",
    "access_jwt": "a",
    "refresh_jwt": "r",
    "pds": PDS,
}


@pytest.mark.parametrize(
    "stored",
    [
        None,
        "not json",
        json.dumps({"did": BRAND_DID}),
        json.dumps([1, 2]),
        json.dumps(STORED | {"did": "did:plc:other"}),
        json.dumps(STORED | {"pds": "http://pds.example"}),
    ],
)
def test_missing_or_corrupt_sessions_ask_to_log_in_again(
    memory_keyring: MemoryKeyring, stored: str | None
) -> None:
    account = brand_account()
    if stored is not None:
        credentials.set_secret(account.id, "session", stored)
    with pytest.raises(
        AuthError, match=r"brand\.test.*log in again: replydesk account add bluesky brand\.test"
    ):
        load_session(account)


async def test_logout_ends_the_session_with_the_refresh_token_then_forgets_it(
    memory_keyring: MemoryKeyring,
) -> None:
    account = brand_account()
    store_session(account, brand_session())
    seen: list[httpx.Request] = []
    await delete_session(account, transport=recording(httpx.Response(200), seen))
    assert [nsid(r) for r in seen] == ["com.atproto.server.deleteSession"]
    assert seen[0].headers["authorization"] == "Bearer refresh-1"
    assert memory_keyring.secrets == {}


async def test_logout_forgets_locally_even_when_offline_and_says_so(
    memory_keyring: MemoryKeyring,
) -> None:
    account = brand_account()
    store_session(account, brand_session())

    def offline(request: httpx.Request) -> Any:
        raise httpx.ConnectError("[Errno -3] Temporary failure in name resolution")

    with pytest.raises(
        NetworkError, match=r"Forgot the Bluesky login of brand\.test.*App passwords"
    ):
        await delete_session(account, transport=httpx.MockTransport(offline))
    assert memory_keyring.secrets == {}


async def test_logout_of_an_already_dead_session_is_quiet(memory_keyring: MemoryKeyring) -> None:
    account = brand_account()
    store_session(account, brand_session())
    dead = reply(400, load("local-pds/error-expired-token.json"))
    await delete_session(account, transport=recording(dead, []))
    assert memory_keyring.secrets == {}


async def test_logout_without_a_stored_session_makes_no_request(
    memory_keyring: MemoryKeyring,
) -> None:
    seen: list[httpx.Request] = []
    await delete_session(brand_account(), transport=recording(httpx.Response(200), seen))
    assert seen == []
