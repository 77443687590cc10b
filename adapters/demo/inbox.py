"""The demo network's initial inbox: 320 mentions over the 14 days before the anchor.

``generate_inbox(seed, anchor)`` is a pure function: one ``random.Random(seed)`` makes every
choice in a fixed order, and every time is an offset from ``anchor``, so the same seed and anchor
always give the same authors, threads and texts (no global random, no salted ``hash()``).

Shape: about eighty authors (a few spam accounts) split 60/40 between the Mastodon-like and the
Bluesky-like network; a 25/25/20/20/10 mix of complaints, questions, praise, chatter and spam;
threads one to five posts deep under brand announcements, bystanders' posts and earlier brand
replies; every hostile sample placed once.

Timeline: the brand keeps up. Each mention gets the delay after which the brand (or a teammate)
answers it, mostly within its class's response target (the default SLA targets), a few late, a
very few never; it is answered in the inbox only if that moment is before the anchor. So a fresh
demo shows what a real inbox does: old mentions answered, the last hours' ones waiting (some at
risk), and a handful overdue. Spam is never answered.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from adapters.demo import corpus
from adapters.demo.heard import make_heard
from adapters.demo.hostile import HOSTILE_SAMPLES, HostileSample
from adapters.demo.ids import brand_tag
from adapters.demo.people import HOSTILE_NAME, Person, make_people
from adapters.demo.posts import DemoInbox, DemoPost, PostFactory
from adapters.demo.voice import BRAND_NAME, TEAMMATES, announcement, brand_reply
from adapters.records import MentionKind, Platform

INITIAL_MENTIONS = 320
CUSTOMERS = 74
MASTODON_SHARE = 0.6
FRESH_COMPLAINTS = 4
FRESH_QUESTIONS = 4
# The brand's response target per class: triage's default SLA targets (triage/sla.py), which a
# network package does not import; tests check the fresh demo against the real triage.
RESPONSE_TARGET = {
    corpus.COMPLAINT: timedelta(hours=1),
    corpus.QUESTION: timedelta(hours=4),
    corpus.PRAISE: timedelta(hours=24),
    corpus.OTHER: timedelta(hours=48),
}
# A team that keeps up answers praise and chatter well inside their long targets, within a
# working day; so a mention the classifier ranks stricter than it is rarely turns overdue.
RHYTHM = timedelta(hours=8)
ON_TIME = (0.1, 0.9)  # most answers take this fraction of the target (or the rhythm)
LATE = (1.2, 3.0)  # a late answer takes this many targets
LATE_SHARE = 0.04
BACKLOG = 3  # mentions of the last days that slipped through: the overdue work of a fresh demo
BACKLOG_DAYS = 3
FRESH_SPREAD = (0.3, 0.97)  # fresh mentions' age as a fraction of their target: some at risk
HOSTILE_AGE = (600, 2500)  # seconds: hostile samples are recent and waiting, so they show
_WINDOW = 14 * 86_400
_MAX_DEPTH = 5
_TEN_MINUTES = timedelta(minutes=10)
# Thread shapes above the mention, root first: a = announcement, c = customer, b = brand reply.
_SHAPES = ((0.80, "a"), (0.86, "c"), (0.91, "ac"), (0.95, "cb"), (0.98, "acb"), (1.0, "acbc"))


@dataclass(slots=True)
class _Slot:
    """One mention to be: its class, network, author, time and hostile text, if any."""

    label: str
    platform: Platform
    person: Person
    offset: int  # seconds before the anchor
    hostile: HostileSample | None = None
    answer_after: timedelta | None = None  # when the brand answers it (None: never)

    @property
    def waiting(self) -> bool:
        """Not answered by the anchor (its answer, if any, comes later)."""
        return self.answer_after is None or self.answer_after.total_seconds() >= self.offset - 60


def _class_counts(total: int) -> list[str]:
    """Exactly ``total`` labels in the ``CLASS_MIX`` proportions (largest remainders)."""
    shares = {cls: total * pct / 100 for cls, pct in corpus.CLASS_MIX.items()}
    counts = {cls: int(share) for cls, share in shares.items()}
    by_remainder = sorted(corpus.CLASSES, key=lambda cls: counts[cls] - shares[cls])
    for cls in by_remainder[: total - sum(counts.values())]:
        counts[cls] += 1
    return [cls for cls in corpus.CLASSES for _ in range(counts[cls])]


def _authors_for(rng: random.Random, labels: list[str], people: list[Person]) -> list[Person]:
    """An author per label: spam from the spam accounts in turn; everyone else at least once,
    then some regulars more often (weights falling as rank ** -0.35)."""
    spammers = [p for p in people if p.spammer]
    customers = [p for p in people if not p.spammer]
    rng.shuffle(spammers)
    rng.shuffle(customers)
    weights = [1 / (rank + 1) ** 0.35 for rank in range(len(customers))]
    non_spam = sum(1 for label in labels if label != corpus.SPAM)
    extra = rng.choices(customers, weights=weights, k=non_spam - len(customers))
    order = customers + extra
    rng.shuffle(order)
    chosen: list[Person] = []
    spam_seen = 0
    for label in labels:
        if label == corpus.SPAM:
            chosen.append(spammers[spam_seen % len(spammers)])
            spam_seen += 1
        else:
            chosen.append(order.pop())
    return chosen


def _make_slots(rng: random.Random, people: list[Person]) -> list[_Slot]:
    slots: list[_Slot] = []
    mastodon_total = round(INITIAL_MENTIONS * MASTODON_SHARE)
    for platform, total in (
        (Platform.MASTODON, mastodon_total),
        (Platform.BLUESKY, INITIAL_MENTIONS - mastodon_total),
    ):
        labels = _class_counts(total)
        rng.shuffle(labels)
        on_platform = [p for p in people if p.platform is platform]
        for label, person in zip(labels, _authors_for(rng, labels, on_platform), strict=True):
            # Denser towards the anchor, as a busy week would be; at least a minute old.
            offset = 60 + int(_WINDOW * rng.random() ** 1.25)
            slots.append(_Slot(label, platform, person, offset))
    for slot in slots:
        slot.answer_after = _answer_delay(rng, slot.label)
    # A few fresh complaints and questions, waiting and spread over their target: the due-soon
    # and at-risk work at the top of the queue.
    fresh = rng.sample([s for s in slots if s.label == corpus.COMPLAINT], FRESH_COMPLAINTS)
    fresh += rng.sample([s for s in slots if s.label == corpus.QUESTION], FRESH_QUESTIONS)
    for slot in fresh:
        target = RESPONSE_TARGET[slot.label].total_seconds()
        slot.offset = int(target * rng.uniform(*FRESH_SPREAD))
        slot.answer_after = None
    for sample in HOSTILE_SAMPLES:
        fits = [
            s
            for s in slots
            if s.label == sample.label
            and s.hostile is None
            and s not in fresh
            and (s.platform is Platform.MASTODON or not sample.mastodon_only)
        ]
        chosen = rng.choice(fits)
        chosen.hostile = sample
        chosen.offset = rng.randint(*HOSTILE_AGE)
        chosen.answer_after = None
        if sample.by_impostor:
            chosen.person = next(p for p in people if p.author.display_name == HOSTILE_NAME)
    # The backlog: a few mentions past their target, from the last days, never answered.
    slipped = [
        s
        for s in slots
        if s.hostile is None
        and s.label in RESPONSE_TARGET
        and RESPONSE_TARGET[s.label].total_seconds() < s.offset <= BACKLOG_DAYS * 86_400
    ]
    for slot in rng.sample(slipped, BACKLOG):
        slot.answer_after = None
    slots.sort(key=lambda s: -s.offset)
    return slots


def _answer_delay(rng: random.Random, label: str) -> timedelta | None:
    """How long after posting the brand answers a mention of ``label`` (``None``: spam, never)."""
    target = RESPONSE_TARGET.get(label)
    draw = rng.random()
    if target is None:
        return None
    if draw < LATE_SHARE:
        return target * rng.uniform(*LATE)
    return min(target, RHYTHM) * rng.uniform(*ON_TIME)


class _Builder:
    """Turns slots into posts: mention texts, thread parents, answers and follow-ups."""

    def __init__(self, rng: random.Random, anchor: datetime, people: list[Person]) -> None:
        self.rng = rng
        self.anchor = anchor
        self.people = people
        self.factory = PostFactory()
        self.announcements = self._announce()

    def _announce(self) -> dict[Platform, list[DemoPost]]:
        """Nine brand posts per network, cross-posted, from 16 days ago until yesterday."""
        result: dict[Platform, list[DemoPost]] = {Platform.MASTODON: [], Platform.BLUESKY: []}
        for days_back in (15.5, 13.0, 11.2, 9.5, 7.4, 5.6, 3.9, 2.2, 0.9):
            text = announcement(self.rng)
            for platform, posts in result.items():
                jitter = self.rng.randint(-18_000, 18_000)
                when = self.anchor - timedelta(seconds=int(days_back * 86_400) + jitter)
                posts.append(self.factory.brand_post(platform, text, when))
        return result

    def _bystander(self, platform: Platform, not_person: Person) -> Person:
        pool = [
            p
            for p in self.people
            if p.platform is platform and not p.spammer and p is not not_person
        ]
        return self.rng.choice(pool)

    def _text(self, slot: _Slot) -> tuple[str, str]:
        """The mention's text and language."""
        tag = brand_tag(slot.platform)
        if slot.hostile is not None:
            return slot.hostile.text.replace("@fernbrook", tag), "en"
        if self.rng.random() < 0.05:
            foreign = corpus.foreign_message(self.rng, slot.label, tag)
            if foreign is not None:
                return foreign
        language = "en" if self.rng.random() < 0.85 else ""
        limit = 500 if slot.platform is Platform.MASTODON else 300
        for _ in range(5):
            text = corpus.compose(self.rng, slot.label, tag)
            if len(text) <= limit:
                break
        return text, language

    def _parents(self, slot: _Slot, when: datetime) -> tuple[list[DemoPost], DemoPost | None]:
        """The posts the mention answers (root first) or the post it quotes."""
        rng, platform = self.rng, slot.platform
        eligible = [a for a in self.announcements[platform] if a.created_at < when - _TEN_MINUTES]
        r = rng.random()
        if slot.label == corpus.SPAM or r < 0.58:
            return [], None
        if r < 0.66:
            return [], (rng.choice(eligible[-3:]) if eligible else None)
        shape = next(s for limit, s in _SHAPES if r < limit)
        chain: list[DemoPost] = []
        if shape.startswith("a") and eligible:
            chain.append(rng.choice(eligible[-3:]))
            root_time = chain[0].created_at
        else:
            root_time = when - timedelta(seconds=rng.randint(3600, 36 * 3600))
        rest = shape.lstrip("a")
        if not chain and not rest:
            rest = "c"  # no announcement old enough to answer: answer a customer's post instead
        span = (when - root_time).total_seconds()
        points = sorted(rng.uniform(0.1, 0.9) for _ in rest)
        last_customer: Person = slot.person
        for step, point in zip(rest, points, strict=True):
            at = root_time + timedelta(seconds=int(span * point))
            parent = chain[-1] if chain else None
            if step == "c":
                last_customer = self._bystander(platform, slot.person)
                chain.append(
                    self.factory.bystander_post(platform, last_customer, rng, at, parent, chain)
                )
            else:
                text = brand_reply(rng, corpus.OTHER, last_customer.first_name, BRAND_NAME)
                chain.append(self.factory.brand_post(platform, text, at, parent, chain))
        return chain, None

    def mention(self, slot: _Slot) -> DemoPost:
        """The mention of ``slot`` with its thread parents registered."""
        rng = self.rng
        when = self.anchor - timedelta(seconds=slot.offset)
        text, language = self._text(slot)
        chain, quoted = self._parents(slot, when)
        direct = (
            slot.platform is Platform.MASTODON
            and not chain
            and quoted is None
            and rng.random() < 0.07
        )
        kind = (
            MentionKind.DIRECT
            if direct
            else MentionKind.REPLY
            if chain
            else MentionKind.QUOTE
            if quoted
            else MentionKind.MENTION
        )
        return self.factory.mention(
            slot.platform,
            slot.person.author,
            text,
            when,
            rng,
            label=slot.label,
            kind=kind,
            language=language,
            parents=chain,
            quoted=quoted,
            hostile=slot.hostile.name if slot.hostile else "",
        )

    def answer(self, slots: list[_Slot], mentions: list[DemoPost]) -> None:
        """Let the brand (or a teammate) answer each mention whose answer falls before the
        anchor (see the module's timeline)."""
        rng = self.rng
        for slot, mention in zip(slots, mentions, strict=True):
            if slot.waiting or slot.answer_after is None:
                continue
            signer = BRAND_NAME if rng.random() < 0.6 else rng.choice(TEAMMATES)
            person = next(p for p in self.people if p.author == mention.author)
            text = brand_reply(rng, mention.label, person.first_name or "friend", signer)
            self.factory.answer(mention, text, mention.created_at + slot.answer_after, signer)

    def follow_up(self, mentions: list[DemoPost]) -> list[DemoPost]:
        """Turn some later mentions of an answered author into replies to the brand's answer."""
        result: list[DemoPost] = []
        for mention in mentions:
            earlier = self._answered_before(mention)
            if earlier is not None and self.rng.random() < 0.5:
                answer = self.factory.answers[earlier.remote_id][0]
                text = corpus.compose_followup(self.rng, mention.label, brand_tag(mention.platform))
                mention = replace(
                    mention,
                    text=text,
                    kind=MentionKind.REPLY,
                    in_reply_to_id=answer.remote_id,
                    root_id=earlier.root_id or earlier.remote_id,
                )
                self.factory.posts[mention.remote_id] = mention
            result.append(mention)
        return result

    def _answered_before(self, mention: DemoPost) -> DemoPost | None:
        """The author's latest earlier, answered mention this one could follow up on."""
        plain = mention.kind is MentionKind.MENTION and mention.in_reply_to_id is None
        if not plain or mention.quoted_id or mention.hostile or mention.label == corpus.SPAM:
            return None
        best: DemoPost | None = None
        for remote_id, answers in self.factory.answers.items():
            earlier = self.factory.posts[remote_id]
            if (
                earlier.author == mention.author
                and earlier.quoted_id is None  # a quote is no reply chain to continue
                and answers[0].created_at < mention.created_at
                and self.factory.depth(earlier) <= _MAX_DEPTH - 2
                and (best is None or earlier.created_at > best.created_at)
            ):
                best = earlier
        return best


def generate_inbox(seed: int, anchor: datetime) -> DemoInbox:
    """The initial inbox of the demo network for ``seed``, ending at ``anchor``."""
    rng = random.Random(seed)
    people = make_people(rng, CUSTOMERS, MASTODON_SHARE)
    builder = _Builder(rng, anchor, people)
    slots = _make_slots(rng, people)
    mentions = [builder.mention(slot) for slot in slots]
    builder.answer(slots, mentions)
    mentions = builder.follow_up(mentions)
    # Last, from their own generator: the tagged inbox stays what it was without them.
    heard = make_heard(seed, anchor, people, builder.factory, len(mentions))
    return builder.factory.freeze(
        mentions, tuple(people), {p: tuple(a) for p, a in builder.announcements.items()}, heard
    )
