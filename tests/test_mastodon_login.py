"""Logging in (register → authorize → code → token → verify → keyring), and revoking."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from adapters import credentials
from adapters.errors import AuthError, ConfigError, NetworkError
from adapters.mastodon import MastodonAdapter
from adapters.mastodon.login import (
    AppRegistration,
    authorize_url,
    exchange_code,
    load_token,
    register_app,
    revoke,
    store_login,
    verify_token,
)
from adapters.records import Account, OutgoingReply
from tests.fakes.mastodon import FakeMastodon, Replay, fixture_json, json_response
from tests.memory_keyring import MemoryKeyring

SERVER = "https://example.social"


async def test_the_whole_login_flow_stores_secrets_in_the_keyring_only(
    memory_keyring: MemoryKeyring,
) -> None:
    fake = FakeMastodon()
    transport = fake.transport()
    reg = await register_app(SERVER, transport=transport)
    assert reg == AppRegistration(SERVER, fake.app["client_id"], FakeMastodon.CLIENT_SECRET)
    assert fake.requests[0].form == {
        "client_name": "ReplyDesk",
        "redirect_uris": "urn:ietf:wg:oauth:2.0:oob",
        "scopes": "read write",
    }

    url = urlsplit(authorize_url(reg))
    assert (url.scheme, url.netloc, url.path) == ("https", "example.social", "/oauth/authorize")
    assert parse_qs(url.query) == {
        "response_type": ["code"],
        "client_id": [reg.client_id],
        "redirect_uri": ["urn:ietf:wg:oauth:2.0:oob"],
        "scope": ["read write"],
    }

    token = await exchange_code(reg, f"  {FakeMastodon.CODE}\n", transport=transport)
    assert token == fake.token
    assert fake.requests[-1].form["grant_type"] == "authorization_code"

    account = await verify_token(SERVER, token, transport=transport)
    # The recorded server names its accounts @…@localhost:8080 whatever address reached it.
    assert account == Account(
        "mastodon:@brand@localhost:8080", "mastodon", "@brand@localhost:8080", "brand", SERVER
    )

    store_login(account, token, reg)
    assert load_token(account) == token
    assert memory_keyring.secrets == {
        ("replydesk", f"{account.id}/access_token"): token,
        ("replydesk", f"{account.id}/client_id"): reg.client_id,
        ("replydesk", f"{account.id}/client_secret"): reg.client_secret,
    }


async def test_a_wrong_code_asks_to_paste_it_again() -> None:
    fake = FakeMastodon()
    reg = AppRegistration(SERVER, fake.app["client_id"], FakeMastodon.CLIENT_SECRET)
    with pytest.raises(AuthError, match="paste the new code"):
        await exchange_code(reg, "wrong", transport=fake.transport())


async def test_a_refused_token_is_auth_error_naming_the_server() -> None:
    with pytest.raises(AuthError, match=r"example\.social") as caught:
        await verify_token(SERVER, "bad-token", transport=FakeMastodon().transport())
    assert "bad-token" not in caught.value.msg


async def test_recorded_registration_and_verify_from_mastodon() -> None:
    replay = Replay(
        {
            ("POST", "/api/v1/apps"): json_response(fixture_json("apps_create_oob.json")),
            ("POST", "/oauth/token"): json_response(fixture_json("docs_oauth_token.json")),
            ("GET", "/api/v1/accounts/verify_credentials"): json_response(
                fixture_json("accounts_verify_credentials.json")
            ),
            ("GET", "/api/v2/instance"): json_response(fixture_json("instance_v2.json")),
        }
    )
    reg = await register_app("example.social", transport=replay.transport)
    assert reg.client_id == "dSqEHsXYueL3gn3LbghhdtDXqqa9es7Ydchk8qWmIA0"
    token = await exchange_code(reg, "code", transport=replay.transport)
    account = await verify_token(SERVER, token, transport=replay.transport)
    assert account.handle == "@mastodonpy_test@localhost:3000"
    assert replay.requests[-2].headers["authorization"] == f"Bearer {token}"


async def test_plain_http_is_refused_before_any_request() -> None:
    replay = Replay({})
    with pytest.raises(ConfigError):
        await register_app("http://example.social", transport=replay.transport)
    assert replay.requests == []


def test_missing_token_says_how_to_log_in_again(memory_keyring: MemoryKeyring) -> None:
    account = Account(
        "mastodon:@brand@example.social", "mastodon", "@brand@example.social", server=SERVER
    )
    with pytest.raises(
        AuthError, match=r"replydesk account add mastodon https://example\.social"
    ) as caught:
        load_token(account)
    assert "@brand@example.social" in caught.value.msg


async def test_revoke_tells_the_server_then_forgets(memory_keyring: MemoryKeyring) -> None:
    fake = FakeMastodon()
    account = await verify_token(SERVER, fake.token, transport=fake.transport())
    store_login(
        account,
        fake.token,
        AppRegistration(SERVER, fake.app["client_id"], FakeMastodon.CLIENT_SECRET),
    )
    await revoke(account, transport=fake.transport())
    assert fake.revoked
    assert fake.requests[-1].form == {
        "client_id": fake.app["client_id"],
        "client_secret": FakeMastodon.CLIENT_SECRET,
        "token": fake.token,
    }
    assert memory_keyring.secrets == {}


async def test_revoke_without_app_secrets_only_forgets(memory_keyring: MemoryKeyring) -> None:
    account = Account(
        "mastodon:@brand@example.social", "mastodon", "@brand@example.social", server=SERVER
    )
    store_login(account, "tok", None)
    replay = Replay({})
    await revoke(account, transport=replay.transport)
    assert replay.requests == []
    assert credentials.get_secret(account.id, "access_token") is None


async def test_revoke_offline_forgets_but_warns_the_token_may_live_on(
    memory_keyring: MemoryKeyring,
) -> None:
    account = Account(
        "mastodon:@brand@example.social", "mastodon", "@brand@example.social", server=SERVER
    )
    store_login(account, "SECRET-TOKEN-123", AppRegistration(SERVER, "id", "secret"))

    def offline(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("[Errno -3] Temporary failure in name resolution")

    with pytest.raises(NetworkError, match="may still be valid") as caught:
        await revoke(account, transport=httpx.MockTransport(offline))
    assert "SECRET-TOKEN-123" not in caught.value.msg
    assert memory_keyring.secrets == {}


async def test_login_pull_send_revoke_against_a_real_local_server(
    memory_keyring: MemoryKeyring,
) -> None:
    """The fake on a real 127.0.0.1 socket, with httpx's own transport (what a Pilot test uses)."""
    with FakeMastodon(honour_idempotency=False) as fake:
        reg = await register_app(fake.base_url)
        token = await exchange_code(reg, FakeMastodon.CODE)
        account = await verify_token(fake.base_url, token)
        store_login(account, token, reg)
        assert account.handle == "@brand@localhost:8080"  # the server's domain, not the URL's

        # A fixed clock keeps the recorded 2026-11-22 mentions inside the first-sync window.
        adapter = MastodonAdapter(
            account, load_token(account), clock=lambda: datetime(2026, 11, 23, tzinfo=UTC)
        )
        batch = await adapter.pull(None)
        assert {m.visibility.value for m in batch.mentions} == {"public", "direct"}
        direct = next(m for m in batch.mentions if m.visibility.value == "direct")
        sent = await adapter.send(
            OutgoingReply(account.id, direct, "We got your email, thanks."), "k1"
        )
        assert (
            await adapter.reconcile(
                OutgoingReply(account.id, direct, "We got your email, thanks."), "k1"
            )
            == sent
        )
        assert fake.posted[0]["visibility"] == "direct"
        assert (await adapter.pull(batch.cursor)).mentions == ()
        await adapter.aclose()

        await revoke(account)
        assert fake.revoked
    assert [r.path for r in fake.requests][:3] == [
        "/api/v1/apps",
        "/oauth/token",
        "/api/v1/accounts/verify_credentials",
    ]
