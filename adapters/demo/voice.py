"""The demo network's other text: the brand's own posts and replies, bystanders' posts around a
conversation, content warnings and image descriptions.

Everything is drawn from one seeded ``random.Random`` passed in, like ``demo_corpus``.
"""

from __future__ import annotations

import random

from adapters.demo.corpus import COMPLAINT, OTHER, PRAISE, QUESTION, SPAM, slots

BRAND_NAME = "Fernbrook Coffee Roasters"
# Teammates who answer from the brand account through other channels (web, phone, mobile).
TEAMMATES = ("Priya (web)", "Tom (phone)", "Alex (mobile)")

_ANNOUNCEMENTS = (
    "New roast alert: {product} is live in the shop today ☕",
    "Holiday hours: we close at 2pm on {holiday}. Order beans early!",
    "We're hiring a part-time barista for {cafe}. Come say hi!",
    "Cupping this {dow} at 10am at the roastery. Free, all welcome.",
    "Heads up: shipping is running 2-3 days behind this week because of the storm. Sorry, folks.",
    "Oat milk is now free at all our cafes 🌱",
    "You can now skip a month of your subscription from your account page.",
    "Latte art throwdown on Friday night at {cafe}! Sign-ups at the counter.",
    "Our {gear} is back in stock, with a two-year warranty.",
    "Gift cards are back in the online shop 🎁 They never expire.",
    "Meet {barista}, who just won the regional barista championship 🏆",
    "We now ship to Canada! Flat $12, customs included.",
)

_REPLIES = {
    COMPLAINT: (
        "So sorry about this, {first}! Could you DM us your order number so we can look into it?",
        "That's not the experience we want for you, {first}. We've refunded the duplicate charge;"
        " it should show in 3-5 days.",
        "Really sorry, {first}. A replacement is going out today with express shipping.",
        "Thanks for flagging this, {first}. We've cancelled the subscription and refunded the"
        " last charge.",
        "We're sorry, {first}. We've passed this on to the cafe manager and we'd love to make it"
        " right: your next drink is on us.",
    ),
    QUESTION: (
        "Hi {first}! We open at 7am on weekdays and 8am on weekends.",
        "Yes, we ship to Canada, {first}! Flat $12, customs included.",
        "Our decaf is Swiss Water processed, {first} 💚",
        "Gift cards are in the shop here: https://fernbrook.example/gift (they never expire).",
        "Hi {first}, yes! Email wholesale@fernbrook.example and Dana will get back to you.",
        "Oat, soy and almond are all free, {first} 🌱",
    ),
    PRAISE: (
        "Thank you so much, {first}! 💚",
        "This made our day, {first}! We'll pass it on to the team.",
        "Aww, thanks {first}! See you soon ☕",
    ),
    OTHER: ("Love this, {first}! 📸", "See you there, {first}!", "Ha! Thanks {first} ☕"),
}

_BYSTANDER_POSTS = (
    "Anyone tried the new {product} from Fernbrook?",
    "Fernbrook's {cafe} is basically my office now",
    "Does anyone know if Fernbrook ships to the UK?",
    "First order from Fernbrook, fingers crossed",
    "Looking for a good {gear}, any tips?",
    "Best coffee in town? Go.",
    "Is it just me or is {cafe} always packed on {dow}s?",
    "Thinking about a coffee subscription. Worth it?",
)

_CONTENT_WARNINGS = {
    COMPLAINT: ("long rant", "order problems", "negative", "cw: complaint", "money"),
    QUESTION: ("question", "shop q"),
    PRAISE: ("food", "caffeine", "wholesome"),
    OTHER: ("photo", "caffeine", "food", "cat pic"),
    SPAM: ("free money!!!", "giveaway"),
}

_ALT_TEXTS = {
    COMPLAINT: (
        "Photo of a torn cardboard box with coffee beans spilling out",
        "Screenshot of a bank statement with two identical charges highlighted",
        "Photo of a grinder with a cracked plastic hopper",
        "Screenshot of a tracking page that says 'Label created' for twelve days",
        "A soggy paper coffee bag on a doormat in the rain",
        "",
    ),
    QUESTION: ("Screenshot of the checkout page showing the shipping options", ""),
    PRAISE: (
        "Latte with a fern leaf drawn in the foam",
        "A bag of Kenya AA beans next to a V60 on a sunny windowsill",
        "Handwritten thank-you note tucked into an order box",
    ),
    OTHER: (
        "Two friends holding coffee cups outside the cafe",
        "A tabby cat sniffing a glass of cold brew",
        "A desk with a laptop, a plant and a mug of coffee",
        "",
    ),
    SPAM: ("", "Stock photo of a pile of gold coins"),
}


def announcement(rng: random.Random) -> str:
    """A post the brand made on its own timeline (the root of many conversations)."""
    return rng.choice(_ANNOUNCEMENTS).format_map(slots(rng))


def brand_reply(rng: random.Random, label: str, first_name: str, signer: str) -> str:
    """The brand's answer to a message of class ``label``; a teammate signs with their name."""
    text = rng.choice(_REPLIES.get(label, _REPLIES[OTHER])).format(first=first_name)
    if signer != BRAND_NAME:
        text += f" ^{signer.split(' ')[0]}"
    return text


def bystander_post(rng: random.Random) -> str:
    """Another customer's post that a mention answers (not addressed to the brand)."""
    return rng.choice(_BYSTANDER_POSTS).format_map(slots(rng))


def content_warning(rng: random.Random, label: str) -> str:
    """A content warning such as a person writes one on Mastodon."""
    return rng.choice(_CONTENT_WARNINGS[label])


def attachment_alts(rng: random.Random, label: str) -> tuple[str, ...]:
    """Image descriptions (alt text; ``""`` for an image without one), one or two images."""
    pool = _ALT_TEXTS[label]
    return tuple(rng.choice(pool) for _ in range(rng.choice((1, 1, 1, 2))))
