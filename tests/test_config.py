"""config.toml: defaults, every key validated, errors that name the file, line and key."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from adapters.errors import ConfigError
from adapters.records import Account
from settings.config import DEFAULT_THEME, load_config
from settings.paths import default_paths
from sync.registry import open_adapters
from tests.conftest import FakeClock
from tests.memory_keyring import MemoryKeyring
from tui.cli import main


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_missing_file_means_defaults(tmp_path: Path) -> None:
    config = load_config(tmp_path / "nope.toml")
    assert (config.theme, config.sync_interval, config.first_sync_days) == (DEFAULT_THEME, 60, 14)
    assert config.source is None


def test_values_are_read(tmp_path: Path) -> None:
    config = load_config(
        write(
            tmp_path,
            'theme = "replydesk-light"\nagent = "Sam"\npersona_file = "~/p.toml"\n'
            '[sync]\ninterval_seconds = 30\nfirst_sync_days = 3\n[keymap]\n"mention.done" = "e"\n',
        )
    )
    assert config.theme == "replydesk-light"
    assert config.agent == "Sam"
    assert config.persona_file == Path("~/p.toml").expanduser()
    assert (config.sync_interval, config.first_sync_days) == (30, 3)
    assert dict(config.keymap) == {"mention.done": "e"}


def test_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, 'theme = "x"\n[sync\n')
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert str(path) in caught.value.msg
    assert "line 2" in caught.value.msg


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("theme = 3\n", "theme"),
        ('[keymap]\n"mention.done" = 1\n', "keymap"),
        ("[sync]\ninterval_seconds = 1\n", "sync.interval_seconds"),
        ("[sync]\nfirst_sync_days = 0\n", "sync.first_sync_days"),
        ("[sync]\nfirst_sync_days = 2.5\n", "sync.first_sync_days"),
        ("sync = 5\n", "sync"),
        ("agent = []\n", "agent"),
    ],
)
def test_bad_values_name_the_key(tmp_path: Path, text: str, key: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert f"'{key}'" in caught.value.msg
    assert str(path) in caught.value.msg


def test_first_sync_window_reaches_the_network_adapters(
    tmp_path: Path, clock: FakeClock, memory_keyring: MemoryKeyring
) -> None:
    account = Account(
        "mastodon:@b@example.social", "mastodon", "@b@example.social", "", "https://example.social"
    )
    memory_keyring.set_password("replydesk", f"{account.id}/access_token", "token")
    adapters, problems = open_adapters(
        [account], default_paths(tmp_path), clock, first_sync=timedelta(days=3)
    )
    assert problems == []
    # The window itself is tested against recorded pages in test_mastodon_pull.
    assert adapters[account.id]._window == timedelta(days=3)  # type: ignore[attr-defined]


def test_an_account_without_a_stored_login_is_reported_not_fatal(
    tmp_path: Path, clock: FakeClock, memory_keyring: MemoryKeyring
) -> None:
    account = Account(
        "mastodon:@b@example.social", "mastodon", "@b@example.social", "", "https://example.social"
    )
    adapters, problems = open_adapters([account], default_paths(tmp_path), clock)
    assert adapters == {}
    assert "log in again" in problems[0].msg


def test_a_bad_value_names_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, 'theme = "x"\n\n[sync]\nfirst_sync_days = 14\ninterval_seconds = 1\n')
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert f"{path}, line 5: key 'sync.interval_seconds'" in caught.value.msg


def test_unknown_keys_are_warned_about_with_their_line(tmp_path: Path) -> None:
    path = write(tmp_path, 'theme = "x"\nthem = "y"\n[sync]\ninterval = 30\n')
    config = load_config(path)
    assert config.theme == "x"
    assert config.warnings == (
        f"{path}, line 2: unknown key 'them' is ignored (a typo?).",
        f"{path}, line 4: unknown key 'sync.interval' is ignored (a typo?).",
    )


def test_a_config_that_cannot_be_read_is_never_written_over(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = home / "config" / "config.toml"
    path.parent.mkdir(parents=True)
    broken = b'theme = "replydesk-dark"\n[sync\ninterval_seconds = 30\n\xff'
    path.write_bytes(broken)
    for argv in (["sync", "--once", "--demo"], ["queue", "--demo"], ["backup", "--demo"]):
        assert main(argv) == 0
        err = capsys.readouterr().err
        assert str(path) in err
        assert "Traceback" not in err
    path.write_bytes(broken[:-1])
    assert main(["queue", "--demo"]) == 0
    assert "line 2" in capsys.readouterr().err
    assert path.read_bytes() == broken[:-1]
