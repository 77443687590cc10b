"""Requests and their errors: every status a server answers maps to one typed error."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest

from adapters.errors import (
    AuthError,
    BadPayload,
    ConfigError,
    Gone,
    NetworkError,
    RateLimited,
    Rejected,
    ReplyDeskError,
)
from adapters.mastodon.http import MastodonHttp, parse_link_header, retry_after
from tests.fakes.mastodon import Replay, fixture_json, json_response, recorded

SERVER = "https://example.social"
TOKEN = "s3cret-token-value"
NOW = datetime(2026, 8, 1, 13, 55, tzinfo=UTC)
CONTEXT = "/api/v1/statuses/42/context"


def client(transport: httpx.AsyncBaseTransport) -> MastodonHttp:
    return MastodonHttp(
        SERVER, token=TOKEN, who="@brand@example.social", transport=transport, clock=lambda: NOW
    )


async def fail(
    response: httpx.Response, *, path: str = CONTEXT, status: bool = True
) -> ReplyDeskError:
    http = client(Replay({("GET", path): response}).transport)
    with pytest.raises(ReplyDeskError) as caught:
        await http.get(path, status=status)
    await http.aclose()
    assert TOKEN not in str(caught.value)
    return caught.value


def test_link_header_gives_query_parameters_per_rel() -> None:
    value = recorded("notifications_mention_public").headers["link"]
    assert parse_link_header(value) == {
        "next": {"max_id": "21", "types[]": "mention"},
        "prev": {"min_id": "21", "types[]": "mention"},
    }


def test_link_header_from_takahe_lacks_the_type_filter() -> None:
    links = parse_link_header(recorded("takahe/31_walk_mentions_page1").headers["link"])
    assert links["next"] == {"limit": "2", "max_id": "24"}


def test_link_header_garbage_is_empty() -> None:
    assert parse_link_header("nonsense, <>; rel=") == {}


@pytest.mark.parametrize(
    ("headers", "seconds"),
    [
        ({"X-RateLimit-Reset": "2026-08-01T14:00:00.000000Z"}, 300.0),
        ({"x-ratelimit-reset": "2026-08-01T13:56:00Z"}, 60.0),
        ({"Retry-After": "17", "X-RateLimit-Reset": "2026-08-01T14:00:00Z"}, 17.0),
        ({"Retry-After": "Sat, 01 Aug 2026 13:57:00 GMT"}, 120.0),
        ({"RateLimit-Reset": "x", "X-RateLimit-Reset": "not a date"}, 60.0),
        ({}, 60.0),
        ({"X-RateLimit-Reset": "2026-08-01T13:00:00Z"}, 1.0),
        ({"Retry-After": "86400"}, 3600.0),
        ({"Retry-After": "inf", "X-RateLimit-Reset": "nan"}, 60.0),
    ],
)
def test_retry_after(headers: dict[str, str], seconds: float) -> None:
    assert retry_after(httpx.Headers(headers), NOW) == seconds


async def test_401_is_auth_error_naming_the_account() -> None:
    error = await fail(json_response(fixture_json("error_401_invalid_token.json"), 401))
    assert isinstance(error, AuthError)
    assert "@brand@example.social" in error.msg
    assert "Log in again: replydesk account add mastodon https://example.social" in error.msg


async def test_gotosocial_401_recorded() -> None:
    error = await fail(
        recorded("gotosocial/09_err_bad_token_notifications"),
        path="/api/v1/notifications",
        status=False,
    )
    assert isinstance(error, AuthError)


async def test_takahe_bad_token_is_400_html_and_still_auth_error() -> None:
    error = await fail(
        recorded("takahe/09_err_bad_token_notifications"),
        path="/api/v1/notifications",
        status=False,
    )
    assert isinstance(error, AuthError)
    assert "Invalid Bearer token" in error.msg


@pytest.mark.parametrize(
    "response",
    [
        json_response(fixture_json("error_404_record_not_found.json"), 404),
        json_response({"error": "This action is not allowed"}, 403),
        json_response({"error": "Gone"}, 410),
    ],
)
async def test_missing_status_is_gone(response: httpx.Response) -> None:
    assert isinstance(await fail(response), Gone)


async def test_gotosocial_and_takahe_recorded_404s_are_gone() -> None:
    assert isinstance(await fail(recorded("gotosocial/10_err_missing_status_404")), Gone)
    takahe = await fail(recorded("takahe/10_err_missing_status_404"))
    assert isinstance(takahe, Gone)
    assert "No Post matches" not in takahe.msg  # the HTML page's title is shown, not its CSS
    assert "Page not found" in takahe.msg


async def test_404_elsewhere_means_not_a_mastodon_server() -> None:
    error = await fail(
        recorded("takahe/10_err_missing_status_404"), path="/api/v1/notifications", status=False
    )
    assert isinstance(error, ConfigError)
    assert "Mastodon-compatible" in error.msg


@pytest.mark.parametrize("name", ["error_422_too_long_ja.json", "error_422_too_long_de.json"])
async def test_422_is_rejected_with_the_servers_localised_words(name: str) -> None:
    body = fixture_json(name)
    error = await fail(json_response(body, 422))
    assert isinstance(error, Rejected)
    assert error.msg == body["error"]


async def test_429_is_rate_limited_until_the_reset() -> None:
    error = await fail(
        recorded("error_429_rate_limited.assembled"), path="/api/v1/notifications", status=False
    )
    assert isinstance(error, RateLimited)
    assert error.retry_after == 300.0


async def test_gotosocial_429_without_retry_after_uses_the_reset() -> None:
    # Recorded at 23:10:22 with the reset at 23:15:19.
    http = MastodonHttp(
        SERVER,
        token=TOKEN,
        who="b",
        clock=lambda: datetime(2026, 11, 22, 23, 10, 22, tzinfo=UTC),
        transport=Replay(
            {("GET", "/api/v1/instance"): recorded("gotosocial/41_ratelimit_429")}
        ).transport,
    )
    with pytest.raises(RateLimited) as caught:
        await http.get("/api/v1/instance")
    assert caught.value.retry_after == 297.0


async def test_429_without_any_header_waits_sixty_seconds() -> None:
    error = await fail(httpx.Response(429, text="<html>slow down</html>"))
    assert isinstance(error, RateLimited)
    assert error.retry_after == 60.0


async def test_remaining_zero_keeps_the_answer_but_blocks_the_next_request() -> None:
    ok = json_response(
        [], headers={"X-Ratelimit-Remaining": "0", "X-Ratelimit-Reset": "2026-08-01T14:00:00Z"}
    )
    replay = Replay({("GET", "/api/v1/notifications"): ok})
    http = client(replay.transport)
    assert (await http.get("/api/v1/notifications")).body == []
    with pytest.raises(RateLimited) as caught:
        await http.get("/api/v1/notifications")
    assert caught.value.retry_after == 300.0
    assert len(replay.requests) == 1  # the second request never left


@pytest.mark.parametrize("code", [500, 502, 503])
async def test_server_errors_are_network_errors(code: int) -> None:
    assert isinstance(
        await fail(httpx.Response(code, text="<html><title>Bad gateway</title></html>")),
        NetworkError,
    )


@pytest.mark.parametrize(
    ("exc", "words"),
    [
        (httpx.ConnectTimeout("timed out"), "did not answer in time"),
        (httpx.ReadTimeout("timed out"), "did not answer in time"),
        (httpx.ConnectError("[Errno -2] Name or service not known"), "no such host"),
        (
            httpx.ConnectError("[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed"),
            "TLS certificate was not accepted",
        ),
        (httpx.ConnectError("[Errno 111] Connection refused"), "connection refused"),
        (httpx.RemoteProtocolError("Server disconnected"), "cut off"),
    ],
)
async def test_transport_failures_are_network_errors_said_in_words(
    exc: httpx.TransportError, words: str
) -> None:
    def explode(request: httpx.Request) -> httpx.Response:
        raise exc

    http = client(httpx.MockTransport(explode))
    with pytest.raises(NetworkError) as caught:
        await http.get("/api/v1/notifications")
    message = str(caught.value)
    assert TOKEN not in message
    assert words in message
    assert http.host in message
    for internal in (type(exc).__name__, "Errno", "retry", "try again"):
        assert internal not in message


async def test_token_echoed_by_a_server_is_redacted() -> None:
    error = await fail(json_response({"error": f"bad token {TOKEN}"}, 400))
    assert isinstance(error, Rejected)
    assert "<redacted>" in error.msg


async def test_redirect_is_reported_not_followed() -> None:
    error = await fail(
        httpx.Response(301, headers={"Location": "https://www.example.social/"}), status=False
    )
    assert isinstance(error, ConfigError)
    assert "www.example.social" in error.msg


async def test_success_that_is_not_json_is_bad_payload() -> None:
    error = await fail(httpx.Response(200, text="<html>maintenance</html>"))
    assert isinstance(error, BadPayload)


async def test_requests_carry_the_bearer_token() -> None:
    replay = Replay({("GET", "/api/v1/notifications"): json_response([])})
    await client(replay.transport).get("/api/v1/notifications", [("types[]", "mention")])
    assert replay.requests[0].headers["authorization"] == f"Bearer {TOKEN}"
    assert replay.requests[0].url.params.get_list("types[]") == ["mention"]
