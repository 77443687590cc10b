"""Facets: read with UTF-8 byte offsets (links spelled out in full), built for drafts."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from adapters.bluesky.text import LINK_TYPE, MENTION_TYPE, build_facets, find_links, render
from tests.fakes.bluesky import BRAND_DID, load

VECTOR = load("post_record_facets_utf8.bsky-docs.json")


def link(start: int, end: int, uri: str) -> dict[str, Any]:
    return {
        "index": {"byteStart": start, "byteEnd": end},
        "features": [{"$type": LINK_TYPE, "uri": uri}],
    }


def mention(start: int, end: int, did: str = BRAND_DID) -> dict[str, Any]:
    return {
        "index": {"byteStart": start, "byteEnd": end},
        "features": [{"$type": MENTION_TYPE, "did": did}],
    }


def test_utf8_vector_offsets_are_bytes_not_code_points() -> None:
    data = VECTOR["text"].encode("utf-8")
    assert data[23:35] == b"@atproto.com"
    assert data[74:108] == b"https://en.wikipedia.org/wiki/CBOR"
    rich = render(VECTOR["text"], VECTOR["facets"])
    assert rich.text == VECTOR["text"]  # the link text already is the full URL
    assert rich.links == ("https://en.wikipedia.org/wiki/CBOR",)
    assert rich.dropped == 0


async def test_utf8_vector_is_rebuilt_exactly_from_its_text() -> None:
    async def resolve(handle: str) -> str | None:
        return "did:plc:ewvi7nxzyoun6zhxrhs64oiz" if handle == "atproto.com" else None

    assert await build_facets(VECTOR["text"], resolve) == VECTOR["facets"]


def test_recorded_mention_after_an_emoji_is_kept_as_written() -> None:
    record = load("local-pds/listNotifications-brand.json")["notifications"][0]["record"]
    assert record["text"].encode()[12:23] == b"@brand.test"
    assert render(record["text"], record["facets"]).text == record["text"]


def test_shortened_link_text_shows_the_full_url_from_the_facet() -> None:
    record = next(
        n["record"]
        for n in load("listNotifications.atproto-dart.json")["notifications"]
        if "youtube" in n["record"].get("text", "")
    )
    rich = render(record["text"], record["facets"])
    assert rich.text.endswith("https://www.youtube.com/watch?v=Zyyn5rvmJ9I")
    assert "Zyyn..." not in rich.text


def test_link_whose_text_says_something_else_shows_both() -> None:
    text = "see here for details"
    rich = render(text, [link(4, 8, "https://evil.example/x")])
    assert rich.text == "see here (https://evil.example/x) for details"


def test_text_that_imitates_another_site_shows_the_real_target() -> None:
    text = "login at paypal.com now"
    rich = render(text, [link(9, 19, "https://paypal.com.evil.example/")])
    assert "https://paypal.com.evil.example/" in rich.text
    assert rich.links == ("https://paypal.com.evil.example/",)


@pytest.mark.parametrize(
    ("facets", "why"),
    [
        ([link(5, 99, "https://a.example")], "end beyond the text"),
        ([link(-1, 3, "https://a.example")], "negative start"),
        ([link(4, 4, "https://a.example")], "empty span"),
        ([link(2, 5, "https://a.example")], "starts inside é"),
        ([link(0, 2, "https://a.example")], "ends inside é"),
        ([link(0, 5, "javascript:alert(1)")], "not a web link"),
        ([link(0, 5, "https://a.example/\x1b[31m")], "control characters"),
        ([link(0, 5, "https://[::1")], "unparseable host"),
        ([{"index": {"byteStart": "0", "byteEnd": 5}, "features": []}], "string offset"),
        ([{"index": {"byteStart": True, "byteEnd": 5}, "features": []}], "boolean offset"),
        ([{"features": []}], "no index"),
        (["not a facet"], "not an object"),
        ([{"index": {"byteStart": 0, "byteEnd": 3}, "features": "x"}], "features not a list"),
        ([{"index": {"byteStart": 0, "byteEnd": 3}, "features": [{"$type": LINK_TYPE}]}], "no uri"),
    ],
)
def test_bad_facets_are_dropped_and_the_text_shown_as_written(facets: list[Any], why: str) -> None:
    text = "xéllo world"
    rich = render(text, facets)
    assert rich.text == text, why
    assert rich.links == ()
    assert rich.dropped == 1, why


def test_overlapping_link_facets_keep_the_first() -> None:
    text = "a.example b.example"
    rich = render(text, [link(0, 9, "https://a.example"), link(5, 19, "https://b.example")])
    assert rich.text == "https://a.example b.example"
    assert rich.dropped == 1


def test_mentions_and_tags_keep_their_text_and_facets_may_be_absent() -> None:
    text = "hi @brand.test #tea"
    tag = {
        "index": {"byteStart": 15, "byteEnd": 19},
        "features": [{"$type": "app.bsky.richtext.facet#tag", "tag": "tea"}],
    }
    assert render(text, [mention(3, 14), tag]).text == text
    assert render(text, None).text == text
    assert render(text, {"not": "a list"}).text == text


def test_lone_surrogates_drop_every_facet_instead_of_crashing() -> None:
    rich = render("bad \ud800 text", [link(0, 3, "https://a.example")])
    assert rich.dropped == 1
    assert rich.links == ()


@pytest.mark.parametrize(
    ("text", "urls"),
    [
        ("go to https://example.com/a.", ["https://example.com/a"]),
        ("(see https://example.com/wiki/A_(b))", ["https://example.com/wiki/A_(b)"]),
        ("see https://example.com/x), ok", ["https://example.com/x"]),
        ("no http://", []),
        ("mail me@https://example.com", []),
        ("HTTPS://EXAMPLE.COM/Caps!", ["HTTPS://EXAMPLE.COM/Caps"]),
    ],
)
def test_links_found_in_drafts_leave_trailing_punctuation_out(text: str, urls: list[str]) -> None:
    assert [span.value for span in find_links(text)] == urls


async def test_unresolvable_handles_stay_plain_text_and_each_handle_resolves_once() -> None:
    asked: list[str] = []

    async def resolve(handle: str) -> str | None:
        asked.append(handle)
        return BRAND_DID if handle == "brand.test" else None

    text = "@Brand.test and @nobody.example and @brand.test again, a@b.example is mail"
    facets = await build_facets(text, resolve)
    data = text.encode()
    assert [data[f["index"]["byteStart"] : f["index"]["byteEnd"]] for f in facets] == [
        b"@Brand.test",
        b"@brand.test",
    ]
    assert asked == ["brand.test", "nobody.example"]


async def test_a_mention_inside_a_link_is_part_of_the_link() -> None:
    async def resolve(handle: str) -> str | None:
        return BRAND_DID

    facets = await build_facets("https://example.com/(@brand.test)", resolve)
    assert [f["features"][0]["$type"] for f in facets] == [LINK_TYPE]


# Text "around" the mention and link: emoji (incl. ZWJ sequences), CJK, combining marks.
NOISE = st.lists(
    st.sampled_from(
        [
            "a",
            "Z",
            "7",
            " ",
            "\n",
            "é",
            "e\u0301",
            "\u0301",
            "\u0308",
            "✨",
            "👨\u200d❤️\u200d👨",
            "🇯🇵",
            "😀",
            "日",
            "本",
            "語",
            "한",
            "ℌ",
            ".",
            ",",
            "!",
            "#",
        ]
    ),
    max_size=12,
).map("".join)
LABEL = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=10)
HANDLE = st.builds(lambda a, b: f"{a}.{b}", LABEL, st.sampled_from(["test", "social", "example"]))
PATH = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789/-_=?&", max_size=15).map(
    lambda p: p.rstrip("?&") + "x"
)
AFTER_MENTION = st.sampled_from([" ", "\n", "!", "?", ",", "😀", "日", "\u0301", "✨"])


@given(
    before=NOISE,
    between=NOISE,
    after=NOISE,
    handle=HANDLE,
    host=HANDLE,
    path=PATH,
    sep=AFTER_MENTION,
    link_first=st.booleans(),
)
async def test_built_facets_index_exactly_the_mention_and_link_bytes(
    before: str,
    between: str,
    after: str,
    handle: str,
    host: str,
    path: str,
    sep: str,
    link_first: bool,
) -> None:
    url = f"https://{host}/{path}"
    at = f"@{handle}"
    if link_first:
        text = f"{before} {url} {between} {at}{sep}{after}"
    else:
        text = f"{before} {at}{sep}{between} {url} {after}"

    async def resolve(asked: str) -> str | None:
        return BRAND_DID if asked == handle else None

    facets = await build_facets(text, resolve)
    data = text.encode("utf-8")
    covered = {
        f["features"][0]["$type"]: data[f["index"]["byteStart"] : f["index"]["byteEnd"]]
        for f in facets
    }
    assert len(facets) == 2
    assert covered == {MENTION_TYPE: at.encode(), LINK_TYPE: url.encode()}
    assert [
        f["features"][0].get("uri") for f in facets if f["features"][0]["$type"] == LINK_TYPE
    ] == [url]
    starts = [f["index"]["byteStart"] for f in facets]
    assert starts == sorted(starts)
    # What the reader shows for the post we would write is the draft itself.
    assert render(text, facets).text == text


@given(
    text=st.text(max_size=40),
    spans=st.lists(st.tuples(st.integers(-3, 60), st.integers(-3, 60)), max_size=4),
    uri=st.sampled_from(["https://ok.example/a", "ftp://x", "", "https://t.example"]),
)
def test_any_facets_on_any_text_never_crash_and_links_shown_are_facet_targets(
    text: str, spans: list[tuple[int, int]], uri: str
) -> None:
    rich = render(text, [link(start, end, uri) for start, end in spans])
    assert set(rich.links) <= {uri}
    for shown in rich.links:
        assert shown in rich.text
    assert rich.dropped + len(rich.links) == len(spans)
