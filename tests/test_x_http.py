"""X's transport: the three error shapes, rate limits from headers, usage cap, token refresh,
revocation as a "sign in again" state that never loops, and plain http only on loopback."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from adapters.errors import AuthError, ConfigError, NetworkError, RateLimited, Rejected
from adapters.x.http import UsageCapped, XHttp, route_of
from adapters.x.problems import problem_kind, problems_of
from adapters.x.tokens import XTokens
from tests.conftest import FakeClock
from tests.fakes.x import FakeX, oauth_tokens, problem
from tests.fakes.x_spec import fixture, recorded

MENTIONS = "/2/users/783214/mentions"


def scripted(*answers: httpx.Response) -> tuple[httpx.MockTransport, list[httpx.Request]]:
    """A transport answering with ``answers`` in order (a test fails on one request too many)."""
    queue = list(answers)
    seen: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        assert queue, f"unexpected request {request.url}"
        return queue.pop(0)

    return httpx.MockTransport(handle), seen


def http_over(transport: httpx.MockTransport, clock: FakeClock) -> XHttp:
    return XHttp(
        "https://api.x.com", XTokens("t0k3n"), who="@brand", transport=transport, clock=clock
    )


def over_fake(fake: FakeX, clock: FakeClock, **kwargs: Any) -> XHttp:
    """The transport logged in to the fake X with refreshable OAuth tokens."""
    return XHttp(
        "https://api.x.com", oauth_tokens(fake), who="@Twitter", transport=fake.transport,
        clock=clock, **kwargs,
    )  # fmt: skip


def limited(reset: int, remaining: str = "0") -> dict[str, str]:
    return {
        "x-rate-limit-limit": "450",
        "x-rate-limit-remaining": remaining,
        "x-rate-limit-reset": str(reset),
    }


def test_problem_types_match_under_either_host() -> None:
    assert problem_kind("https://api.x.com/2/problems/usage-capped") == "usage-capped"
    assert problem_kind("https://api.twitter.com/2/problems/usage-capped") == "usage-capped"
    assert problem_kind("about:blank") == "about:blank"
    assert [p.kind for p in problems_of(fixture("docs_partial_error_200.json"))] == [
        "resource-not-found"
    ]
    assert problems_of(fixture("docs_users_mentions_expansions.json")) == []


async def test_invalid_request_problem_is_rejected_with_xs_words(clock: FakeClock) -> None:
    transport, _ = scripted(problem(400, "docs_error_400_invalid_request.json"))
    http = http_over(transport, clock)
    with pytest.raises(Rejected, match="'query' parameter is required"):
        await http.get(MENTIONS)
    await http.aclose()


async def test_client_forbidden_says_the_app_needs_a_project(clock: FakeClock) -> None:
    transport, _ = scripted(problem(403, "docs_error_403_client_forbidden.json"))
    http = http_over(transport, clock)
    with pytest.raises(Rejected) as caught:
        await http.get(MENTIONS)
    assert caught.value.title == "Your X app needs a project"
    assert "https://developer.twitter.com/en/account" in caught.value.msg
    await http.aclose()


async def test_old_code_88_body_is_a_rate_limit_until_the_headers_reset(clock: FakeClock) -> None:
    reset = int((clock() + timedelta(minutes=7)).timestamp())
    transport, seen = scripted(problem(429, "docs_error_429_rate_limits_page.json", limited(reset)))
    http = http_over(transport, clock)
    with pytest.raises(RateLimited) as caught:
        await http.get(MENTIONS)
    assert caught.value.retry_after == pytest.approx(420)
    with pytest.raises(RateLimited, match="450 per window"):
        await http.get(MENTIONS)  # the same endpoint waits without asking X again
    assert len(seen) == 1
    await http.aclose()


async def test_used_up_allowance_blocks_only_that_endpoint_until_reset(clock: FakeClock) -> None:
    reset = int((clock() + timedelta(minutes=15)).timestamp())
    ok = httpx.Response(200, json={"meta": {"result_count": 0}}, headers=limited(reset))
    other = httpx.Response(200, json={"meta": {"result_count": 0}})
    again = httpx.Response(200, json={"meta": {"result_count": 0}})
    transport, seen = scripted(ok, other, again)
    http = http_over(transport, clock)
    await http.get(MENTIONS)  # remaining 0: this answer is used, the next request waits
    with pytest.raises(RateLimited) as caught:
        await http.get("/2/users/42/mentions")
    assert caught.value.retry_after == pytest.approx(900)
    await http.get("/2/dm_events")  # another endpoint has its own allowance
    clock.advance(minutes=15)
    await http.get(MENTIONS)
    assert len(seen) == 3
    await http.aclose()


async def test_usage_cap_pauses_every_endpoint_until_the_month_turns(clock: FakeClock) -> None:
    transport, seen = scripted(problem(429, "error_429_usage_capped.assembled.json"))
    http = http_over(transport, clock)
    with pytest.raises(UsageCapped) as caught:
        await http.get(MENTIONS)
    assert "monthly" in caught.value.msg
    assert "2026-12-01" in caught.value.msg  # the frozen clock is 2026-11-20
    assert caught.value.retry_after == pytest.approx(10 * 86400 + 9 * 3600)
    with pytest.raises(UsageCapped):
        await http.post_json("/2/tweets", {"text": "hi"})
    assert len(seen) == 1
    await http.aclose()


async def test_server_error_and_timeout_are_network_errors(clock: FakeClock) -> None:
    def handle(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/2/tweets":
            raise httpx.ReadTimeout("slow", request=request)
        return httpx.Response(503, text="Over capacity")

    http = http_over(httpx.MockTransport(handle), clock)
    with pytest.raises(NetworkError, match="may have worked"):
        await http.get(MENTIONS)
    with pytest.raises(NetworkError, match="in time"):
        await http.post_json("/2/tweets", {"text": "hi"})
    await http.aclose()


async def test_partial_answer_keeps_data_and_its_problems(clock: FakeClock) -> None:
    transport, _ = scripted(httpx.Response(200, json=fixture("docs_partial_error_200.json")))
    http = http_over(transport, clock)
    answer = await http.get("/2/tweets", [("ids", "123,456")])
    assert answer.problems[0].resource_id == "456"
    await http.aclose()


def test_plain_http_only_on_loopback() -> None:
    with pytest.raises(ConfigError, match="plain http"):
        XHttp("http://proxy.example", None, who=None)
    assert XHttp("http://127.0.0.1:8080", None, who=None).api_base == "http://127.0.0.1:8080"


def test_routes_group_ids() -> None:
    assert route_of("GET", "/2/users/783214/mentions") == "GET /2/users/:id/mentions"
    assert route_of("POST", "/2/dm_conversations/with/12/messages").endswith("with/:id/messages")
    assert route_of("GET", "/2/dm_conversations/1-2/dm_events") == (
        "GET /2/dm_conversations/:id/dm_events"
    )


async def test_token_is_refreshed_before_it_expires(clock: FakeClock) -> None:
    fake = FakeX(clock)
    kept: list[XTokens] = []
    http = over_fake(fake, clock, on_tokens=kept.append)
    clock.advance(hours=1, minutes=57)  # 3 minutes left: inside the refresh margin
    await http.get("/2/users/me")
    paths = [r.url.path for r in fake.requests]
    assert paths == ["/2/oauth2/token", "/2/users/me"]
    assert kept[-1].access_token == fake.access_token == "fake-access-2"
    assert kept[-1].refresh_token == "fake-refresh-2"  # rotated, and kept for next time
    await http.aclose()


async def test_token_revoked_early_is_refreshed_once_then_used(clock: FakeClock) -> None:
    fake = FakeX(clock)
    http = over_fake(fake, clock)
    fake.access_token = "rotated-elsewhere"  # the token we hold no longer works
    answer = await http.get("/2/users/me")
    assert isinstance(answer.body, dict)
    assert [r.url.path for r in fake.requests] == ["/2/users/me", "/2/oauth2/token", "/2/users/me"]
    await http.aclose()


async def test_revoked_login_becomes_sign_in_again_without_a_loop(clock: FakeClock) -> None:
    fake = FakeX(clock)
    http = over_fake(fake, clock)
    fake.revoked = True
    with pytest.raises(AuthError) as caught:
        await http.get(MENTIONS)
    assert caught.value.title == "Sign in to X again"
    assert "replydesk account add x" in caught.value.msg
    assert "fake-refresh" not in caught.value.msg and "fake-access" not in caught.value.msg
    asked = len(fake.requests)
    for _ in range(3):
        with pytest.raises(AuthError):
            await http.get(MENTIONS)
    assert len(fake.requests) == asked == 2  # 401, refused refresh; then nothing more
    await http.aclose()


async def test_stdin_token_refused_signs_out_without_refresh(clock: FakeClock) -> None:
    transport, seen = scripted(problem(401, "docs_error_401_unauthorized.json"))
    http = http_over(transport, clock)
    with pytest.raises(AuthError, match="signed out"):
        await http.get(MENTIONS)
    with pytest.raises(AuthError):
        await http.get(MENTIONS)
    assert len(seen) == 1
    await http.aclose()


async def test_recorded_answers_drive_the_limits(clock: FakeClock) -> None:
    page = recorded("users_mentions")  # the real 2022 answer: 448 of 450 left
    capped = recorded("error_429_rate_limited.assembled")  # about:blank, remaining 0
    transport, seen = scripted(page, capped)
    clock.now = datetime(2022, 10, 7, 22, 43, 18, tzinfo=UTC)  # the recording's date header
    http = http_over(transport, clock)
    answer = await http.get(MENTIONS)
    assert isinstance(answer.body, dict) and len(answer.body["data"]) == 10
    with pytest.raises(RateLimited) as caught:
        await http.get(MENTIONS)
    assert caught.value.retry_after == pytest.approx(630)  # until x-rate-limit-reset
    with pytest.raises(RateLimited):
        await http.get(MENTIONS)
    assert len(seen) == 2
    await http.aclose()
