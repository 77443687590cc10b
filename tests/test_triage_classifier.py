"""The classifier: classes, cues with spans in the original text, reasons, rules files."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from adapters.errors import ConfigError
from bench.triage_eval import evaluate
from triage import MentionClass, classify, classify_lines, default_rules, load_rules
from triage.sentiment import compound

C = MentionClass
DEV = Path(__file__).resolve().parent.parent / "bench" / "data" / "triage_dev.jsonl"
NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def spans(text: str, cls: MentionClass | None = None) -> list[tuple[str, str]]:
    """(label, original text) of every cue, optionally of one class."""
    c = classify(text)
    return [(cue.label, text[cue.start : cue.end]) for cue in c.cues if cls in (None, cue.cls)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("@shop I want a refund, the blender arrived broken", C.COMPLAINT),
        ("why is my order STILL not here?", C.COMPLAINT),
        ("great, another week without my parcel 🙃", C.COMPLAINT),
        ("My parcel never arrived.", C.COMPLAINT),
        ("Not happy with the repair at all", C.COMPLAINT),
        ("😡😡 charged twice AGAIN", C.COMPLAINT),
        ("Do you ship to Norway?", C.QUESTION),
        ("Hola! is there a student discount", C.QUESTION),
        ("Thanks! Do you also sell the beans?", C.QUESTION),
        ("Huge thanks to the team, the new app is brilliant ❤️", C.PRAISE),
        ("not bad at all, way better than I expected", C.PRAISE),
        ("👍👍 thank you so much", C.PRAISE),
        ("Heading to the open mic night at the café later", C.OTHER),
        ("", C.OTHER),
        ("GIVEAWAY 🎁 follow and retweet, claim at https://bit.ly/x https://win.click", C.SPAM),
        ("buy now buy now buy now https://cheap.shop https://cheap.shop/deal", C.SPAM),
    ],
)
def test_classes(text: str, expected: MentionClass) -> None:
    assert classify(text).cls is expected


def test_a_question_containing_a_complaint_is_a_complaint_and_says_so() -> None:
    c = classify("why is my order STILL not here?")
    assert c.reasons[0] == "a question that contains a complaint counts as a complaint"
    found = spans("why is my order STILL not here?")
    assert ("shouting", "STILL") in found
    assert ("question mark", "?") in found


def test_negation_flips_praise_and_records_the_whole_span() -> None:
    text = "I am not happy with this"
    assert ("negated praise", "not happy") in spans(text, C.COMPLAINT)
    assert "negated praise: 'not happy'" in classify(text).reasons


def test_negated_complaint_counts_as_praise() -> None:
    assert ("negated complaint", "never disappointed") in spans("never disappointed by you lot")


def test_never_arrived_is_a_negated_expectation() -> None:
    assert ("negated expectation", "never arrived") in spans("it never arrived", C.COMPLAINT)


def test_a_negation_does_not_reach_past_but() -> None:
    assert classify("no spoilers but WOW, loved it").cls is C.PRAISE


def test_reasons_quote_cues_and_tone() -> None:
    c = classify("I need a refund, this is the worst service")
    assert "contains 'refund' (complaint cue)" in c.reasons
    assert any(r.startswith("negative tone (VADER \u2212") for r in c.reasons)
    q = classify("do you open on Sundays?")
    assert "question form: 'do you'" in q.reasons


def test_emoji_carry_sentiment_and_class() -> None:
    angry = classify("😡")
    assert angry.sentiment < 0
    assert ("complaint emoji", "😡") in spans("😡")
    assert classify("👍").sentiment > 0
    assert classify("❤️").sentiment > 0


def test_sarcasm_turns_praise_words_into_complaint() -> None:
    c = classify("Wow, 90 minutes for a cold pizza. Amazing service 🙄")
    assert c.cls is C.COMPLAINT
    assert "sarcasm: its praise words count as complaint" in c.reasons


def test_spans_index_the_original_text_despite_invisible_and_lookalike_characters() -> None:
    zero_width = "I need a re\u200bfund"
    assert ("complaint cue", "re\u200bfund") in spans(zero_width)
    fullwidth = "ｒｅｆｕｎｄ please"
    assert ("complaint cue", "ｒｅｆｕｎｄ") in spans(fullwidth)
    handle = "@refund_bot hello"  # words inside an @handle or a link are not cues
    assert spans(handle, C.COMPLAINT) == []
    assert spans("see https://example.com/refund", C.COMPLAINT) == []


def test_a_phishing_lure_beside_a_link_is_spam() -> None:
    demo = "@fernbrook your invoice: https://invoices.example/\u202efdp.exe \u202c open now"
    c = classify(demo)
    assert c.cls is C.SPAM, c.reasons
    assert "link to a program: 'https://invoices.example/\u202efdp.exe'" in c.reasons
    lure = "@streamly your membership is on hold, update payment now https://streamly-acc.example"
    assert classify(lure).cls is C.SPAM
    # The same words without a link are a customer's own: no lure, no spam.
    assert spans("@streamly your invoice is wrong, update payment failed twice", C.SPAM) == []
    assert classify("@snapbank new secure message from your bank, open the attachment").cls not in (
        C.SPAM,
    )


def test_contractions_match_with_or_without_apostrophe() -> None:
    assert classify("the app doesn't work").cls is C.COMPLAINT
    assert classify("the app doesnt work").cls is C.COMPLAINT
    assert classify("the app doesn’t work").cls is C.COMPLAINT


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=600))
@example("")
@example("😀😡👍❤️🙏")
@example("https://a.example https://b.example www.c.example d.shop/x")
@example("x" * 10_000)
@example("refund " * 1500)
@example("Привет! 你好 مرحبا refund שלום ok?")
@example("\u200b\u200d\u2066\ufeff\u00ad\x00\x1b[31m")
@example("İİİ refund İ")
@example("\ud800 broken")
def test_any_text_classifies_with_valid_output(text: str) -> None:
    c = classify(text)
    assert c.cls in set(MentionClass)
    assert -1.0 <= c.sentiment <= 1.0
    for cue in c.cues:
        assert 0 <= cue.start <= cue.end <= len(text)
    assert c.reasons


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet=st.sampled_from("abc GOOD bad not but very kind of so 😀😡!?.,'"), max_size=80)
)
def test_fast_vader_equals_the_stock_analyzer(text: str) -> None:
    stock = SentimentIntensityAnalyzer().polarity_scores(text)["compound"]
    assert compound(text) == stock


def test_fast_vader_equals_the_stock_analyzer_on_the_dev_set() -> None:
    stock = SentimentIntensityAnalyzer()
    for line in DEV.read_text(encoding="utf-8").splitlines():
        text = json.loads(line)["text"]
        assert compound(text) == stock.polarity_scores(text)["compound"], text


def test_dev_set_meets_the_targets() -> None:
    result = evaluate(DEV.read_text(encoding="utf-8").splitlines())
    assert result.macro_f1 >= 0.80
    assert result.complaint_recall >= 0.90


def test_classify_lines_reads_text_and_jsonl_and_reports_bad_lines() -> None:
    lines = [
        "I want a refund",
        "",
        json.dumps({"text": "do you ship to Oslo?", "class": "question", "platform": "bluesky"}),
        "{not json",
        json.dumps({"txt": "no text field"}),
        json.dumps({"text": "hi", "created_at": "yesterday"}),
    ]
    rows = list(classify_lines(lines, NOW))
    assert [r["line"] for r in rows] == [1, 3, 4, 5, 6]
    assert rows[0]["class"] == "complaint"
    assert rows[0]["due_in_s"] == 3600
    assert rows[0]["sla"] == "complaint: 1 h"
    assert rows[1]["label"] == "question"
    assert rows[1]["class"] == "question"
    assert "invalid JSON" in str(rows[2]["error"])
    assert "text" in str(rows[3]["error"])
    assert "created_at" in str(rows[4]["error"])


def test_classify_lines_uses_created_at_for_the_due_time() -> None:
    line = json.dumps({"text": "thanks, lovely staff", "created_at": "2026-03-01T12:00:00+00:00"})
    (row,) = classify_lines([line], NOW)
    assert row["class"] == "praise"
    assert row["due_in_s"] == 0  # 24 h praise SLA from yesterday noon: due right now


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "rules.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_user_rules_extend_and_override_the_defaults(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
[[cues]]
name = "complaint.money"
terms = ["chargeback threat"]
remove = ["refund*"]

[[cues]]
name = "brand.outage"
class = "complaint"
label = "outage word"
weight = 3.0
terms = ["kaputt"]

[[cues]]
name = "spam.emoji"
enabled = false

[decision]
praise = 5.0
""",
    )
    rules = load_rules(path)
    assert classify("ist kaputt", rules).cls is C.COMPLAINT
    assert "contains 'kaputt' (outage word)" in classify("ist kaputt", rules).reasons
    assert all(cue.label != "complaint cue" for cue in classify("a refund", rules).cues)
    assert classify("lovely staff", rules).cls is C.OTHER  # praise now needs 5 points
    assert not any(s.name == "spam.emoji" for s in rules.cue_sets)
    assert rules.sources[-1] == str(path)
    assert classify("a refund").cls is C.COMPLAINT  # the defaults are untouched


