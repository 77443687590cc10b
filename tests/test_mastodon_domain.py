"""The handle's domain comes from the server, and a first sign-in failure says what was wrong."""

from __future__ import annotations

import httpx
import pytest

from adapters import credentials
from adapters.errors import AuthError, BadPayload
from adapters.mastodon.domain import instance_domain
from adapters.mastodon.login import (
    AppRegistration,
    adopt_known_id,
    exchange_code,
    store_login,
    verify_token,
)
from adapters.records import Account
from tests.fakes.mastodon import FakeMastodon, Replay, fixture_json, json_response, recorded
from tests.memory_keyring import MemoryKeyring

SERVER = "https://social.example.com"
VERIFY = ("GET", "/api/v1/accounts/verify_credentials")
V2 = ("GET", "/api/v2/instance")
V1 = ("GET", "/api/v1/instance")


@pytest.mark.parametrize(
    ("fixture", "domain"),
    [
        ("docs_instance_v2.json", "mastodon.social"),  # Mastodon 4: v2 ``domain``
        ("instance_v2.json", "localhost:3000"),
        ("gotosocial/02_instance_v2.body.json", "localhost:8080"),  # ``account_domain`` first
        ("takahe/02_instance_v2.body.json", "localhost"),
        ("takahe/01_instance_v1.body.json", "127.0.0.1:8765"),  # v1 ``uri``
    ],
)
def test_recorded_instances_name_their_account_domain(fixture: str, domain: str) -> None:
    assert instance_domain(fixture_json(fixture)) == domain


def test_a_split_domain_wins_over_the_web_domain() -> None:
    body = {"domain": "social.example.com", "account_domain": "Example.com"}
    assert instance_domain(body) == "example.com"
    assert instance_domain({"uri": "https://old.example/"}) == "old.example"
    assert instance_domain({"uri": ""}) == instance_domain(["not", "an", "object"]) == ""


async def test_web_and_account_domains_differ_the_handle_takes_the_account_domain() -> None:
    replay = Replay(
        {
            VERIFY: json_response(fixture_json("accounts_verify_credentials.json")),
            V2: json_response({"domain": "example.com"}),
        }
    )
    account = await verify_token(SERVER, "t", transport=replay.transport)
    assert account.handle == "@mastodonpy_test@example.com"
    assert account.id == "mastodon:@mastodonpy_test@example.com"
    assert account.server == SERVER


async def test_servers_without_instance_v2_are_asked_v1() -> None:
    replay = Replay(
        {
            VERIFY: json_response(fixture_json("takahe/06_verify_credentials_brand.body.json")),
            V2: json_response({"error": "Record not found"}, 404),
            V1: json_response(fixture_json("takahe/01_instance_v1.body.json")),
        }
    )
    account = await verify_token(SERVER, "t", transport=replay.transport)
    assert account.handle == "@brand@127.0.0.1:8765"


async def test_a_server_naming_no_domain_is_refused_not_guessed_from_the_url() -> None:
    replay = Replay(
        {
            VERIFY: json_response(fixture_json("accounts_verify_credentials.json")),
            V2: json_response({"title": "no domain here"}),
            V1: json_response({"error": "Record not found"}, 404),
        }
    )
    with pytest.raises(BadPayload, match="which domain"):
        await verify_token(SERVER, "t", transport=replay.transport)


@pytest.mark.parametrize(
    "refusal",
    [
        json_response(fixture_json("error_401_invalid_token.json"), 401),
        recorded("gotosocial/09_err_bad_token_notifications"),
        recorded("takahe/09_err_bad_token_notifications"),
        json_response({"error": "This action is outside the authorized scopes"}, 403),
    ],
)
async def test_a_bad_token_on_first_sign_in_says_what_is_wrong_with_it(
    refusal: httpx.Response,
) -> None:
    replay = Replay({VERIFY: refusal})
    with pytest.raises(AuthError) as caught:
        await verify_token(SERVER, "SECRET-123", transport=replay.transport)
    message = caught.value.msg
    assert "refused this token" in message
    assert "read and write scopes" in message
    assert "no longer logged in" not in message and "log in again" not in message.lower()
    assert "SECRET-123" not in message
    assert caught.value.title == "Login refused"


async def test_a_wrong_code_says_the_code_was_not_accepted() -> None:
    fake = FakeMastodon()
    reg = AppRegistration(SERVER, fake.app["client_id"], FakeMastodon.CLIENT_SECRET)
    with pytest.raises(AuthError) as caught:
        await exchange_code(reg, "wrong", transport=fake.transport())
    message = caught.value.msg
    assert "did not accept that authorization code" in message
    assert "no longer logged in" not in message


def test_logging_in_again_keeps_the_id_an_older_version_stored(
    memory_keyring: MemoryKeyring,
) -> None:
    """Ids derive from the handle; a handle once built from the URL must not fork the account."""
    old = Account("mastodon:@brand@127.0.0.1", "mastodon", "@brand@127.0.0.1", "", SERVER)
    other = Account("mastodon:@brand@elsewhere", "mastodon", "@brand@elsewhere", "", "https://x")
    fresh = Account(
        "mastodon:@brand@localhost:8080", "mastodon", "@brand@localhost:8080", "", SERVER
    )
    store_login(fresh, "new-token", None)
    adopted = adopt_known_id(fresh, [other, old])
    assert adopted.id == old.id
    assert adopted.handle == "@brand@localhost:8080"  # the name is corrected, the key kept
    assert credentials.get_secret(old.id, "access_token") == "new-token"
    assert credentials.get_secret(fresh.id, "access_token") is None
    stranger = Account(
        "mastodon:@cafe@localhost:8080", "mastodon", "@cafe@localhost:8080", "", SERVER
    )
    assert adopt_known_id(stranger, [old]) is stranger


def _account(handle: str, server: str = SERVER) -> Account:
    return Account(f"mastodon:{handle}", "mastodon", handle, "", server)
