"""The demo's indirect posts: customers who name the brand without tagging it.

One post in five on each demo network names "Fernbrook" (or #fernbrook) instead of tagging
the brand, so only a search for a watch term finds it. They are made after the rest of the
inbox, from their own generator (``random.Random("fernbrook-heard:<seed>")``), so the tagged
inbox stays exactly what it was. The team keeps up with them as it does with mentions, inside
the indirect SLA (complaints 4 h, the rest 24 h): the old ones are answered, the last hours'
ones wait, and some fresh complaints among them rank above tagged praise.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from adapters.demo import corpus
from adapters.demo.people import Person
from adapters.demo.posts import DemoPost, PostFactory
from adapters.demo.voice import BRAND_NAME, TEAMMATES, brand_reply
from adapters.records import MentionKind, Platform

# Per tagged mention: 80 indirect posts beside 320 mentions, one in five of them all.
HEARD_PER_MENTION = 0.25
# How customers name the brand when they do not tag it (the demo's watch terms find each).
SPELLINGS = ("Fernbrook", "fernbrook", "#fernbrook", "#Fernbrook")
INDIRECT_TARGET = {corpus.COMPLAINT: timedelta(hours=4)}
INDIRECT_DEFAULT = timedelta(hours=24)
FRESH_COMPLAINTS = 3  # waiting indirect complaints in the last hours
_WINDOW = 14 * 86_400


def make_heard(
    seed: int, anchor: datetime, people: list[Person], factory: PostFactory, mentions: int
) -> list[DemoPost]:
    """The indirect posts (oldest first), their answers kept in ``factory``."""
    rng = random.Random(f"fernbrook-heard:{seed}")
    customers = [p for p in people if not p.spammer]
    spammers = [p for p in people if p.spammer]
    labels = rng.choices(
        corpus.CLASSES,
        weights=[corpus.CLASS_MIX[c] for c in corpus.CLASSES],
        k=round(mentions * HEARD_PER_MENTION),
    )
    labels[:FRESH_COMPLAINTS] = [corpus.COMPLAINT] * FRESH_COMPLAINTS
    posts: list[DemoPost] = []
    for number, label in enumerate(labels):
        person = rng.choice(spammers if label == corpus.SPAM else customers)
        if number < FRESH_COMPLAINTS:
            offset = rng.randint(1200, 3 * 3600)  # waiting, inside their 4 h
        else:
            offset = 60 + int(_WINDOW * rng.random() ** 1.25)
        when = anchor - timedelta(seconds=offset)
        text = _text(rng, label, person.platform)
        post = factory.mention(
            person.platform,
            person.author,
            text,
            when,
            rng,
            label=label,
            kind=MentionKind.MENTION,
            language="en",
            parents=(),
            quoted=None,
            hostile="",
        )
        posts.append(post)
        target = INDIRECT_TARGET.get(label, INDIRECT_DEFAULT)
        answer_at = when + target * rng.uniform(0.2, 0.9)
        if label != corpus.SPAM and number >= FRESH_COMPLAINTS and answer_at < anchor:
            signer = BRAND_NAME if rng.random() < 0.6 else rng.choice(TEAMMATES)
            reply = brand_reply(rng, label, person.first_name or "friend", signer)
            factory.answer(post, reply, answer_at, signer)
    return sorted(posts, key=lambda p: p.created_at)


def _text(rng: random.Random, label: str, platform: Platform) -> str:
    """A message of ``label`` that names the brand without its handle."""
    limit = 500 if platform is Platform.MASTODON else 300
    spelling = rng.choice(SPELLINGS)
    text = ""
    for _ in range(5):
        text = corpus.compose(rng, label, spelling)
        if len(text) <= limit:
            break
    # Spam names the brand only sometimes; these are found by its name, so they all do.
    return text if spelling in text else f"{text} {spelling}"
