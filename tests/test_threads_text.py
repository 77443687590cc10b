"""Threads' length rules as the composer and the persona check apply them."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from adapters.records import THREADS_LIMITS, Platform, default_limits
from persona.length import count_length, network_refusals, platform_findings
from persona.textscan import grapheme_count


def used(text: str) -> int:
    (count,) = count_length(text, THREADS_LIMITS)
    return count.used


def test_an_emoji_counts_its_utf8_bytes_and_other_letters_one() -> None:
    assert default_limits(Platform.THREADS) == THREADS_LIMITS
    assert used("héllo") == 5
    assert used("😀") == 4
    assert used("🇫🇷") == 8  # two regional indicators
    assert used("👩🏽‍💻") == len("👩🏽‍💻".encode())
    assert used("1️⃣") == 7
    assert used("日本") == 2


def test_over_500_is_refused_from_the_first_piece_that_does_not_fit() -> None:
    text = "x" * 498 + "😀" + "tail"
    (finding,) = platform_findings(text, THREADS_LIMITS)
    assert finding.start == 498  # the emoji is what no longer fits
    assert "Too long for Threads: 506/500" in finding.message
    assert network_refusals([finding]) == [finding]
    assert not list(platform_findings("x" * 496 + "😀", THREADS_LIMITS))


def test_more_than_five_links_are_refused() -> None:
    links = " ".join(f"https://shop{n}.example/item" for n in range(6))
    (finding,) = platform_findings(links, THREADS_LIMITS)
    assert "Too many links for Threads: 6, at most 5" in finding.message
    assert links[finding.start :].startswith("https://shop5.example")
    five = " ".join(f"https://shop{n}.example" for n in range(5))
    assert not list(platform_findings(five, THREADS_LIMITS))


@given(st.text(max_size=300))
def test_the_count_is_never_below_the_graphemes(text: str) -> None:
    assert grapheme_count(text) <= used(text) <= max(grapheme_count(text), len(text.encode()))
