"""The people of the demo network: the brand's two accounts and about eighty authors.

Authors live on one network each, with handles in that network's style, a log-spread follower
count and a short bio. A few are spam accounts; one of them has a display name full of markup and
terminal escapes, which the app must show inertly.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

from adapters.records import Author, Platform

MASTODON_SERVER = "demo.social"
BRAND_MASTODON_HANDLE = "@fernbrook@demo.social"
BRAND_BLUESKY_HANDLE = "fernbrook.demo.bsky"
BRAND_BLUESKY_DID = "did:plc:demofernbrookroasters234"
_BASE32 = "234567abcdefghijklmnopqrstuvwxyz"
_SERVERS = (
    "demo.social", "toot.example", "brew.town", "fedi.example", "mastodon.example", "cafe.zone",
)  # fmt: skip

_FIRST = (
    "Maya", "Tom", "Priyanka", "Luca", "Aisha", "Ben", "Chloé", "Dmitri", "Elena", "Femi",
    "Grace", "Hiro", "Ines", "Jamal", "Kat", "Liam", "Marta", "Nico", "Olu", "Paula", "Quinn",
    "Rosa", "Sven", "Tariq", "Uma", "Vera", "Wen", "Xavier", "Yara", "Zoe", "Amir", "Bea",
    "Carlos", "Dana", "Eli", "Fatima", "Gus", "Hana", "Ivan", "Jo", "Kemal", "Lena", "Mo",
    "Nina", "Oscar", "Pia", "Raj", "Sofia", "Theo", "Ursula", "Vik", "Will", "Yusuf", "Zara",
)  # fmt: skip
_LAST = (
    "Chen", "Okafor", "Rivera", "Novak", "Haddad", "Smith", "Dubois", "Ivanova", "Kowalski",
    "Adeyemi", "Tanaka", "Garcia", "Müller", "Brown", "Silva", "Nguyen", "Rossi", "Khan",
    "Larsen", "O'Brien", "Jensen", "Moreau", "Patel", "Wright", "Santos", "Berg", "Costa",
)  # fmt: skip
_BIO_BITS = (
    "Coffee snob.", "Dad of two.", "Runner 🏃", "UX designer in Portland.", "she/her", "he/him",
    "they/them", "Opinions my own.", "Bakes sourdough on weekends.", "Cat person 🐈",
    "Nurse, night shifts, lots of coffee.", "Teacher.", "Cyclist 🚲", "Plant parent 🌿",
    "Amateur photographer 📷", "Home barista in training.", "Retired and loving it.",
    "Writing a novel, slowly.", "Open source maintainer.", "Tea drinker (sorry).",
)  # fmt: skip

_SPAMMERS = (
    ("crypto_gains_4u", "💰 CryptoKing 💰", "DM for 1000x gains 🚀 https://free-eth.example"),
    ("followers.boost", "Get Followers FAST", "Real followers, real fast https://followers4u.example"),
    ("lovely_anna_8817", "Anna ❤️", "looking for friends 🌹"),
    ("promo_king_2024", "PROMO KING", "We grow brands. Link below. https://t.example/a1"),
    ("nft_drop_daily", "NFT Drops Daily", "mint mint mint https://airdrop-now.example"),
)  # fmt: skip
# The impersonator: markup, escapes and a bidi override in the name and bio, all to be shown inert.
HOSTILE_NAME = "[bold red]Fernbrook[/bold red] \x1b[5mSupport\x1b[0m \u202eTEAM"
HOSTILE_BIO = "[link=https://evil.example]Official support[/link] \x1b]0;pwned\x07 DM us!"


@dataclass(frozen=True, slots=True)
class Person:
    """An author and the facts the generator needs about them (never sent to the app)."""

    author: Author
    platform: Platform
    first_name: str
    spammer: bool


def brand_author(platform: Platform) -> Author:
    """The brand as the author of its own posts on ``platform``."""
    if platform is Platform.MASTODON:
        return Author(
            remote_id="109000000000000001",
            handle=BRAND_MASTODON_HANDLE,
            display_name="Fernbrook Coffee Roasters",
            followers=1840,
            bio="Small-batch roasters, two cafes, one online shop. ☕",
            url=f"https://{MASTODON_SERVER}/@fernbrook",
        )
    return Author(
        remote_id=BRAND_BLUESKY_DID,
        handle=BRAND_BLUESKY_HANDLE,
        display_name="Fernbrook Coffee Roasters",
        followers=960,
        bio="Small-batch roasters, two cafes, one online shop. ☕",
        url=f"https://bsky.app/profile/{BRAND_BLUESKY_HANDLE}",
    )


def did(rng: random.Random) -> str:
    """A did:plc identifier of the demo network (24 base32 characters, starting 'demo')."""
    return "did:plc:demo" + "".join(rng.choice(_BASE32) for _ in range(20))


def _followers(rng: random.Random) -> int:
    # Log-uniform between 3 and 50 000: most people are small, a few are loud.
    return round(math.exp(rng.uniform(math.log(3), math.log(50_000))))


def _make(rng: random.Random, platform: Platform, user: str, name: str, bio: str) -> Author:
    if platform is Platform.MASTODON:
        server = rng.choice(_SERVERS)
        return Author(
            remote_id=str(rng.randrange(10**17, 10**18)),
            handle=f"@{user}@{server}",
            display_name=name,
            followers=_followers(rng),
            bio=bio,
            url=f"https://{server}/@{user}",
        )
    handle = f"{user.replace('_', '-')}.bsky.social"
    return Author(
        remote_id=did(rng),
        handle=handle,
        display_name=name,
        followers=_followers(rng),
        bio=bio,
        url=f"https://bsky.app/profile/{handle}",
    )


def _username(rng: random.Random, first: str, last: str) -> str:
    plain_first = first.lower().replace("é", "e")
    plain_last = last.lower().replace("ü", "u").replace("'", "")
    style = rng.randrange(5)
    if style == 0:
        return f"{plain_first}{plain_last}"
    if style == 1:
        return f"{plain_first}_{plain_last}"
    if style == 2:
        return f"{plain_first}{rng.randint(1, 99)}"
    if style == 3:
        return f"{plain_first}{plain_last[0]}"
    return f"{plain_last}.{plain_first}" if rng.random() < 0.5 else f"the{plain_first}"


def _display_name(rng: random.Random, first: str, last: str) -> str:
    style = rng.randrange(6)
    if style == 0:
        return f"{first} {last} ☕"
    if style == 1:
        return first.lower()
    if style == 2:
        return f"{first} {last[0]}."
    if style == 3:
        return ""  # no display name set: the app falls back to the handle
    return f"{first} {last}"


def make_people(rng: random.Random, customers: int, mastodon_share: float) -> list[Person]:
    """``customers`` customers plus the spam accounts (one of them hostile), platforms split
    ``mastodon_share`` to the rest; every handle is unique."""
    people: list[Person] = []
    seen: set[str] = set()
    mastodon_count = round(customers * mastodon_share)
    for index in range(customers):
        platform = Platform.MASTODON if index < mastodon_count else Platform.BLUESKY
        first, last = rng.choice(_FIRST), rng.choice(_LAST)
        user = _username(rng, first, last)
        while user in seen:
            user = f"{user}{rng.randint(2, 9)}"
        seen.add(user)
        bio = " ".join(rng.sample(_BIO_BITS, rng.randint(1, 3)))
        author = _make(rng, platform, user, _display_name(rng, first, last), bio)
        people.append(Person(author, platform, first, spammer=False))
    for index, (user, name, bio) in enumerate(_SPAMMERS):
        platform = Platform.MASTODON if index % 2 == 0 else Platform.BLUESKY
        people.append(Person(_make(rng, platform, user, name, bio), platform, "", spammer=True))
    hostile = _make(rng, Platform.MASTODON, "fernbrook_support", HOSTILE_NAME, HOSTILE_BIO)
    people.append(Person(hostile, Platform.MASTODON, "", spammer=True))
    return people
