"""Watch terms: parsed, matched and validated, and read from ``[watch]`` in config.toml."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from adapters.errors import ConfigError
from adapters.records import Account
from adapters.watch import TermError, TermKind, WatchTerm, parse_term, watch_list
from settings.config import load_config


@pytest.mark.parametrize(
    ("raw", "kind", "value", "exclude", "query"),
    [
        ("fernbrook", TermKind.WORD, "fernbrook", False, "fernbrook"),
        ("  Fernbrok ", TermKind.WORD, "Fernbrok", False, "Fernbrok"),
        ('"fernbrook beans"', TermKind.PHRASE, "fernbrook beans", False, '"fernbrook beans"'),
        ("fernbrook   beans", TermKind.PHRASE, "fernbrook beans", False, '"fernbrook beans"'),
        ("#fernbrook", TermKind.HASHTAG, "fernbrook", False, "#fernbrook"),
        ('-"fernbrook road"', TermKind.PHRASE, "fernbrook road", True, '-"fernbrook road"'),
        ("-road", TermKind.WORD, "road", True, "-road"),
    ],
)
def test_terms_are_parsed(raw: str, kind: TermKind, value: str, exclude: bool, query: str) -> None:
    term = parse_term(raw)
    assert (term.kind, term.value, term.exclude, term.query) == (kind, value, exclude, query)


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        ("", "empty"),
        ("-", "followed by"),
        ('"fernbrook beans', "closing quote"),
        ('fern"brook', "whole phrase"),
        ("#", "one '#'"),
        ("#fern brook", "one '#'"),
        ("#2026", "digits only"),
        ("from:fernbrook", "operators"),
        ("fern\u200bbrook", "invisible"),
        ("x" * 101, "at most 100"),
    ],
)
def test_bad_terms_say_why(raw: str, says: str) -> None:
    with pytest.raises(TermError, match=says):
        parse_term(raw)


@given(st.text(max_size=120))
def test_any_text_parses_or_says_why_and_a_query_reads_back_as_its_term(raw: str) -> None:
    outcome: WatchTerm | TermError
    try:
        outcome = parse_term(raw)
    except TermError as exc:
        outcome = exc
    if isinstance(outcome, TermError):
        assert str(outcome)  # never a bare error
        return
    again = parse_term(outcome.query)
    assert (again.kind, again.value, again.exclude) == (
        outcome.kind,
        outcome.value,
        outcome.exclude,
    )


def test_a_watch_list_matches_whole_words_and_honours_exclusions() -> None:
    watch = watch_list(["fernbrook", "#fernbrook", '"fern brook"', '-"fernbrook road"'])
    word, tag, phrase = watch.terms
    assert word.found_in("My FERNBROOK beans arrived stale")
    assert not word.found_in("fernbrooking is not a word")
    assert tag.found_in("loving #fernbrook today") and not tag.found_in("loving fernbrook")
    assert phrase.found_in("fern  brook coffee")
    assert watch.excluded("lost on Fernbrook Road again")
    assert watch.excluded("fernbrook road") and not watch.excluded("fernbrook")


def test_the_same_term_twice_counts_once_in_its_first_spelling() -> None:
    watch = watch_list(["Fernbrook", "fernbrook", "#fernbrook"])
    assert [t.text for t in watch.terms] == ["Fernbrook", "#fernbrook"]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


ACCOUNT = Account("bluesky:did:plc:x", "bluesky", "brand.test")


def test_watch_terms_are_read_per_account_network_and_everywhere(tmp_path: Path) -> None:
    config = load_config(
        write(
            tmp_path,
            '[watch]\ndaily_cap = 50\n[watch.sla]\ncomplaint = "2h"\n[watch.terms]\n'
            '"*" = ["fernbrook", \'-"fernbrook road"\']\n'
            'bluesky = ["#fernbrook"]\n"@brand.test" = ["fernbrok"]\n'
            'mastodon = ["#mastodononly"]\n',
        )
    )
    assert config.watch.daily_cap == 50 and config.watch.sla == {"complaint": "2h"}
    watch = config.watch.watch_for(ACCOUNT)
    assert [t.text for t in watch.terms] == ["fernbrook", "#fernbrook", "fernbrok"]
    assert [t.text for t in watch.exclusions] == ['-"fernbrook road"']
    assert not load_config(tmp_path / "none.toml").watch.watch_for(ACCOUNT)


def test_a_bad_term_names_the_term_the_key_and_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, '[watch.terms]\n"*" = ["fernbrook"]\nbluesky = ["ok", "#"]\n')
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert "line 3" in caught.value.msg
    assert "'#'" in caught.value.msg and "bluesky" in caught.value.msg


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("[watch]\ndaily_cap = 0\n", "watch.daily_cap"),
        ("[watch]\nterms = 3\n", "watch.terms"),
        ('[watch.terms]\n"*" = "fernbrook"\n', "list of text"),
        ("[watch]\nlimit = 3\n", "watch.limit"),
    ],
)
def test_bad_watch_settings_name_the_key(tmp_path: Path, text: str, says: str) -> None:
    with pytest.raises(ConfigError, match=says):
        load_config(write(tmp_path, text))
