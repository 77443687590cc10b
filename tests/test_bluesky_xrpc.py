"""XRPC errors: refresh once on ExpiredToken (HTTP 400), and every failure as a typed error."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime
from urllib.parse import urlsplit

import httpx
import pytest

from adapters.bluesky.http import XrpcClient, XrpcRejected
from adapters.bluesky.session import BskySession
from adapters.errors import AuthError, BadPayload, NetworkError, RateLimited, ReplyDeskError
from tests.fakes.bluesky import (
    BRAND_DID,
    PDS,
    FakePds,
    brand_account,
    brand_session,
    load,
    nsid,
    reply,
)

NOW = datetime(2025, 1, 1, 0, 0, tzinfo=UTC)
GET_SESSION = "com.atproto.server.getSession"


def fixed_clock() -> datetime:
    return NOW


def client_for(handler: httpx.MockTransport, stored: list[BskySession] | None = None) -> XrpcClient:
    return XrpcClient(
        brand_account(),
        brand_session(),
        on_session=stored.append if stored is not None else None,
        transport=handler,
        clock=fixed_clock,
    )


def answering(response: httpx.Response) -> httpx.MockTransport:
    return httpx.MockTransport(lambda request: response)


async def test_expired_token_refreshes_exactly_once_then_retries() -> None:
    pds = FakePds()
    pds.routes[GET_SESSION] = lambda request: reply(200, {"did": BRAND_DID, "handle": "brand.test"})
    pds.expire_access()
    stored: list[BskySession] = []
    client = client_for(pds.transport(), stored)
    assert (await client.query(GET_SESSION))["did"] == BRAND_DID
    assert pds.calls == [GET_SESSION, "com.atproto.server.refreshSession", GET_SESSION]
    refresh_request = pds.requests[1]
    assert refresh_request.method == "POST"
    assert refresh_request.headers["authorization"] == "Bearer refresh-1"
    assert pds.requests[2].headers["authorization"] == "Bearer access-2"
    assert [(s.access_jwt, s.refresh_jwt) for s in stored] == [("access-2", "refresh-2")]
    assert client.session == stored[0]
    assert client.session.pds == PDS  # the recorded didDoc names the same PDS
    await client.aclose()


async def test_concurrent_expired_calls_share_one_refresh() -> None:
    pds = FakePds()
    pds.routes[GET_SESSION] = lambda request: reply(200, {"did": BRAND_DID})
    pds.expire_access()
    client = client_for(pds.transport())
    await asyncio.gather(*(client.query(GET_SESSION) for _ in range(3)))
    assert pds.calls.count("com.atproto.server.refreshSession") == 1
    await client.aclose()


async def test_still_expired_after_refresh_is_an_auth_error_without_a_second_refresh() -> None:
    calls: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(nsid(request))
        if nsid(request) == "com.atproto.server.refreshSession":
            return reply(200, load("local-pds/createSession-brand.json"))
        return reply(400, load("local-pds/error-expired-token.json"))

    client = client_for(httpx.MockTransport(handler))
    with pytest.raises(
        AuthError, match=r"brand\.test.*log in again: replydesk account add bluesky brand\.test"
    ):
        await client.query(GET_SESSION)
    assert calls == [GET_SESSION, "com.atproto.server.refreshSession", GET_SESSION]


async def test_a_refused_refresh_token_is_an_auth_error() -> None:
    calls: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(nsid(request))
        if nsid(request) == "com.atproto.server.refreshSession":
            return reply(400, load("local-pds/error-expired-token.json"))
        return reply(400, load("local-pds/error-expired-token.json"))

    with pytest.raises(AuthError, match="log in again"):
        await client_for(httpx.MockTransport(handler)).query(GET_SESSION)
    assert calls == [GET_SESSION, "com.atproto.server.refreshSession"]


@pytest.mark.parametrize(
    ("status", "fixture"),
    [
        (400, "local-pds/error-invalid-token.json"),
        (400, "local-pds/error-refresh-token-as-access.json"),
        (401, "local-pds/error-no-auth.json"),
        (401, "local-pds/error-createSession-bad-password.json"),
        (401, "xrpc_error_AuthMissing.assembled.json"),
    ],
)
async def test_invalid_or_missing_auth_is_an_auth_error_naming_the_account(
    status: int, fixture: str
) -> None:
    calls: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(nsid(request))
        return reply(status, load(fixture))

    with pytest.raises(AuthError, match=r"brand\.test.*log in again"):
        await client_for(httpx.MockTransport(handler)).query(GET_SESSION)
    assert calls == [GET_SESSION]  # only an *expired* token is worth a refresh


@pytest.mark.parametrize("header", ["ratelimit-reset", "RateLimit-Reset", "RATELIMIT-RESET"])
async def test_rate_limit_waits_until_the_reset_epoch(header: str) -> None:
    recorded = load("xrpc_error_RateLimitExceeded.assembled.http.json")["headers"]
    headers = {name: values[0] for name, values in recorded.items() if name != "ratelimit-reset"}
    headers[header] = str(int(NOW.timestamp()) + 90)
    response = reply(429, load("xrpc_error_RateLimitExceeded.assembled.json"), headers)
    with pytest.raises(RateLimited) as caught:
        await client_for(answering(response)).query(GET_SESSION)
    assert caught.value.retry_after == pytest.approx(90)


async def test_rate_limit_without_reset_falls_back_to_retry_after_then_a_minute() -> None:
    body = load("xrpc_error_RateLimitExceeded.assembled.json")
    with pytest.raises(RateLimited) as caught:
        await client_for(answering(reply(429, body, {"Retry-After": "120"}))).query(GET_SESSION)
    assert caught.value.retry_after == 120
    with pytest.raises(RateLimited) as caught:
        await client_for(answering(reply(429, body, {"ratelimit-reset": "soon"}))).query(
            GET_SESSION
        )
    assert caught.value.retry_after == 60


@pytest.mark.parametrize("status", [500, 502, 503])
async def test_server_errors_are_network_errors_even_with_an_html_body(status: int) -> None:
    html = httpx.Response(status, text="<html>Bad gateway</html>")
    with pytest.raises(NetworkError, match=str(status)):
        await client_for(answering(html)).query(GET_SESSION)
    recorded = reply(status, load("local-pds/applyWrites-create-repeat.json"))
    with pytest.raises(NetworkError, match="InternalServerError"):
        await client_for(answering(recorded)).query(GET_SESSION)


@pytest.mark.parametrize(
    ("fault", "words"),
    [
        (httpx.ConnectTimeout("timed out"), "did not answer in time"),
        (httpx.ReadTimeout("timed out"), "did not answer in time"),
        (httpx.ConnectError("[SSL: CERTIFICATE_VERIFY_FAILED]"), "TLS certificate"),
        (httpx.ConnectError("[Errno -2] Name or service not known"), "no such host"),
        (httpx.ConnectError("[Errno 111] Connection refused"), "connection refused"),
        (httpx.RemoteProtocolError("peer closed connection"), "cut off"),
    ],
)
async def test_transport_faults_are_network_errors_said_in_words(
    fault: Exception, words: str
) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise fault

    with pytest.raises(NetworkError) as caught:
        await client_for(httpx.MockTransport(handler)).query(GET_SESSION)
    message = caught.value.msg
    assert words in message
    assert urlsplit(PDS).netloc in message
    # No internal method, exception class or promise a one-shot command cannot keep.
    for internal in (GET_SESSION, type(fault).__name__, "try again", "retry"):
        assert internal not in message


@pytest.mark.parametrize(
    "response",
    [
        httpx.Response(200, text="<html>captive portal</html>"),
        httpx.Response(200, json=["not", "an", "object"]),
        httpx.Response(404, text="Not Found"),
        httpx.Response(302, headers={"location": "https://elsewhere.example"}),
    ],
)
async def test_bodies_that_are_not_json_objects_are_bad_payloads(response: httpx.Response) -> None:
    with pytest.raises(BadPayload):
        await client_for(answering(response)).query(GET_SESSION)


async def test_other_4xx_errors_keep_their_lexicon_name() -> None:
    response = reply(400, load("local-pds/error-putRecord-non-tid-rkey.json"))
    with pytest.raises(XrpcRejected) as caught:
        await client_for(answering(response)).procedure("com.atproto.repo.putRecord", {})
    assert caught.value.error == "InvalidRequest"
    assert caught.value.status == 400


async def test_tokens_never_appear_in_error_messages() -> None:
    session = brand_session(access="SECRET-ACCESS", refresh="SECRET-REFRESH")
    echo = {"error": "InvalidRequest", "message": "bad token SECRET-ACCESS / SECRET-REFRESH"}
    messages = []
    for response in (reply(400, echo), reply(401, echo), reply(500, echo), reply(429, echo)):
        client = XrpcClient(
            brand_account(), session, transport=answering(response), clock=fixed_clock
        )
        with pytest.raises(ReplyDeskError) as caught:
            await client.query(GET_SESSION)
        messages.append(str(caught.value))
    assert messages
    assert not any("SECRET" in message for message in messages)
    assert "SECRET" not in repr(session)


async def test_requests_carry_the_access_token_and_json_bodies() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200)  # an empty body (e.g. deleteSession) is an empty result

    client = client_for(httpx.MockTransport(handler))
    assert await client.procedure("com.atproto.server.deleteSession", {"a": 1}) == {}
    assert seen[0].url == httpx.URL(f"{PDS}/xrpc/com.atproto.server.deleteSession")
    assert seen[0].headers["authorization"] == "Bearer access-1"
    assert json.loads(seen[0].content) == {"a": 1}
