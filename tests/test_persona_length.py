"""Length counting as the networks count, checked against recorded payloads and properties."""

from __future__ import annotations

import json
import urllib.parse
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.records import (
    BLUESKY_LIMITS,
    MASTODON_DEFAULT_LIMITS,
    Limits,
    Platform,
)
from persona import PLATFORM_RULE_ID, CheckContext, LengthCount, Severity, check, count_length
from persona.length import platform_findings
from persona.textscan import mention_spans, url_spans, utf8_span

FIXTURES = Path(__file__).parent / "fixtures"
FAMILY = "👨\u200d👩\u200d👧\u200d👦"


def counts(draft: str, limits: Limits) -> dict[str, LengthCount]:
    return {count.unit: count for count in count_length(draft, limits)}


def length_errors(draft: str, limits: Limits) -> list[str]:
    return [f.severity for f in check(draft, None, _ctx(limits)) if f.rule_id == PLATFORM_RULE_ID]


def _ctx(limits: Limits) -> CheckContext:
    return CheckContext(limits)


# ── Mastodon ──────────────────────────────────────────────────────────────────


def test_mastodon_rejected_a_status_we_count_as_too_long() -> None:
    for language in ("de", "ja"):
        recorded = json.loads(
            (FIXTURES / "mastodon" / f"error_422_too_long_{language}.http.json").read_text()
        )
        status = urllib.parse.parse_qs(recorded["request"]["body"])["status"][0]
        assert recorded["status"]["code"] == 422
        [count] = count_length(status, MASTODON_DEFAULT_LIMITS)
        assert count.over and count.limit == 500
        assert length_errors(status, MASTODON_DEFAULT_LIMITS) == [Severity.ERROR]
        body = json.loads(
            (FIXTURES / "mastodon" / f"error_422_too_long_{language}.json").read_text()
        )
        assert "500" in body["error"]


def test_mastodon_limit_is_500_characters_inclusive() -> None:
    assert length_errors("a" * 500, MASTODON_DEFAULT_LIMITS) == []
    assert length_errors("a" * 501, MASTODON_DEFAULT_LIMITS) == [Severity.ERROR]
    [finding] = [f for f in check("a" * 501, None, _ctx(MASTODON_DEFAULT_LIMITS))]
    assert (finding.start, finding.end) == (500, 501)
    assert "501/500" in finding.message


def test_mastodon_counts_remote_mentions_by_their_local_part_and_emoji_once() -> None:
    assert counts("@sam@example.social hi", MASTODON_DEFAULT_LIMITS)["chars"].used == len("@sam hi")
    assert counts(f"{FAMILY}!", MASTODON_DEFAULT_LIMITS)["chars"].used == 2


def test_a_url_counts_23_even_past_the_limit() -> None:
    url = "https://fernbrook.example/" + "p" * 600
    text = "a" * 476 + " " + url
    assert counts(text, MASTODON_DEFAULT_LIMITS)["chars"].used == 500
    assert length_errors(text, MASTODON_DEFAULT_LIMITS) == []
    assert length_errors("a" + text, MASTODON_DEFAULT_LIMITS) == [Severity.ERROR]
    # Glued to a word it is not a link (twitter-text's rule), so it counts in full.
    assert counts("a" + url, MASTODON_DEFAULT_LIMITS)["chars"].used == 1 + len(url)


_SAFE = st.text(alphabet="abcdefghij klmnop,", max_size=120)
_DOMAIN = st.from_regex(r"[a-z]{1,12}(\.[a-z]{1,8}){0,2}\.[a-z]{2,6}", fullmatch=True)
_PATH = st.from_regex(
    r"(/[A-Za-z0-9_~%=+-]{0,30}){0,6}(\?[a-z]{1,5}=[a-z0-9]{1,9})?", fullmatch=True
)


@settings(max_examples=200, deadline=None)
@given(_SAFE, _SAFE, st.sampled_from(["http", "https"]), _DOMAIN, _PATH, st.integers(1, 100))
def test_every_url_counts_exactly_url_chars(
    before: str, after: str, scheme: str, domain: str, path: str, url_chars: int
) -> None:
    limits = Limits(Platform.MASTODON, max_chars=500, url_chars=url_chars)
    url = f"{scheme}://{domain}{path}"
    text = f"{before} {url} {after}"
    assert url_spans(text) == ((len(before) + 1, len(before) + 1 + len(url)),)
    plain = counts(f"{before}  {after}", limits)["chars"].used
    assert counts(text, limits)["chars"].used == plain + url_chars


