"""Hostile texts the demo network carries faithfully, so every display path is tested against them.

Real networks deliver terminal escape sequences, console markup, bidi overrides, control
characters, zero-width joiners and very long bodies. The adapter must pass them through unchanged;
stripping and escaping is the display code's job. ``\\x00`` is left out because JSON state files
and SQLite text columns cannot hold it reliably.
"""

from __future__ import annotations

from dataclasses import dataclass

from adapters.demo.corpus import COMPLAINT, OTHER, PRAISE, QUESTION, SPAM


@dataclass(frozen=True, slots=True)
class HostileSample:
    """A fixed text, the class it is meant as, whether it only fits on Mastodon (length), and
    whether the impersonating spam account (itself hostile in name and bio) posts it."""

    name: str
    label: str
    text: str
    mastodon_only: bool = False
    by_impostor: bool = False


_RANT_SENTENCES = (
    "I ordered two bags of the House Espresso and a burr grinder for my partner's birthday.",
    "The tracking page said 'label created' for nine days and then simply vanished.",
    "Your chat bot told me to wait another five business days, then closed the chat.",
    "I emailed support three times and got the same copy-pasted apology each time.",
    "When the box finally came, one bag was split and the grinder's hopper was cracked.",
    "I was charged twice, once on the 3rd and again on the 5th, for the same order.",
    "The refund I was promised 'within 5 business days' has not appeared after three weeks.",
    "I have been a customer for four years and recommended you to half my office.",
    "Nobody answers the phone at the roastery, and the cafe staff say they can't help.",
    "I don't want store credit, I want my money back and an actual person to talk to.",
)


def long_rant(target_chars: int = 5000) -> str:
    """A ~``target_chars``-character complaint made of varied sentences (a Mastodon long post)."""
    parts = ["@fernbrook This is going to be long, but you need to hear it."]
    length = len(parts[0])
    index = 0
    while length < target_chars - 120:
        sentence = _RANT_SENTENCES[index % len(_RANT_SENTENCES)]
        if index >= len(_RANT_SENTENCES):
            sentence = f"And again: {sentence[0].lower()}{sentence[1:]}"
        parts.append(sentence)
        length += len(sentence) + 1
        index += 1
    parts.append("Please, just fix it. Order #FB-48213.")
    return " ".join(parts)


HOSTILE_SAMPLES = (
    HostileSample(
        "terminal_colour",
        COMPLAINT,
        "@fernbrook \x1b[31mURGENT\x1b[0m order #FB-31337 never arrived and nobody answers!!",
    ),
    HostileSample(
        "terminal_title",
        COMPLAINT,
        "@fernbrook where is my refund \x1b]0;pwned\x07 it's been two weeks",
    ),
    HostileSample(
        "terminal_clear",
        OTHER,
        "@fernbrook \x1b[2J\x1b[H lol did your app just clear my screen? nice latte art btw",
    ),
    HostileSample(
        "markup_bold",
        COMPLAINT,
        "@fernbrook [bold red]REFUND NOW[/bold red] three weeks waiting for order #FB-40213",
    ),
    HostileSample(
        "markup_link",
        SPAM,
        "Win a free grinder from @fernbrook! [link=https://evil.example]click[/link] 🎁🎁",
        mastodon_only=True,
        by_impostor=True,
    ),
    HostileSample(
        "markup_action",
        QUESTION,
        "@fernbrook what does [@click=app.quit]x[/] do on your order page? it closed my tab",
    ),
    HostileSample(
        "bidi_override",
        QUESTION,
        "@fernbrook is my order number \u202e21304-BF#\u202c right? the email shows it backwards",
    ),
    HostileSample(
        "bidi_filename",
        SPAM,
        "@fernbrook your invoice: https://invoices.example/\u202efdp.exe \u202c open now",
    ),
    HostileSample("long_body", COMPLAINT, long_rant(), mastodon_only=True),
    HostileSample(
        "zwj_family",
        PRAISE,
        "@fernbrook family brunch at the cafe 👨‍👩‍👧 👩🏽‍💻 🏳️‍🌈 was lovely, the kids loved the "
        "baby\u200dccinos\u200b!",
    ),
    HostileSample(
        "control_chars",
        COMPLAINT,
        "@fernbrook ding\x07ding\x07 where is my order\x08\x08\x08 refund please\x7f\x7f",
    ),
)
