"""Irony: praise said about a failure in one sentence reads as a complaint, while praise for
a fix, praise with the failure as its backdrop and praise after a contrast word stay praise."""

from __future__ import annotations

import pytest

from triage import MentionClass, classify
from triage.irony import ironic_pair, sentences


def test_sentences_join_a_short_opening_comment_to_the_next() -> None:
    text = "wow. just wow. the update deleted my templates. great maths"
    spans = [text[a:b].strip() for a, b in sentences(text)]
    assert spans == ["wow. just wow. the update deleted my templates.", "great maths"]


def test_sentences_do_not_split_inside_a_number() -> None:
    assert len(sentences("paid £4.50 for a croissant that was half air")) == 1


def test_a_pair_needs_one_sentence_and_no_contrast_between() -> None:
    text = "the crew were great. you lost my bag and that is the third time this year"
    praise, event = (14, 19), (25, 33)
    assert ironic_pair(text, [praise], [event], [], []) is None  # two sentences
    text = "great job losing my bag"
    assert ironic_pair(text, [(0, 9)], [(10, 19)], [], []) == ((0, 9), (10, 19))
    assert ironic_pair(text, [(0, 9)], [(10, 19)], [(0, 5)], []) is None  # settled
    assert ironic_pair(text, [(0, 9)], [(10, 19)], [], [(9, 10)]) is None  # contrast
    assert ironic_pair(text, [(0, 9)], [(10, 19)], [], [], [(6, 9)]) is None  # backdrop


@pytest.mark.parametrize(
    "text",
    [
        "@bluejetair great job losing my bag for the second trip in a row",
        "@swiftbus love waiting 40 min in the rain for a bus that never came",
        "@fonex thanks for the surprise £60 charge on my bill",
        "@pingmail fantastic uptime this week, down 4 times since monday 👏",
        "@docuflow wow. just wow. the update deleted my templates",
        "@noodlebar delicious cold noodles, just how I ordered them... not",
        "@cloudnote brilliant update, my notes are now in Comic Sans. what a time to be alive",
        "@snapbank super helpful, you sent my new card to an old address I left years ago",
        "@fonex cheers for selling my number to every call centre in the country",
        "@metrolink lovely evening sat on the floor of the vestibule",
        "@parcelgo brilliant, left my parcel out in the rain again",
        "@bakehouse_co amazing value, paid for six muffins and got four",
        "@brightgas thanks for the 2nd final reminder for a bill I already paid",
        "@aquaflow great, the kettle water tastes of bleach again",
        "@fibrelink love that I pay for 900mb and get 40 in the evenings",
        # The same failure again, and other marked irony.
        "@tramco late as usual, and they blamed the passengers",
        "@powergrid down yet again. brilliant service",
        "@heatco yet another estimated bill, lovely",
        "@mailbox 10/10 would queue for an hour in the cold again",
        "@helpdesk thanks for the support... oh wait, there wasn't any",
        "@blendco of course it broke a week after the guarantee ran out. top quality",
        "@chipshop nice, my order came without the chips",
        "@grillhouse tasty raw burger, thanks",
        "@shipfast amazing how you managed to crush the box flat",
    ],
)
def test_praise_for_a_failure_is_a_complaint(text: str) -> None:
    c = classify(text)
    assert c.cls is MentionClass.COMPLAINT, c.reasons
    assert any(r.startswith("sarcasm") for r in c.reasons)


@pytest.mark.parametrize(
    "text",
    [
        "@clearwater_co thanks for fixing the leak on our road so quickly",
        "@bluejetair flight was delayed 2 hours but the crew were brilliant",
        "@stayinn front desk staff were absolute stars when I lost my passport. Thank you!",
        "@aerolinx thanks for rebooking me so quickly after the cancellation, much appreciated",
        "@kidsread the parcel was damaged and you sent a new one the same day, thank you",
        "@snapbank love that you never share my data with anyone, brilliant privacy settings",
        "@royalpost my postie saw the parcel had my old address and redirected it, legend",
        "@cinemaxx paid for standard seats and got upgraded to the recliners for free, brilliant",
        "@railnorth the staff at the station were lovely when I got stranded last night",
        "@noodlebar ordered the ramen and it came in ten minutes, amazing",
        "@gymflex pay for the basic plan and get loads of classes thrown in, love it",
        # "As usual" said of what is good, and a failure that was mended or is long past.
        "@bakery lovely bread as always, see you saturday",
        "@bookbarn 10/10 would recommend to anyone",
        "@gardenhub speedy delivery as usual, thank you",
        "@fonex had no signal for an afternoon last year, ever since then it's been perfect",
        "@phonemax screen cracked, repaired in store in an hour, brilliant",
        "@insureright the claim was paid out within a week, thank you all",
    ],
)
def test_praise_around_a_settled_or_background_failure_stays_praise(text: str) -> None:
    c = classify(text)
    assert c.cls is MentionClass.PRAISE, c.reasons


def test_the_sarcasm_reason_quotes_the_praise_and_the_failure() -> None:
    c = classify("@bluejetair great job losing my bag again")
    assert "sarcasm: praise ('great job') for a failure ('losing my') counts as complaint" in (
        c.reasons
    )
