"""A persona rule for unsolicited replies (``unsolicited = true``) applies only to replies to
people who did not address the brand, and the composer says when a reply is one."""

from __future__ import annotations

from pathlib import Path

from adapters.records import BLUESKY_LIMITS
from persona import load_persona
from persona.check import check
from persona.context import CheckContext

PERSONA = """
[persona]
name = "Fernbrook"

[[rules]]
id = "no-hard-sell-unsolicited"
type = "banned"
unsolicited = true
phrases = ["discount code"]
message = "hard sell: {match}"
"""

DRAFT = "Sorry to hear that! Here is a discount code for your next bag."


def test_the_rule_applies_only_to_unsolicited_replies(tmp_path: Path) -> None:
    path = tmp_path / "persona.toml"
    path.write_text(PERSONA, encoding="utf-8")
    persona = load_persona(path)
    tagged = check(DRAFT, persona, CheckContext(BLUESKY_LIMITS, "complaint"))
    assert not [f for f in tagged if f.rule_id == "no-hard-sell-unsolicited"]
    heard = check(DRAFT, persona, CheckContext(BLUESKY_LIMITS, "complaint", unsolicited=True))
    (finding,) = [f for f in heard if f.rule_id == "no-hard-sell-unsolicited"]
    assert finding.message == "hard sell: discount code"