# ── Bluesky ───────────────────────────────────────────────────────────────────


def test_family_emoji_with_zwj_is_one_grapheme_and_25_bytes() -> None:
    measured = counts(FAMILY, BLUESKY_LIMITS)
    assert measured["graphemes"].used == 1
    assert measured["bytes"].used == len(FAMILY.encode()) == 25


def test_bluesky_limits_are_300_graphemes_and_3000_bytes() -> None:
    assert length_errors("a" * 300, BLUESKY_LIMITS) == []
    assert length_errors("a" * 301, BLUESKY_LIMITS) == [Severity.ERROR]
    # 300 families fit the grapheme limit but not the byte limit: one error, for bytes.
    findings = [f for f in check(FAMILY * 300, None, _ctx(BLUESKY_LIMITS))]
    assert len(findings) == 1 and "bytes" in findings[0].message
    # 120 families are exactly 3000 bytes: the 121st is the first that does not fit.
    assert findings[0].start == 120 * len(FAMILY)


def test_facet_vector_byte_offsets_agree_with_our_spans() -> None:
    record = json.loads(
        (FIXTURES / "bluesky" / "post_record_facets_utf8.bsky-docs.json").read_text()
    )
    text: str = record["text"]
    data = text.encode()
    [mention] = mention_spans(text)
    [link] = url_spans(text)
    by_kind = {
        facet["features"][0]["$type"].split("#")[1]: facet["index"] for facet in record["facets"]
    }
    for kind, span, expected in (("mention", mention, "@atproto.com"), ("link", link, None)):
        start, end = utf8_span(text, *span)
        assert (start, end) == (by_kind[kind]["byteStart"], by_kind[kind]["byteEnd"])
        sliced = data[start:end].decode()
        assert sliced == (expected or record["facets"][1]["features"][0]["uri"])
    measured = counts(text, BLUESKY_LIMITS)
    assert measured["bytes"].used == len(data)
    # The ZWJ couple (6 code points) is one grapheme; everything else is one code point each.
    assert measured["graphemes"].used == len(text) - 5


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_counters_are_never_negative_and_bytes_are_utf8_bytes(text: str) -> None:
    for limits in (MASTODON_DEFAULT_LIMITS, BLUESKY_LIMITS):
        for count in count_length(text, limits):
            assert count.used >= 0
            assert count.over == (count.used > count.limit)
    measured = counts(text, BLUESKY_LIMITS)
    assert measured["bytes"].used == len(text.encode())
    assert measured["graphemes"].used <= len(text)
    assert (measured["graphemes"].used == 0) == (text == "")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60), st.integers(1, 20))
def test_graphemes_add_up_over_repeats_of_a_family(prefix: str, repeat: int) -> None:
    base = counts(prefix + " ", BLUESKY_LIMITS)["graphemes"].used
    assert counts(prefix + " " + FAMILY * repeat, BLUESKY_LIMITS)["graphemes"].used == base + repeat


def test_no_limits_means_no_counts() -> None:
    assert count_length("anything", Limits(Platform.MASTODON)) == ()


_MIXED = st.lists(
    st.one_of(
        st.sampled_from(
            [FAMILY, "é", "e\u0301", "🇩🇪", " https://a.example/x ", " @sam@b.example ", "\r\n"]
        ),
        st.text(max_size=6),
    ),
    max_size=30,
).map("".join)


@settings(max_examples=200, deadline=None)
@given(_MIXED, st.integers(0, 40))
def test_the_length_error_starts_where_the_text_stops_fitting(text: str, limit: int) -> None:
    for limits in (
        Limits(Platform.MASTODON, max_chars=limit, url_chars=23),
        Limits(Platform.BLUESKY, max_graphemes=limit, max_bytes=limit * 3),
    ):
        over = [c for c in count_length(text, limits) if c.over]
        findings = list(platform_findings(text, limits))  # one per broken limit, in order
        assert len(findings) == len(over) == len(check(text, None, _ctx(limits)))
        for count, finding in zip(over, findings, strict=True):
            assert finding.end == len(text) and finding.start < len(text)
            # Everything before the error still fits the limit it reports.
            before = {c.unit: c for c in count_length(text[: finding.start], limits)}
            assert not before[count.unit].over
