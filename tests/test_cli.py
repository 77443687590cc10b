"""The ``replydesk`` command line: headless sync, queue, reply, accounts; errors in one line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx

from adapters.demo.http import DemoNetwork
from adapters.records import Account
from store import open_store
from tests.conftest import FakeClock
from tests.fakes.bluesky import FakePds, load
from tests.fakes.mastodon import FakeMastodon
from tests.memory_keyring import MemoryKeyring
from tui.cli import main
from tui.format import INDIRECT_MARK

Run = tuple[int, str, str]


def test_version_and_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out.startswith("replydesk ")
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "queue" in capsys.readouterr().out


def test_demo_sync_is_idempotent(run: Any) -> None:
    code, out, _ = run("sync", "--once", "--demo")
    assert code == 0
    assert "@fernbrook@demo.social:" in out and "demo:mastodon" not in out
    first = sum(int(line.split(": ")[1].split()[0]) for line in out.splitlines())
    assert first >= 300
    code, out, _ = run("--demo", "sync", "--once")
    assert code == 0
    assert all(": 0 new" in line for line in out.splitlines())


def test_queue_json_is_ranked_and_limited(run: Any) -> None:
    run("sync", "--once", "--demo")
    code, out, _ = run("queue", "--demo", "--json", "--limit", "5")
    assert code == 0
    rows = json.loads(out)
    assert len(rows) == 5
    assert {"id", "network", "author", "class", "due", "priority", "text"} <= set(rows[0])
    assert rows[0]["overdue"]


def test_queue_text_is_inert(run: Any) -> None:
    run("sync", "--once", "--demo")
    code, out, _ = run("queue", "--demo", "--limit", "400")
    assert code == 0
    assert "\x1b" not in out
    assert "\u202e" not in out


def test_reply_is_checked_queued_and_sent_once(run: Any, home: Path) -> None:
    run("sync", "--once", "--demo")
    target = json.loads(run("queue", "--demo", "--json", "--limit", "1")[1])[0]
    text = "Hi, I'm so sorry about that! I'll check your order now and DM you. — Fernbrook team"
    code, out, _ = run("reply", str(target["id"]), "--text", text, "--demo")
    assert code == 0
    assert "Queued reply" in out
    code, out, _ = run("sync", "--once", "--demo")
    assert code == 0
    assert "sent" in out
    network = DemoNetwork(home / "data" / "demo" / "demo-network.json", FakeClock())
    store = open_store(home / "data" / "demo" / "replydesk.db")
    stored = store.get_mention(target["id"])
    assert stored is not None
    assert [r.text for r in network.replies_to(stored.mention.remote_id)] == [text]
    code, _, _ = run("sync", "--once", "--demo")
    assert len(network.replies_to(stored.mention.remote_id)) == 1


def test_blocked_reply_needs_an_override_which_is_audited(run: Any, home: Path) -> None:
    run("sync", "--once", "--demo")
    target = json.loads(run("queue", "--demo", "--json", "--limit", "1")[1])[0]
    bad = "Per our policy we guarantee nothing."
    code, _, err = run("reply", str(target["id"]), "--text", bad, "--demo")
    assert code == 1
    assert "--override" in err
    code, _, _ = run(
        "reply", str(target["id"]), "--text", bad, "--override", "legal approved", "--demo"
    )
    assert code == 0
    store = open_store(home / "data" / "demo" / "replydesk.db")
    actions = dict(store.audit_trail(target["id"]))
    assert actions["reply_queued"]["override_reason"] == "legal approved"
    assert actions["reply_queued"]["findings"]


def test_a_reply_over_the_network_limit_cannot_be_overridden(run: Any, home: Path) -> None:
    run("sync", "--once", "--demo")
    rows = json.loads(run("queue", "--demo", "--json", "--limit", "50")[1])
    target = next(r for r in rows if r["network"] == "bluesky")  # 300 graphemes at most
    long = "Thanks for writing in. " + "x" * 300
    code, out, err = run(
        "reply", str(target["id"]), "--text", long, "--override", "boss said so", "--demo"
    )
    assert code == 1
    assert "Queued" not in out
    assert f"{len(long)}/300 characters. Cut {len(long) - 300}." in err
    assert "--override cannot send it" in err
    store = open_store(home / "data" / "demo" / "replydesk.db")
    assert store.outbox_for(target["id"]) == []
    store.close()


def test_reply_from_file_and_stdin(run: Any, tmp_path: Path) -> None:
    run("sync", "--once", "--demo")
    ids = [r["id"] for r in json.loads(run("queue", "--demo", "--json", "--limit", "2")[1])]
    draft = tmp_path / "reply.txt"
    draft.write_text("Hi! Thanks so much for the kind words. — Fernbrook team")
    assert run("reply", str(ids[0]), "--file", str(draft), "--demo")[0] == 0
    code, _, _ = run(
        "reply", str(ids[1]), "--file", "-", "--demo", stdin="Hi! Thank you. — Fernbrook team"
    )
    assert code == 0


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("reply", "999999", "--text", "hi", "--demo"), "no mention 999999"),
        (("reply", "1", "--file", "/nonexistent/x.txt", "--demo"), "Cannot read"),
        (("queue", "--limit", "0", "--demo"), "--limit"),
        (("sync", "--once"), "No account is connected"),
        (("account", "add", "mastodon", "http://example.social", "--token-stdin"), "plain http"),
    ],
)
def test_user_mistakes_are_one_line_errors(run: Any, argv: tuple[str, ...], message: str) -> None:
    code, _, err = run(*argv, stdin="token")
    assert code != 0
    assert message.lower() in err.lower()
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) <= 2


def test_damaged_database_is_named_and_kept(run: Any, home: Path) -> None:
    db = home / "data" / "demo" / "replydesk.db"
    db.parent.mkdir(parents=True)
    db.write_bytes(b"\x00garbage" * 300)
    code, _, err = run("queue", "--demo")
    assert code == 1
    assert str(db) in err
    assert db.read_bytes() == b"\x00garbage" * 300


def test_mastodon_account_lifecycle(run: Any, memory_keyring: MemoryKeyring) -> None:
    with FakeMastodon() as fake:
        code, out, _ = run(
            "account", "add", "mastodon", fake.base_url, "--token-stdin", stdin=fake.token
        )
        assert code == 0, out
        code, out, _ = run("account", "list")
        handle = out.split("\t")[0]
        assert handle.startswith("@") and "mastodon:" not in out  # ids are for scripts only
        [listed] = json.loads(run("account", "list", "--json")[1])
        account_id = listed["id"]
        assert account_id.startswith("mastodon:") and listed["handle"] == handle
        assert memory_keyring.get_password("replydesk", f"{account_id}/access_token") == fake.token
        code, out, _ = run("sync", "--once")
        assert code == 0
        assert out.startswith(f"{handle}: ")
        assert int(out.split(": ")[1].split()[0]) >= 1
        code, out, _ = run("account", "remove", handle)
        assert code == 0
        assert memory_keyring.get_password("replydesk", f"{account_id}/access_token") is None
        assert run("account", "list")[1].startswith("No account")


def test_demo_accounts_are_fixed(run: Any) -> None:
    code, _, err = run("account", "remove", "demo:mastodon", "--demo")
    assert code == 1
    assert "demo" in err


def test_bluesky_account_with_app_password(run: Any, memory_keyring: MemoryKeyring) -> None:
    pds = FakePds()
    listing = load("local-pds/listNotifications-brand.json")
    pds.routes["app.bsky.notification.listNotifications"] = lambda _r: httpx.Response(
        200, json=listing
    )
    thread = load("local-pds/getPostThread-before-reply.json")
    pds.routes["app.bsky.feed.getPostThread"] = lambda _r: httpx.Response(200, json=thread)
    session = load("local-pds/createSession-brand.json") | {
        "accessJwt": pds.access,
        "refreshJwt": pds.refresh,
    }

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("com.atproto.server.createSession"):
            sent = json.loads(request.content)
            if sent["password"] != "abcd-efgh-ijkl-mnop":
                return httpx.Response(401, json={"error": "AuthenticationRequired"})
            return httpx.Response(200, json=session)
        return pds.handle(request)

    with respx.mock(assert_all_called=False) as router:
        router.route(host="localhost").mock(side_effect=answer)
        code, out, err = run(
            "account",
            "add",
            "bluesky",
            "brand.test",
            "--service",
            "http://localhost:2583",
            "--app-password-stdin",
            stdin="abcd-efgh-ijkl-mnop\n",
        )
        assert code == 0, err
        assert "brand.test" in out
        code, out, _ = run("sync", "--once")
        assert code == 0, out
        assert out.startswith("@brand.test: ")
        assert "did:plc:" not in out
        code, _, err = run(
            "account",
            "add",
            "bluesky",
            "brand.test",
            "--service",
            "http://localhost:2583",
            "--app-password-stdin",
            stdin="wrong\n",
        )
        assert code == 1
        assert "app password" in err.lower()


def test_queue_spam_tab_holds_only_spam(run: Any) -> None:
    run("sync", "--once", "--demo")
    inbox = json.loads(run("queue", "--demo", "--json", "--limit", "500")[1])
    spam = json.loads(run("queue", "--demo", "--json", "--spam", "--limit", "500")[1])
    assert spam
    assert {row["class"] for row in spam} == {"spam"}
    assert "spam" not in {row["class"] for row in inbox}
    scores = [row["priority"] for row in inbox if not row["overdue"]]
    assert scores == sorted(scores, reverse=True)


def test_sync_once_with_the_server_down_says_what_failed_and_promises_nothing(
    run: Any, memory_keyring: MemoryKeyring
) -> None:
    with FakeMastodon() as fake:
        added = run("account", "add", "mastodon", fake.base_url, "--token-stdin", stdin=fake.token)
        assert added[0] == 0
        assert run("sync", "--once")[0] == 0
        host = fake.base_url.split("://")[1]
        [row] = json.loads(run("queue", "--json", "--limit", "1")[1])
        assert run("reply", str(row["id"]), "--text", "Thanks, we are on it. — Brand team")[0] == 0
    # The server is gone now: nothing listens on its port any more.
    code, out, err = run("sync", "--once")
    assert code == 1
    said = f"Could not reach {host}: connection refused."
    assert f"replydesk: @brand@localhost:8080: {said}" in err
    assert f"reply #1: queued ({said}); it stays in the outbox for the next sync" in out
    for internal in ("next try", "try again", "retry", "ConnectError", "/api/", "mastodon:@"):
        assert internal not in err and internal not in out


def test_a_bad_token_on_first_account_add_says_what_was_wrong(
    run: Any, memory_keyring: MemoryKeyring
) -> None:
    with FakeMastodon() as fake:
        code, _, err = run(
            "account", "add", "mastodon", fake.base_url, "--token-stdin", stdin="not-the-token"
        )
    assert code == 1
    assert "refused this token" in err and "read and write scopes" in err
    assert "no longer logged in" not in err and "log in again" not in err.lower()
    assert memory_keyring.secrets == {}
    assert run("account", "list")[1].startswith("No account")


def test_adding_again_an_account_stored_under_a_url_built_handle_keeps_its_id(
    run: Any, home: Path, memory_keyring: MemoryKeyring
) -> None:
    with FakeMastodon() as fake:
        server = fake.base_url
        (home / "data").mkdir(parents=True)
        store = open_store(home / "data" / "replydesk.db")
        old = Account("mastodon:@brand@127.0.0.1", "mastodon", "@brand@127.0.0.1", "", server)
        store.save_account(old)
        store.close()
        code, out, err = run(
            "account", "add", "mastodon", server, "--token-stdin", stdin=fake.token
        )
    assert code == 0, err
    assert "@brand@localhost:8080" in out
    [listed] = json.loads(run("account", "list", "--json")[1])
    assert listed == {
        "id": old.id,
        "network": "mastodon",
        "handle": "@brand@localhost:8080",
        "server": server,
    }
    assert memory_keyring.get_password("replydesk", f"{old.id}/access_token") == fake.token


def test_a_second_reply_to_an_answered_mention_needs_again(run: Any) -> None:
    run("sync", "--once", "--demo")
    target = json.loads(run("queue", "--demo", "--json", "--limit", "1")[1])[0]
    text = "Hi, I'm so sorry about that! I'll check your order now and DM you. — Fernbrook team"
    assert run("reply", str(target["id"]), "--text", text, "--demo")[0] == 0
    assert run("sync", "--once", "--demo")[0] == 0  # sent: the mention is answered here
    code, out, err = run("reply", str(target["id"]), "--text", "One more thing!", "--demo")
    assert code == 1 and out == ""
    assert f"mention {target['id']} was already answered by @fernbrook@demo.social" in err
    assert "--again" in err
    code, out, _ = run("reply", str(target["id"]), "--text", "One more thing!", "--again", "--demo")
    assert code == 0 and "Queued reply" in out


def test_the_cli_queue_filters_indirect_mentions_and_marks_them(run: Any) -> None:
    code, out, _ = run("queue", "--demo", "--json", "is:indirect")
    rows = json.loads(out)
    assert code == 0 and rows and all(row["found_by"] for row in rows)
    code, out, _ = run("queue", "--demo", "--limit", "40")
    lines = out.splitlines()
    marked = [line for line in lines if f" {INDIRECT_MARK} " in line]
    assert marked and len(marked) < len(lines)
    # An indirect complaint ranks above tagged praise.
    classes = [(line.split()[3], f" {INDIRECT_MARK} " in line) for line in lines]
    first_indirect_complaint = classes.index(("complaint", True))
    assert any(cls == "praise" and not ind for cls, ind in classes[first_indirect_complaint:])


def test_an_unknown_filter_is_named(run: Any) -> None:
    code, _, err = run("queue", "--demo", "is:nothing")
    assert code != 0 and "is:nothing" in err and "is:indirect" in err
