"""Facebook from the command line, as a person would use it, against the fake Graph API on a
loopback socket: add with a Page or user token, sync, reply, remove."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from adapters.clock import system_clock
from tests.fakes.meta import FakeGraph
from tests.fakes.meta_seed import PAGE_ID
from tests.memory_keyring import MemoryKeyring

ACCOUNT_ID = f"facebook:{PAGE_ID}"


def test_a_page_token_adds_the_page_and_replies_go_out_once(
    run: Any, memory_keyring: MemoryKeyring
) -> None:
    with FakeGraph(system_clock) as fake:
        add = ("account", "add", "facebook", "--token-stdin", "--api-base", fake.base_url)
        code, out, err = run(*add, stdin=fake.page_token)
        assert code == 0, err
        assert out.startswith("Added @MyLife (facebook)")
        assert (
            memory_keyring.get_password("replydesk", f"{ACCOUNT_ID}/page_token") == fake.page_token
        )
        [listed] = json.loads(run("account", "list", "--json")[1])
        assert listed["id"] == ACCOUNT_ID and listed["server"] == fake.base_url
        code, out, err = run("sync", "--once")
        assert code == 0, err
        assert out.startswith("@MyLife: 15 new")
        rows = json.loads(run("queue", "--json", "--limit", "100")[1])
        sunday = next(r for r in rows if r["text"] == "Is the shop open on Sunday?")
        assert run("reply", str(sunday["id"]), "--text", "Yes, 10 to 4! — MyLife")[0] == 0
        code, out, err = run("sync", "--once")
        assert code == 0, err
        assert "sent" in out
        assert [s.get("message") for s in fake.sent] == ["Yes, 10 to 4! — MyLife"]
        assert run("sync", "--once")[0] == 0
        assert len(fake.sent) == 1
        stale = next(r for r in rows if r["text"] == "hehe, thanks for yesterday")
        code, _, err = run("reply", str(stale["id"]), "--text", "Glad you enjoyed it!")
        assert code == 1
        assert "not queued: The reply window closed 6 h ago: Meta lets a Page answer" in err
        code, out, _ = run("account", "remove", "@MyLife")
        assert code == 0
        assert memory_keyring.get_password("replydesk", f"{ACCOUNT_ID}/page_token") is None


def test_a_user_token_adds_the_pages_chosen(run: Any, memory_keyring: MemoryKeyring) -> None:
    with FakeGraph(system_clock) as fake:
        add = ("account", "add", "facebook", "--token-stdin", "--api-base", fake.base_url)
        code, _, err = run(*add, stdin=fake.user_token)
        assert code == 1
        assert "Choose the Pages with --page" in err and "MyLife (2121008874780932)" in err
        code, out, err = run(*add, "--page", "MyLife", stdin=fake.user_token)
        assert out.startswith("Added @MyLife")
        assert code == 0, err
        assert (
            memory_keyring.get_password("replydesk", f"{ACCOUNT_ID}/page_token") == fake.page_token
        )
        assert fake.user_token not in memory_keyring.secrets.values()  # only Page tokens kept
        code, _, err = run(*add, "--page", "Nope", stdin=fake.user_token)
        assert code == 1 and "manages no Page nope" in err


def test_bad_token_plain_http_and_missing_token(run: Any, memory_keyring: MemoryKeyring) -> None:
    with FakeGraph(system_clock) as fake:
        add = ("account", "add", "facebook", "--token-stdin", "--api-base", fake.base_url)
        code, _, err = run(*add, stdin="nonsense")
        assert code == 1 and "Meta refused this token" in err
        assert "nonsense" not in err
    code, _, err = run(
        "account", "add", "facebook", "--token-stdin", "--api-base", "http://graph.example/v21.0"
    )
    assert code == 1 and "plain http" in err
    code, _, err = run("account", "add", "facebook")  # Facebook Login needs the app's id
    assert code == 1 and "[facebook] app_id" in err
    assert memory_keyring.secrets == {}


def test_a_broken_config_is_said_and_the_defaults_used(
    run: Any, home: Path, memory_keyring: MemoryKeyring
) -> None:
    from settings.paths import default_paths

    config = default_paths(home).config_file
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text("[facebook]\nredirect_port = 80\n", encoding="utf-8")
    code, _, err = run("account", "add", "facebook")  # Facebook Login still needs the app id
    assert code == 1
    assert "facebook.redirect_port" in err and "Using the defaults." in err
    assert "[facebook] app_id" in err
