"""``replydesk check`` (findings as text or JSON, exit 1 on errors, 2 when it cannot check) and
``replydesk persona init``."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from persona import example_persona_text, load_persona
from tui.cli import main

POLICY = "Unfortunately per our policy we cannot help!!!\nEmail me at sam@example.com"
CLEAN = "Hi Sam, thanks so much for the kind words about the Kenya roast!\n— Fernbrook team"


def draft(tmp_path: Path, text: str) -> str:
    path = tmp_path / "draft.txt"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_check_prints_findings_and_exits_1_on_an_error(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = draft(tmp_path, POLICY)
    code = main(["check", file, "--platform", "mastodon", "--class", "complaint", "--demo"])
    out, err = capsys.readouterr()
    assert code == 1
    lines = out.splitlines()
    assert any(
        line.split()[:3] == ["1:15", "error", "no-policy-speak"] and "per our policy" in line
        for line in lines
    )
    assert any(line.split()[:3] == ["2:13", "error", "private-data"] for line in lines)
    assert any(line.split()[1:3] == ["warning", "complaint-empathy"] for line in lines)
    assert "mastodon: 74/500 chars · 2 errors" in err


def test_check_json_from_stdin(
    home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(POLICY))
    code = main(["--demo", "check", "-", "--platform", "bluesky", "--json"])
    document = json.loads(capsys.readouterr().out)
    assert code == 1
    assert document["platform"] == "bluesky" and document["class"] is None
    assert document["persona"].endswith("demo_persona.toml")
    assert document["length"][0] == {"used": 74, "limit": 300, "unit": "graphemes", "over": False}
    banned = next(f for f in document["findings"] if f["rule"] == "no-policy-speak")
    assert (banned["line"], banned["column"], banned["end_line"], banned["end_column"]) == (
        1,
        15,
        1,
        29,
    )
    fixed = next(f for f in document["findings"] if f["rule"] == "plain-words")
    assert fixed["fix"] == "I'm sorry"
    assert document["counts"]["error"] == 2


def test_clean_draft_exits_0(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["check", draft(tmp_path, CLEAN), "--platform", "mastodon", "--class", "praise"])
    out, err = capsys.readouterr()
    assert code == 0  # no persona in this home: only the length limit applies
    assert out == ""
    assert "no persona at" in err and "replydesk persona init" in err
    code = main(
        [
            "check",
            draft(tmp_path, CLEAN),
            "--platform",
            "mastodon",
            "--class",
            "praise",
            "--demo",
            "--author",
            "@sam@example.social",
            "--name",
            "Sam Lee",
        ]
    )
    out, _ = capsys.readouterr()
    assert code == 0
    assert " error " not in out


def test_without_persona_the_length_limit_still_blocks(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["check", draft(tmp_path, "x" * 301), "--platform", "bluesky"])
    out, _ = capsys.readouterr()
    assert code == 1
    assert out.split()[:3] == ["1:301", "error", "platform-length"]


def test_check_with_an_explicit_persona_and_a_broken_one(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    persona = tmp_path / "mine.toml"
    persona.write_text(
        '[persona]\nname = "Mine"\n\n[[rules]]\nid = "no-sorry"\ntype = "banned"\n'
        'severity = "error"\nphrases = ["sorry"]\n',
        encoding="utf-8",
    )
    file = draft(tmp_path, "So sorry!")
    assert main(["check", file, "--platform", "mastodon", "--persona", str(persona)]) == 1
    assert "no-sorry" in capsys.readouterr().out

    persona.write_text('[persona]\nname = "Mine"\n\n[[rules]]\nid = "x"\ntype = "nope"\n')
    assert main(["check", file, "--platform", "mastodon", "--persona", str(persona)]) == 2
    err = capsys.readouterr().err
    assert str(persona) in err and "line 6" in err and "'type'" in err


def test_check_cannot_check(home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(tmp_path / "missing.txt"), "--platform", "mastodon"]) == 2
    assert "missing.txt" in capsys.readouterr().err
    assert main(["check", draft(tmp_path, "  \n"), "--platform", "mastodon"]) == 2
    assert "empty" in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "x.txt"],
        ["check", "x.txt", "--platform", "myspace"],
        ["check", "x.txt", "--platform", "mastodon", "--class", "rant"],
        ["persona"],
    ],
)
def test_usage_errors_exit_2(home: Path, argv: list[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2


def test_persona_init_writes_refuses_and_forces(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = home / "config" / "persona.toml"
    assert main(["persona", "init"]) == 0
    assert str(target) in capsys.readouterr().out
    assert target.read_text(encoding="utf-8") == example_persona_text()
    assert load_persona(target).rules  # the example is a working persona

    target.write_text("# mine\n", encoding="utf-8")
    assert main(["persona", "init"]) == 1
    assert "--force" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == "# mine\n"

    assert main(["persona", "init", "--force"]) == 0
    assert target.read_text(encoding="utf-8") == example_persona_text()
    capsys.readouterr()
    # The written file is now the profile's persona.
    assert main(["check", draft(tmp_path, POLICY), "--platform", "mastodon", "--json"]) == 1
    assert json.loads(capsys.readouterr().out)["persona"] == str(target)
