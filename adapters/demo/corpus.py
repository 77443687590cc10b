"""The demo network's customer messages, composed from fragments.

A message is an optional opener, a core sentence with slots (order number, product, café, …),
optional details and a closing, then lightly roughed up (typos, lower case, shouting). One seeded
``random.Random`` drives every choice, so a seed always yields the same texts, and the fragment
pools are wide enough that a run yields hundreds of distinct messages, not a dozen repeated ones.
The intended class of each message is kept by the generator (never in the record) for tests.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

COMPLAINT = "complaint"
QUESTION = "question"
PRAISE = "praise"
OTHER = "other"
SPAM = "spam"
CLASSES = (COMPLAINT, QUESTION, PRAISE, OTHER, SPAM)
# Percent of each class in the inbox; the triage package is expected to recover this mix.
CLASS_MIX = {COMPLAINT: 25, QUESTION: 25, PRAISE: 20, OTHER: 20, SPAM: 10}

PRODUCTS = (
    "Ethiopia Yirgacheffe", "House Espresso", "Morning Fern blend", "Kenya AA", "Decaf Colombia",
    "Guatemala Huehuetenango", "Brazil Cerrado", "Sumatra Mandheling", "Winter Solstice blend",
    "Costa Rica honey process", "Rwanda natural", "cold brew bags",
)  # fmt: skip
GEAR = (
    "burr grinder", "hand grinder", "V60 starter kit", "gooseneck kettle", "AeroPress bundle",
    "French press", "cold brew kit", "milk frother",
)  # fmt: skip
CAFES = (
    "the Elm Street cafe", "your Harbour Road shop", "the market stall", "the Riverside kiosk",
    "the Elm St. location", "the roastery cafe",
)  # fmt: skip
STAFF = (
    "the guy with the beanie", "the barista at the till", "the new girl at the counter",
    "the manager", "whoever was on the bar at 8am", "the tall barista with the tattoos",
)  # fmt: skip
BARISTAS = ("Sam", "Jo", "Luis", "Nadia", "Ollie", "Mei")
BREWERS = ("V60", "Chemex", "moka pot", "AeroPress", "French press", "Moccamaster", "Kalita")
GRINDS = ("espresso", "filter", "French press", "moka pot", "whole bean", "AeroPress", "cold brew")
FRIENDS = ("@kat", "@dmitri", "@jules", "@beanqueen", "@tomasz", "@ro", "@ana_b", "@lee")
HOLIDAYS = ("Thanksgiving", "Christmas Eve", "Labor Day", "New Year's Day", "Easter Monday")
DAYS_OF_WEEK = ("Sunday", "Saturday", "Monday", "Friday")
AMOUNTS = ("$14.50", "$18.00", "$22.75", "$36.00", "$48.20", "$64.90", "$19.99")
CITIES = ("Vancouver", "Toronto", "Montreal", "Calgary", "Halifax", "Winnipeg")
EMOJI_ANGRY = ("😡", "🙄", "😤", "😞", "🙃", "💀", "😒", "🤬")
EMOJI_HAPPY = ("☕", "💚", "🙌", "❤️", "😍", "✨", "🥰", "👏", "☕️☕️")
SPAM_LINKS = (
    "https://free-eth.example/claim", "http://bit.example/x9Zq", "https://followers4u.example",
    "https://cheap-likes.example/?ref=fb", "https://airdrop-now.example/w/77", "https://t.example/a1",
)  # fmt: skip


def slots(rng: random.Random) -> dict[str, str]:
    """Fresh values for every slot a template may use (always the same number of draws)."""
    grind, grind2 = rng.sample(GRINDS, 2)
    return {
        "order": f"#FB-{rng.randint(10000, 99999)}",
        "product": rng.choice(PRODUCTS),
        "gear": rng.choice(GEAR),
        "brewer": rng.choice(BREWERS),
        "cafe": rng.choice(CAFES),
        "staff": rng.choice(STAFF),
        "barista": rng.choice(BARISTAS),
        "grind": grind,
        "grind2": grind2,
        "days": str(rng.randint(3, 19)),
        "weeks": str(rng.randint(2, 6)),
        "months": str(rng.randint(2, 9)),
        "amount": rng.choice(AMOUNTS),
        "friend": rng.choice(FRIENDS),
        "holiday": rng.choice(HOLIDAYS),
        "dow": rng.choice(DAYS_OF_WEEK),
        "city": rng.choice(CITIES),
        "link": rng.choice(SPAM_LINKS),
        "link2": rng.choice(SPAM_LINKS),
        "n": str(rng.choice((5, 10, 20, 50, 100))),
    }


_OPENERS = {
    COMPLAINT: (
        "", "", "", "Hey,", "Hi,", "Um,", "Seriously?", "Ok so", "Hello,", "hi there —",
        "Not happy.", "So…", "Hey folks,", "Bonjour,", "Hallo,", "Honestly?",
    ),
    QUESTION: (
        "", "", "Quick question:", "Hi!", "Hey folks,", "Hi there,", "Hello 👋", "Bonjour !",
        "Hallo!", "¡Hola!", "Morning!", "hey,", "Q:",
    ),
    PRAISE: ("", "", "", "Just wanted to say", "Shout out:", "Okay,", "Wow.", "PSA:", "Ciao!"),
    OTHER: ("", "", "", "lol", "Okay so", "Morning all,", "fun fact:", "Hey!"),
}  # fmt: skip

_CORES = {
    COMPLAINT: (
        "ordered the {product} {days} days ago and it still hasn't arrived",
        "order {order} was supposed to be here last week. still nothing",
        "tracking for {order} has said 'label created' for {days} days",
        "tracking says delivered but there is nothing at my door",
        "my parcel is apparently lost?? order {order}",
        "I asked for {grind} grind and got {grind2}",
        "the bag says {grind2} but I ordered {grind}. can't use it in my machine",
        "the {gear} I bought {weeks} weeks ago already stopped working",
        "my {gear} arrived with a cracked lid",
        "still waiting for my refund for {order}, it's been {days} days",
        "you promised the refund 'within 5 business days'. that was {weeks} weeks ago",
        "{staff} at {cafe} was really rude to me this morning",
        "got an eye roll for asking for oat milk at {cafe}",
        "I got charged twice for {order} ({amount} x2)",
        "my card shows two charges of {amount} for one order",
        "tried to cancel my subscription three times and it keeps renewing",
        "there is NO cancel button on the subscription page and I just got charged {amount} again",
        "the beans arrived stale, roast date was {months} months ago",
        "the bag of {product} was split open all over the box",
        "waited 25 minutes for a flat white at {cafe}",
        "your website ate my order and took my money ({amount})",
        "the {product} tastes burnt this batch, not like before",
        "delivery driver left my coffee in the rain, bag soaked through",
        "the discount code from your newsletter doesn't work at checkout",
    ),
    QUESTION: (
        "what time do you open on {dow}s?",
        "are you open on {holiday}?",
        "what are your hours at {cafe}?",
        "do you have oat milk?",
        "is there an extra charge for oat or soy milk?",
        "do you ship to Canada?",
        "how much is shipping to {city}?",
        "are there customs fees on orders to Canada?",
        "is your decaf swiss water or chemical process?",
        "do you do a decaf espresso at {cafe}?",
        "do you sell gift cards?",
        "can I buy a subscription as a gift?",
        "do gift cards expire?",
        "do you do wholesale for small cafes?",
        "who do I talk to about wholesale pricing?",
        "we're opening a bakery, could we stock your beans?",
        "which beans would you recommend for a moka pot?",
        "is the {product} any good for espresso?",
        "when is the {product} back in stock?",
        "can I change the delivery address on {order}?",
        "do you have a loyalty card?",
        "is {cafe} dog friendly?",
        "do you roast on site? can we visit?",
        "can I bring my own cup for the discount?",
        "what grind should I pick for a {brewer}?",
        "does the {gear} come with a warranty?",
    ),
    PRAISE: (
        "best latte in town, hands down",
        "the {product} is incredible",
        "ordered on Monday, arrived Tuesday! fast delivery",
        "{barista} at {cafe} remembered my order again",
        "the oat flat white today was perfect",
        "thank you for the lovely handwritten note in my order",
        "finally a decaf that tastes like coffee",
        "my new {gear} from you is a game changer",
        "your barista {barista} is a gem",
        "the cold brew saved my morning",
        "the {product} makes the best pour-over I've had at home",
        "you sorted my order mix-up in ten minutes. that's service",
        "friendliest baristas in the city at {cafe}",
        "the cupping on {dow} was so much fun, learned a ton",
    ),
    OTHER: (
        "morning ritual with the {product} 📸",
        "look at this latte art from {cafe}!",
        "my desk setup, featuring your beans",
        "{friend} we have to go here next time",
        "{friend} this is the place I told you about",
        "see you at the cupping on {dow}!",
        "who's coming to the latte art throwdown?",
        "the live music night at {cafe} was fun",
        "anyone else going to the farmers market this {dow}?",
        "raining again, perfect coffee weather",
        "just saw your van on the highway lol",
        "thinking about coffee at 11pm, normal",
        "my cat tried to drink my cold brew",
        "happy birthday Fernbrook!",
        "your new logo is growing on me",
        "reading your blog post about processing methods, interesting stuff",
        "{friend} remember this place? 😄",
        "brought my grandma to {cafe} today",
    ),
}  # fmt: skip

_DETAILS = {
    COMPLAINT: (
        "", "", "I've emailed twice already with no reply.", "Nobody picks up the phone.",
        "This is the second time this year.", "I've been a customer for {months} years.",
        "It was a gift, so now I look bad.", "The chat bot just loops.",
        "Your FAQ says 3-5 days.", "I need it for my coffee machine, it's useless like this.",
    ),
    QUESTION: (
        "", "", "", "Couldn't find it on the website.", "Planning a visit next week.",
        "My partner is lactose intolerant.", "Asking for my office.", "It's for my mum's birthday.",
    ),
    PRAISE: ("", "", "", "You've got a customer for life.", "Will be back!", "10/10.",
             "Can't recommend enough.", "Telling all my friends."),
    OTHER: ("", "", "", "Have a great weekend!", "That's all, carry on.", "#coffee", "#caturday"),
}  # fmt: skip

_CLOSINGS = {
    COMPLAINT: (
        "", "Can someone please get back to me?", "I want a refund.", "DMs are open.",
        "Please sort this out.", "What is going on?", "Not impressed tbh.", "Fix it.",
        "Any update???", "this is ridiculous", "Love that for me 🙃",
        "Great customer service as always.", "Thanks for nothing I guess.",
        "Really nailing it this week 👏", "Five stars for creativity.",
    ),
    QUESTION: (
        "", "Thanks!", "thx", "Cheers", "🙏", "Thanks in advance!", "asking for a friend 😄",
    ),
    PRAISE: ("", "Thank you!", "☕💚", "🙌", "❤️", "keep it up!"),
    OTHER: ("", "😄", "☕", "🙃", "💚", "🐈"),
}  # fmt: skip

_SPAM = (
    "🚀🚀 FREE $ETH GIVEAWAY 🚀🚀 Send 0.1 get 1.0 back!!! {link}",
    "Claim your airdrop now before it ends ⏰ {link} {link2}",
    "Get {n}K real followers in 24h 💯 {link}",
    "Boost your brand! Buy followers & likes cheap {link} {link2} {link}",
    "Hello dear, I saw your profile and I want to be friend 🌹 write me {link}",
    "Congratulations! Your account was selected for a $500 reward. Verify here: {link}",
    "BIG SALE BIG SALE BIG SALE 90% OFF {link} BIG SALE BIG SALE",
    "DM me DM me DM me for promo 🔥🔥🔥 {link}",
    "Wanna grow fast? {n}0k views guaranteed!! {link} {link2} {link} {link2}",
    "💰 passive income 💰 passive income 💰 {link}",
    "Your store looks amazing! We help brands get {n}x sales, check {link}",
    "NFT drop for coffee lovers ☕🖼️ mint now {link} {link2}",
)

# A few whole messages in another language; the record's ``language`` is set from here.
_FOREIGN = (
    ("fr", COMPLAINT, "Bonjour ! Ma commande {order} n'est toujours pas arrivée. Vérifiez svp ?"),
    ("fr", QUESTION, "Bonjour, est-ce que vous livrez au Québec ? Merci !"),
    ("fr", PRAISE, "Merci pour le café, il est délicieux ☕ À bientôt !"),
    ("de", QUESTION, "Hallo! Liefert ihr auch nach Deutschland?"),
    ("de", COMPLAINT, "Meine Bestellung {order} ist seit zwei Wochen unterwegs. Was ist da los?"),
    ("de", PRAISE, "Bester Flat White der Stadt, danke an {barista}!"),
)  # fmt: skip

_FOLLOWUPS = {
    COMPLAINT: (
        "Still nothing. It's been another {days} days.", "I DMed you like you asked, no answer.",
        "The replacement hasn't arrived either 🙄", "you said 3-5 days. it's day {days}.",
        "thanks, but the refund still isn't on my card", "Any news? Still waiting on {order}.",
    ),
    QUESTION: (
        "Thanks! And do you also sell the {gear}?", "great, and is the {product} in stock?",
        "Thanks! What about shipping to {city}?", "perfect, and can I pay with a gift card?",
    ),
    PRAISE: ("Thank you, all sorted now! 💚", "Got it today, you're the best 🙌",
             "That was quick, thanks so much!"),
    OTHER: ("haha 😄", "see you there!", "will do ☕", "lol fair"),
}  # fmt: skip

_MISSPELLINGS = {
    "definitely": "definately", "received": "recieved", "your": "ur", "you": "u",
    "please": "pls", "thanks": "thx", "because": "bc", "tomorrow": "tmrw", "really": "rly",
    "order": "oder", "arrived": "arived", "waiting": "wating", "coffee": "cofee",
}  # fmt: skip


def _join(parts: Sequence[str]) -> str:
    """The non-empty parts joined by one space."""
    return " ".join(p.strip() for p in parts if p.strip())


def _sentence(opener: str, core: str) -> str:
    """``core`` as it follows ``opener``: capitalised after a sentence end (not after a comma,
    dash or a run-on opener like "ok so"), with a full stop if it ends on a bare word."""
    if not opener or (opener[-1] not in ",…—" and not opener[-1].isalpha()):
        core = core[0].upper() + core[1:]
    return core + "." if core[-1].isalpha() else core


def _typo(rng: random.Random, text: str) -> str:
    """One realistic slip: a common misspelling, a swapped, dropped or doubled letter."""
    words = text.split(" ")
    candidates = [i for i, w in enumerate(words) if w.isalpha() and len(w) >= 4]
    if not candidates:
        return text
    i = rng.choice(candidates)
    word = words[i]
    if word.lower() in _MISSPELLINGS:
        words[i] = _MISSPELLINGS[word.lower()]
        return " ".join(words)
    j = rng.randrange(1, len(word) - 1)
    kind = rng.randrange(3)
    if kind == 0:
        words[i] = word[:j] + word[j + 1] + word[j] + word[j + 2 :]
    elif kind == 1:
        words[i] = word[:j] + word[j + 1 :]
    else:
        words[i] = word[:j] + word[j] + word[j:]
    return " ".join(words)


def roughen(rng: random.Random, text: str, label: str) -> str:
    """Make a clean text look typed by a person: typos, all lower case, or angry capitals."""
    style = rng.random()
    if style < 0.12:
        text = text.lower()
    elif style < 0.18 and label == COMPLAINT:
        text = text.upper()
    # About one message in four has a slip or two.
    for _ in range(rng.choices((0, 1, 2), weights=(75, 19, 6))[0]):
        text = _typo(rng, text)
    return text


def compose(rng: random.Random, label: str, brand_tag: str) -> str:
    """A new customer message of class ``label`` that addresses the brand as ``brand_tag``."""
    s = slots(rng)
    if label == SPAM:
        return rng.choice(_SPAM).format_map(s) + ("" if rng.random() < 0.5 else f" {brand_tag}")
    opener = rng.choice(_OPENERS[label])
    parts = [
        opener,
        _sentence(opener, rng.choice(_CORES[label]).format_map(s)),
        rng.choice(_DETAILS[label]).format_map(s),
        rng.choice(_CLOSINGS[label]),
    ]
    emoji = EMOJI_ANGRY if label == COMPLAINT else EMOJI_HAPPY
    if rng.random() < 0.3:
        parts.append(rng.choice(emoji))
    body = roughen(rng, _join(parts), label)
    where = rng.random()
    if where < 0.7:
        return f"{brand_tag} {body}"
    if where < 0.85:
        return f"{body} cc {brand_tag}"
    return f"{body} {brand_tag}"


def compose_followup(rng: random.Random, label: str, brand_tag: str) -> str:
    """A customer's answer to the brand's reply in their earlier conversation."""
    s = slots(rng)
    text = roughen(rng, rng.choice(_FOLLOWUPS.get(label, _FOLLOWUPS[OTHER])).format_map(s), label)
    return f"{brand_tag} {text}"


def foreign_message(rng: random.Random, label: str, brand_tag: str) -> tuple[str, str] | None:
    """``(text, language)`` of a class-``label`` message in French or German, if there is one."""
    options = [(lang, template) for lang, cls, template in _FOREIGN if cls == label]
    if not options:
        return None
    language, template = rng.choice(options)
    return f"{brand_tag} {template.format_map(slots(rng))}", language