def test_load_rules_none_is_the_defaults() -> None:
    assert load_rules(None) is default_rules()


@pytest.mark.parametrize(
    ("text", "line", "key", "problem"),
    [
        ('[[cues]]\nname = "x"\nclass = "complant"\n', 3, "cues[1].class", "unknown class"),
        ("[signals]\nlink = \n", 2, "signals.link", "invalid TOML"),
        ('[decision]\nspam = "high"\n', 2, "decision.spam", "must be a number"),
        ("[negation]\nwindow = 3\nwords = 5\n", 3, "negation.words", "list of strings"),
        ("\n\nfoo = 1\n", 3, "foo", "unknown key"),
        (
            '[[cues]]\nname = "a"\nclass = "spam"\n\n[[cues]]\nname = "b"\nclass = "spam"\n'
            'patterns = ["(unclosed"]\n',
            8,
            "cues[2].patterns[1]",
            "not a valid regex",
        ),
        (
            '[[cues]]\nname = "c"\nclass = "spam"\npatterns = ["\\\\bFREE"]\n',
            4,
            "cues[1]",
            "lowercase",
        ),
        ('[[cues]]\nname = "d"\nclass = "spam"\nterms = ["re*fund"]\n', 4, "cues[1].terms", "'*'"),
        ('[[cues]]\nname = "e"\nclass = "spam"\nterms = ["{a|b"]\n', 4, "cues[1].terms", "braces"),
        ('[[cues]]\nclass = "spam"\n', 1, "cues[1]", "missing required key 'name'"),
        ('[sentiment.emoji]\n"ab" = "angry"\n', 2, "sentiment.emoji.ab", "single emoji"),
    ],
)
def test_malformed_rules_name_file_line_and_key(
    tmp_path: Path, text: str, line: int, key: str, problem: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as err:
        load_rules(path)
    message = str(err.value)
    assert str(path) in message
    assert f"line {line}," in message
    assert f"key {key}" in message
    assert problem in message


def test_missing_rules_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_rules(tmp_path / "nope.toml")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Idioms read whole: a negated complaint word that is praise.
        ("@cafe can't recommend you enough, best flat white in town", C.PRAISE),
        ("@cafe couldn't recommend them more", C.PRAISE),
        ("@isp no problem at all, all sorted in a minute", C.PRAISE),
        ("@isp can't complain, three years without a hiccup", C.PRAISE),
        ("@isp never had a single outage since switching", C.PRAISE),
        # A question that merely names a problem.
        ("@isp is there a known issue in Leith today? just checking", C.QUESTION),
        ("@shop what's your refund policy on sale items?", C.QUESTION),
        # Bad things that belong to something else.
        ("@airline the weather is dreadful here, hope the crews are safe", C.OTHER),
        ("RT @newsdesk: @airline cancels 40 flights over strike", C.OTHER),
        # Complaints as questions, failures as facts, demands, anger, sarcasm.
        ("@shop how is it possible to lose two parcels in a week?", C.COMPLAINT),
        ("@shop where are my boots? ordered on the 2nd", C.COMPLAINT),
        ("@isp 3 days without broadband and counting", C.COMPLAINT),
        ("@cafe ordered a latte, got a cold tea", C.COMPLAINT),
        ("@bank wtf, app down on payday", C.COMPLAINT),
        ("@rail #railfail", C.COMPLAINT),
        ("@rail so much for the new timetable", C.COMPLAINT),
        ('@isp "superfast" broadband, sure /s', C.COMPLAINT),
    ],
)
def test_forms_of_complaint_and_their_false_alarms(text: str, expected: MentionClass) -> None:
    assert classify(text).cls is expected


def test_an_idiom_hides_the_cues_inside_it() -> None:
    found = spans("@cafe can't recommend you enough")
    assert found == [("praise idiom", "can't recommend you enough")]
    assert "negated praise" not in str(classify("@cafe can't recommend you enough").reasons)


def test_the_tone_of_an_aside_does_not_count() -> None:
    c = classify("@airline the weather is dreadful here, see you at the gate")
    assert c.cls is C.OTHER and c.sentiment == 0.0
