"""Loading persona files: the shipped ones, and every way a hand-written one can be wrong."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from adapters.errors import ConfigError
from persona import (
    RULE_TYPES,
    Severity,
    demo_persona_path,
    example_persona_text,
    load_persona,
    parse_persona,
)
from persona.rules_safety import Links
from persona.rules_words import Banned, Promise, Substitute
from tests.test_persona_support import HEAD


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "persona.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_demo_persona_is_fernbrook_and_uses_every_rule_type() -> None:
    path = demo_persona_path()
    assert path.is_file()
    persona = load_persona(path)
    assert persona.name == "Fernbrook Coffee Roasters"
    assert (persona.greeting, persona.sign_off) == ("Hi {name}", "— Fernbrook team")
    assert persona.problems == ()
    assert persona.source == path
    assert {rule.kind for rule in persona.rules} == set(RULE_TYPES)
    assert 4 <= len(persona.saved_replies) <= 6
    texts = " ".join(reply.text for reply in persona.saved_replies)
    assert all(f"{{{var}}}" in texts for var in ("name", "agent"))


def test_demo_persona_holds_the_house_rules() -> None:
    rules = load_persona(demo_persona_path()).rules
    swaps = {old: new for r in rules if isinstance(r, Substitute) for old, new in r.swap}
    assert swaps["unfortunately"] == "I'm sorry"
    banned = {p for r in rules if type(r) is Banned for p in r.phrases}
    assert "per our policy" in banned
    assert "guarantee" in {p for r in rules if isinstance(r, Promise) for p in r.phrases}
    [links] = [r for r in rules if isinstance(r, Links)]
    assert set(links.allow) == {"fernbrook.example", "help.fernbrook.example"}


def test_example_persona_loads_cleanly_and_documents_every_key() -> None:
    text = example_persona_text()
    persona = parse_persona(text, Path("example.toml"))
    assert persona.problems == ()
    assert {rule.kind for rule in persona.rules} == set(RULE_TYPES)
    keys = set(re.findall(r"^\s*#?\s*([a-z_]+)\s*=", text, re.MULTILINE))
    assert {"severity", "message", "platforms", "classes", "exceptions", "swap"} <= keys
    for key in keys:
        assert re.search(rf"#.*\b{key}\b", text), f"key {key!r} is not explained in a comment"


def test_toml_syntax_error_names_the_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, HEAD + '\n[[rules]]\nid = "x"\ntype = "banned\n')
    with pytest.raises(ConfigError) as caught:
        load_persona(path)
    message = str(caught.value)
    assert str(path) in message
    assert "line 9" in message
    assert "TOML syntax" in message


@pytest.mark.parametrize(
    ("rule", "key", "line"),
    [
        ('id = "x"\ntype = "banned"\nphrases = ["a"]\nseverity = 5', "severity", 11),
        ('id = "x"\ntype = "banned"\nphrases = ["a"]\nseverity = "fatal"', "severity", 11),
        ('id = "x"\ntype = "nope"', "type", 9),
        ('type = "banned"\nphrases = ["a"]', "id", 7),
        ('id = "x"\ntype = "banned"\nphrases = "a", ', None, None),
        ('id = "x"\ntype = "banned"\nphrases = [1, 2]', "phrases", 10),
        ('id = "x"\ntype = "emoji"\nmax = -1', "max", 10),
        ('id = "x"\ntype = "emoji"\nmax = true', "max", 10),
        ('id = "x"\ntype = "sentiment"\nmin = 0.5\nmax = 0.1', "min", 10),
        ('id = "x"\ntype = "links"\nallow = []', "allow", 10),
        ('id = "x"\ntype = "banned"\nphrases = ["a"]\nplatforms = ["myspace"]', "platforms", 11),
        ('id = "bad id"\ntype = "banned"\nphrases = ["a"]', "id", 8),
        ('id = "x"\ntype = "readability"', "max_grade", 7),
    ],
)
def test_bad_values_name_the_file_line_and_key(
    tmp_path: Path, rule: str, key: str | None, line: int | None
) -> None:
    path = write(tmp_path, HEAD + "\n[[rules]]\n" + rule + "\n")
    with pytest.raises(ConfigError) as caught:
        load_persona(path)
    message = str(caught.value)
    assert str(path) in message
    if key is not None:
        assert f"key '{key}'" in message
        assert f"line {line}:" in message


def test_duplicate_rule_ids_are_refused(tmp_path: Path) -> None:
    rule = '\n[[rules]]\nid = "same"\ntype = "emoji"\n'
    with pytest.raises(ConfigError, match="'same' is used by another rule"):
        load_persona(write(tmp_path, HEAD + rule + rule))


def test_bad_regex_is_reported_and_its_rule_skipped(tmp_path: Path) -> None:
    text = (
        HEAD
        + '\n[[rules]]\nid = "broken"\ntype = "banned"\npatterns = ["(unclosed"]\n'
        + '\n[[rules]]\nid = "broken-orders"\ntype = "private_data"\norder_patterns = ["[a-"]\n'
        + '\n[[rules]]\nid = "fine"\ntype = "banned"\nphrases = ["synergy"]\n'
    )
    persona = load_persona(write(tmp_path, text))
    assert [rule.id for rule in persona.rules] == ["fine"]
    assert len(persona.problems) == 2
    assert "broken" in persona.problems[0] and "(unclosed" in persona.problems[0]
    assert "broken-orders" in persona.problems[1]


def test_unknown_keys_and_classes_are_problems_not_errors(tmp_path: Path) -> None:
    text = (
        HEAD.replace('voice = "Plain."', 'voice = "Plain."\ncolour = "green"')
        + '\n[[rules]]\nid = "x"\ntype = "banned"\nphrase = ["typo"]\nphrases = ["a"]\n'
        + 'classes = ["complaints"]\n\n[extras]\nfoo = 1\n'
    )
    persona = load_persona(write(tmp_path, text))
    assert len(persona.rules) == 1
    joined = "\n".join(persona.problems)
    assert "'phrase'" in joined
    assert "'complaints'" in joined
    assert "'colour'" in joined
    assert "'extras'" in joined


def test_rule_defaults_come_from_the_rule_type(tmp_path: Path) -> None:
    persona = load_persona(write(tmp_path, HEAD + '\n[[rules]]\nid = "p"\ntype = "promise"\n'))
    [rule] = persona.rules
    assert rule.severity is Severity.ERROR
    assert "promise" in rule.message


def test_saved_replies_are_read_and_names_must_be_unique(tmp_path: Path) -> None:
    reply = '\n[[saved_replies]]\nname = "Thanks"\ntext = "Thanks {name}!"\n'
    persona = load_persona(write(tmp_path, HEAD + reply))
    assert [(r.name, r.text) for r in persona.saved_replies] == [("Thanks", "Thanks {name}!")]
    with pytest.raises(ConfigError, match=r"line 12: .*key 'name'"):
        load_persona(write(tmp_path, HEAD + reply + reply))


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"rules = []\n", "missing the [persona] table"),
        (b"[persona]\nname = 'x'\n\xff\xfe", "not UTF-8"),
        (b'[persona]\nvoice = "no name"\n', "key 'name': is required"),
        (b'rules = "nope"\n[persona]\nname = "x"\n', "[[rules]]"),
    ],
)
def test_broken_files_raise_config_errors(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "persona.toml"
    path.write_bytes(content)
    with pytest.raises(ConfigError, match=re.escape(expected)):
        load_persona(path)


def test_missing_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read"):
        load_persona(tmp_path / "nope.toml")
