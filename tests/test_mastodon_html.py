"""Status HTML → plain text: a table of the tricky cases servers really send."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from adapters.mastodon.html import html_to_text, normalize_for_match
from tests.fakes.mastodon import fixture_json

MENTION = (
    '<span class="h-card" translate="no"><a href="http://localhost:3000/@mastodonpy_test" '
    'class="u-url mention">@<span>mastodonpy_test</span></a></span>'
)
SHORTENED = (
    '<a href="https://www.theguardian.com/money/2019/dec/07/i-lost-my-193000-inheritance" '
    'rel="nofollow noopener noreferrer" target="_blank"><span class="invisible">https://www.'
    '</span><span class="ellipsis">theguardian.com/money/2019/dec</span><span class="invisible">'
    "/07/i-lost-my-193000-inheritance</span></a>"
)

CASES = [
    ("plain paragraph", "<p>hello</p>", "hello"),
    ("paragraphs get a blank line", "<p>one</p><p>two</p>", "one\n\ntwo"),
    ("br is a newline", "<p>one<br>two<br />three</p>", "one\ntwo\nthree"),
    ("two br keep an empty line", "<p>a<br><br>b</p>", "a\n\nb"),
    ("br before a paragraph end adds nothing", "<p>a<br></p><p>b</p>", "a\n\nb"),
    (
        "mastodon mention gets its domain",
        f"<p>{MENTION} hello!</p>",
        "@mastodonpy_test@localhost hello!",
    ),
    (
        "takahē mention with a trailing slash",
        '<a href="https://localhost/@brand/" class="u-url mention">@<span>brand</span></a> hi',
        "@brand@localhost hi",
    ),
    (
        "remote mention already full",
        '<a class="mention" href="https://b.example/@x">@x@b.example</a>',
        "@x@b.example",
    ),
    (
        "hashtag (takahē marks it 'mention hashtag')",
        'order <a href="https://localhost/tags/1234/" class="mention hashtag" rel="tag">#1234</a>',
        "order #1234",
    ),
    (
        "hashtag with span",
        '<a href="/tags/x" class="mention hashtag" rel="tag">#<span>Fedi</span></a>',
        "#Fedi",
    ),
    (
        "invisible spans restored into the URL",
        f"<p>read {SHORTENED} now</p>",
        "read https://www.theguardian.com/money/2019/dec/07/i-lost-my-193000-inheritance now",
    ),
    (
        "link with other text keeps both",
        '<a href="https://x.org/a">the docs</a>',
        "the docs (https://x.org/a)",
    ),
    ("link shown without scheme", '<a href="https://x.org/a/b">x.org/a/b</a>', "https://x.org/a/b"),
    (
        "link shortened with a literal ellipsis",
        '<a href="https://x.org/a/bcdef">x.org/a/b…</a>',
        "https://x.org/a/bcdef",
    ),
    (
        "mailto shows the address",
        '<a href="mailto:fan@example.com">fan@example.com</a>',
        "fan@example.com",
    ),
    (
        "entities decoded",
        "<p>&quot;a&quot; &amp; &lt;b&gt; &#39;c&#39; &#x1F600;</p>",
        "\"a\" & <b> 'c' 😀",
    ),
    ("source whitespace collapses", "<p>a\n   b\t c</p>", "a b c"),
    (
        "lists",
        "<ul><li>one</li><li>two</li></ul><ol><li>x</li><li>y</li></ol>",
        "- one\n- two\n\n1. x\n2. y",
    ),
    (
        "blockquote is a paragraph",
        "<p>said:</p><blockquote><p>quoted</p></blockquote><p>end</p>",
        "said:\n\nquoted\n\nend",
    ),
    ("pre keeps spacing", "<pre>a  b\n  c</pre>", "a  b\n  c"),
    (
        "style and script are dropped",
        "<style>p{color:red}</style><script>x()</script><p>ok</p>",
        "ok",
    ),
    ("terminal escapes removed", "<p>hi\x1b]8;;evil\x07 there</p>", "hi]8;;evil there"),
    ("unclosed link still shows", '<p><a href="https://x.org/">x.org', "https://x.org/"),
    ("empty", "", ""),
    ("plain text passes", "just text", "just text"),
]


@pytest.mark.parametrize(("html", "text"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_html_to_text(html: str, text: str) -> None:
    assert html_to_text(html) == text


def test_recorded_docs_status_restores_the_full_link() -> None:
    status = fixture_json("docs_entity_status.json")
    assert html_to_text(status["content"]).splitlines()[-1] == (
        "https://www.theguardian.com/money/2019/dec/07/"
        "i-lost-my-193000-inheritance-with-one-wrong-digit-on-my-sort-code"
    )


@given(st.text())
def test_html_to_text_never_raises_and_has_no_controls(fragment: str) -> None:
    text = html_to_text(fragment)
    assert not any(ord(c) < 32 and c not in "\n\t" for c in text)


@given(
    st.lists(
        st.sampled_from(
            [
                "<p>",
                "</p>",
                "<a href='x'>",
                "</a>",
                "<br>",
                "<![",
                "<!--",
                "&",
                "x",
                "<span class='invisible'>",
                "</span>",
                "<ul>",
                "<li>",
            ]
        )
    )
)
def test_html_to_text_survives_broken_markup(parts: list[str]) -> None:
    assert isinstance(html_to_text("".join(parts)), str)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("@fan sorry  about\nthat!", "@fan@localhost sorry about that!"),
        ("@Fan@Example.social Hi", "@fan hi"),
    ],
)
def test_normalize_for_match_ignores_mention_domains_space_and_case(a: str, b: str) -> None:
    assert normalize_for_match(a) == normalize_for_match(b)


def test_normalize_for_match_keeps_different_words_apart() -> None:
    assert normalize_for_match("@fan sorry") != normalize_for_match("@fan thanks")
    assert normalize_for_match("mail fan@example.com") != normalize_for_match("mail fan")
