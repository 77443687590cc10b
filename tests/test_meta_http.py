"""The Graph transport: errors by code/subcode, usage headers, throttling, safe paging."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from adapters.base import throttle_note
from adapters.errors import AuthError, BadPayload, ConfigError, NetworkError, RateLimited, Rejected
from adapters.meta import MetaAdapter
from adapters.meta.faults import WindowClosed
from adapters.meta.http import GraphHttp, after_cursor, page_params, read_time
from adapters.meta.usage import read_usage, spacing
from tests.conftest import FakeClock
from tests.fakes.meta import FakeGraph
from tests.fakes.meta_seed import fixture
from tests.test_meta_pull import ACCOUNT

BASE = "https://graph.facebook.com/v21.0"


def graph(
    answers: list[httpx.Response], clock: FakeClock, slept: list[float] | None = None
) -> GraphHttp:
    queue = list(answers)

    def handle(request: httpx.Request) -> httpx.Response:
        assert "access_token" not in str(request.url)  # the token goes in the header only
        assert request.headers["authorization"] == "Bearer page-token"
        return queue.pop(0)

    async def sleep(seconds: float) -> None:
        if slept is not None:
            slept.append(seconds)
        clock.advance(seconds=seconds)

    return GraphHttp(
        BASE,
        token="page-token",
        who="MyLife",
        transport=httpx.MockTransport(handle),
        clock=clock,
        sleep=sleep,
    )


def graph_error(
    code: int, subcode: int | None = None, status: int = 400, **extra: object
) -> httpx.Response:
    body: dict[str, object] = {
        "message": f"(#{code}) something",
        "type": "OAuthException",
        "code": code,
        "fbtrace_id": "x",
        **extra,
    }
    if subcode is not None:
        body["error_subcode"] = subcode
    return httpx.Response(status, json={"error": body})


async def test_expired_token_says_sign_in_again(clock: FakeClock) -> None:
    http = graph([graph_error(190, 463)], clock)
    with pytest.raises(AuthError) as caught:
        await http.get("/me")
    assert caught.value.title == "Sign in again"
    assert "the login expired" in caught.value.msg
    assert "replydesk account add facebook" in caught.value.msg


async def test_recorded_permission_error_names_the_permission_in_plain_words(
    clock: FakeClock,
) -> None:
    recorded = httpx.Response(400, json=fixture("graph_error_100_permission.json"))
    http = graph([recorded], clock)
    with pytest.raises(AuthError) as caught:
        await http.get("/123/comments")
    assert caught.value.title == "Permission missing"
    assert "read the Page's posts and comments (pages_read_engagement)" in caught.value.msg


async def test_code_200_without_a_named_permission_is_still_a_permission_error(
    clock: FakeClock,
) -> None:
    http = graph([graph_error(200)], clock)
    with pytest.raises(AuthError, match="a permission this needs"):
        await http.post("/1/comments", form={"message": "hi"})


async def test_outside_the_window_is_its_own_error(clock: FakeClock) -> None:
    http = graph([graph_error(10, 2018278)], clock)
    with pytest.raises(WindowClosed, match="outside the reply window"):
        await http.post("/1/messages", json={})


async def test_an_error_without_subcode_is_refused_not_a_crash(clock: FakeClock) -> None:
    http = graph([graph_error(368), graph_error(2, is_transient=True, status=500)], clock)
    with pytest.raises(Rejected, match="error 368, no subcode"):
        await http.get("/x")
    with pytest.raises(NetworkError):
        await http.get("/x")


async def test_a_200_with_an_error_envelope_or_no_json_is_not_success(clock: FakeClock) -> None:
    http = graph([graph_error(190, status=200), httpx.Response(200, text="<html>")], clock)
    with pytest.raises(AuthError):
        await http.get("/me")
    with pytest.raises(BadPayload):
        await http.get("/me")


async def test_usage_above_80_percent_spaces_requests_out(clock: FakeClock) -> None:
    busy = {"X-App-Usage": json.dumps({"call_count": 90, "total_cputime": 10, "total_time": 12})}
    slept: list[float] = []
    http = graph(
        [httpx.Response(200, json={}, headers=busy), httpx.Response(200, json={})], clock, slept
    )
    await http.get("/a")
    assert http.usage.percent == 90
    await http.get("/b")
    assert slept == [pytest.approx(16.0)]  # 2 s + 28 s × half the way from 80 % to 100 %
    assert http.usage.percent == 0 and http.paused_until is None


async def test_a_throttle_code_pauses_until_the_estimated_regain_time(clock: FakeClock) -> None:
    buc = {
        "X-Business-Use-Case-Usage": json.dumps(
            {
                "2121008874780932": [
                    {
                        "type": "pages",
                        "call_count": 100,
                        "total_cputime": 3,
                        "total_time": 4,
                        "estimated_time_to_regain_access": 12,
                    }
                ]
            }
        )
    }
    throttled = graph_error(80001)
    throttled.headers.update(buc)
    http = graph([throttled], clock)
    with pytest.raises(RateLimited) as caught:
        await http.get("/p/comments")
    assert caught.value.retry_after == 12 * 60
    assert http.paused_until == clock.now + timedelta(minutes=12)
    assert "until 15:12 UTC" in caught.value.msg
    with pytest.raises(RateLimited):  # no request is made while paused (the queue is empty)
        await http.get("/p/comments")
    clock.advance(minutes=13)
    http2 = graph([httpx.Response(200, json={"ok": True})], clock)
    assert (await http2.get("/p")).body == {"ok": True}


@pytest.mark.parametrize("code", [4, 17, 32, 613, 80014])
async def test_every_throttle_code_pauses(clock: FakeClock, code: int) -> None:
    http = graph([graph_error(code)], clock)
    with pytest.raises(RateLimited) as caught:
        await http.get("/x")
    assert caught.value.retry_after == 300  # no estimate given: five minutes


def test_malformed_usage_headers_count_as_zero() -> None:
    headers = httpx.Headers(
        {
            "X-App-Usage": "{nope",
            "X-Business-Use-Case-Usage": json.dumps({"1": "x"}),
            "X-Page-Usage": json.dumps({"call_count": "80"}),
        }
    )
    usage = read_usage(headers)
    assert usage.percent == 0 and not usage.slow and spacing(usage) == timedelta(0)


def test_page_usage_counts_too() -> None:
    usage = read_usage(
        httpx.Headers(
            {"X-Page-Usage": json.dumps({"call_count": 100, "total_cputime": 5, "total_time": 5})}
        )
    )
    assert usage.full


def test_plain_http_only_on_loopback() -> None:
    with pytest.raises(ConfigError, match="plain http"):
        GraphHttp("http://graph.example.com/v21.0", token="t", who="x")
    assert (
        GraphHttp("http://127.0.0.1:9/v21.0", token="t", who="x").base == "http://127.0.0.1:9/v21.0"
    )


def test_graph_times_with_plus_0000_parse() -> None:
    assert read_time({"t": "2021-08-10T18:45:03+0000"}, "t") == datetime(
        2021, 8, 10, 18, 45, 3, tzinfo=UTC
    )
    with pytest.raises(BadPayload):
        read_time({"t": "yesterday"}, "t")


def test_paging_keeps_cursors_and_drops_the_token() -> None:
    assert after_cursor(fixture("fb_post_comments_toplevel_p1.json")) == "token"
    assert after_cursor(fixture("fb_post_comments_toplevel_p2.json")) is None  # only previous
    assert after_cursor(fixture("ig_media_comments_p2.json")) is None  # no paging at all
    params = page_params(fixture("fb_posts_time_paging_p1.json"))
    assert params == [("until", "1624385168"), ("__paging_token", "__paging_token")]
    assert page_params(fixture("fb_posts_time_paging_p2.json")) is None


async def test_the_throttle_note_names_the_pause_and_whose_usage(clock: FakeClock) -> None:
    async def no_wait(seconds: float) -> None:
        """Spacing requests out is another test's subject: no real waiting here."""

    fake = FakeGraph(clock)
    meta = MetaAdapter(
        ACCOUNT, fake.page_token, transport=fake.transport(), clock=clock, sleep=no_wait
    )
    assert throttle_note(meta, clock()) == ""
    fake.usage = {"X-Page-Usage": json.dumps({"call_count": 85, "total_time": 3})}
    await meta.pull(None)
    assert throttle_note(meta, clock()) == "Facebook slowed: Page usage 85 %"
    fake.usage = {"X-App-Usage": json.dumps({"call_count": 100, "total_cputime": 95})}
    with pytest.raises(RateLimited):
        await meta.pull(None)
    assert throttle_note(meta, clock()) == "Facebook paused 5 min: app usage 100 %"
    clock.advance(minutes=6)
    assert throttle_note(meta, clock()) == "Facebook slowed: app usage 100 %"
