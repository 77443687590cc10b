"""The table of networks: every entry is complete and reachable, so adding a network is its own
package plus one line in ``adapters/networks.py``."""

from __future__ import annotations

import io
from contextlib import redirect_stdout
from datetime import UTC, datetime

import pytest

from adapters.entry import LoginRequest, Prompter, keep_id
from adapters.errors import ConfigError
from adapters.logins import LOGINS
from adapters.networks import NETWORKS, TEXT_RULES, network_named, text_rules
from adapters.records import Account, Author, Mention, Platform
from tui.cli import build_parser


def test_every_entry_is_named_as_its_key() -> None:
    for name, load in NETWORKS.items():
        assert load().name == name


def test_a_network_signs_in_from_the_shell_exactly_when_its_options_are_listed() -> None:
    signs_in = {name for name, load in NETWORKS.items() if load().login is not None}
    assert signs_in == set(LOGINS)
    assert network_named("demo").login is None


def test_an_unknown_network_is_a_clear_error() -> None:
    with pytest.raises(ConfigError, match="does not know the network 'myspace'"):
        network_named("myspace")


def test_account_add_is_built_from_the_table() -> None:
    parser = build_parser()
    parsed = parser.parse_args(["account", "add", "bluesky", "brand.bsky.social"])
    assert parsed.service == "https://bsky.social"
    assert parsed.app_password_stdin is False
    parsed = parser.parse_args(["account", "add", "mastodon", "https://x.social", "--token-stdin"])
    assert parsed.token_stdin is True
    out = io.StringIO()
    with redirect_stdout(out), pytest.raises(SystemExit):
        parser.parse_args(["account", "add", "--help"])
    for name in LOGINS:
        assert name in out.getvalue()


def test_a_repeatable_option_collects_every_value() -> None:
    parser = build_parser()
    parsed = parser.parse_args(["account", "add", "facebook", "--page", "A", "--page", "B"])
    assert parsed.page == ["A", "B"] and parsed.token_stdin is False
    assert parser.parse_args(["account", "add", "facebook"]).page == []
    kinds = {o.flag: o.kind for o in LOGINS["facebook"].options}
    assert kinds == {"--token-stdin": "switch", "--page": "append", "--api-base": "value"}
    request = LoginRequest("", {"page": ["A", "B"], "one": "x", "none": []}, _quiet())
    assert request.values("page") == ("A", "B") and request.values("one") == ("x",)
    assert request.values("none") == () and request.values("missing") == ()


def test_pick_reads_numbers_or_all_and_refuses_the_rest() -> None:
    answers = iter(["2 1 2", "all", "7", "two"])
    said: list[str] = []
    prompter = Prompter(
        say=said.append,
        ask=lambda prompt: next(answers),
        secret=lambda prompt: "",
        piped=lambda: "",
        open_url=lambda url: None,
    )
    assert prompter.pick("Pages", ["a", "b", "c"]) == [1, 0]
    assert said[:3] == ["  1. a", "  2. b", "  3. c"]
    assert prompter.pick("Pages", ["a", "b"]) == [0, 1]
    for _ in range(2):
        with pytest.raises(ConfigError, match="not a choice"):
            prompter.pick("Pages", ["a", "b"])


def _mention(platform: Platform) -> Mention:
    return Mention(
        account_id="a",
        remote_id="m1",
        platform=platform,
        author=Author(remote_id="u1", handle="@alex@other.social", display_name="Alex"),
        text="hello",
        created_at=datetime(2026, 1, 1, tzinfo=UTC),
    )


def test_each_platform_has_text_rules() -> None:
    assert text_rules(Platform.MASTODON).reply_prefix(_mention(Platform.MASTODON)) == (
        "@alex@other.social "
    )
    assert text_rules(Platform.BLUESKY).reply_prefix(_mention(Platform.BLUESKY)) == ""
    assert set(TEXT_RULES) == set(Platform)


def _quiet() -> Prompter:
    return Prompter(
        say=lambda text: None,
        ask=lambda prompt: "",
        secret=lambda prompt: "",
        piped=lambda: "",
        open_url=lambda url: None,
    )


def test_a_login_request_reads_switches_and_values() -> None:
    quiet = _quiet()
    request = LoginRequest("t", {"token_stdin": True, "service": "https://s"}, quiet)
    assert request.switch("token_stdin") and not request.switch("other")
    assert request.value("service") == "https://s"
    account = Account(id="x:1", network="x", handle="@a")
    assert keep_id(account, [account]) is account
