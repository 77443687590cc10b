"""Classify a mention: rules (cue lexicons from TOML) plus VADER tone, with reasons.

Every cue adds weight to one class; tone, capitals and structure (links, handles, hashtags,
repetition, question marks) add more. The decision then goes spam → complaint → question →
praise → other, so a question that contains a complaint is a complaint and a question wrapped
in thanks is still a question. ``classify`` never raises on any ``str``.
"""

from __future__ import annotations

import operator
import re
import string
from dataclasses import dataclass

import regex

from triage.blend import blend, model_reason, rules_complaint_score, score_reason
from triage.classes import Classification, Cue, MentionClass
from triage.humanize import signed
from triage.irony import ironic_pair
from triage.lexicon import CueSet
from triage.matcher import Hit
from triage.model import TextModel
from triage.rules import Rules, default_rules
from triage.sentiment import compound
from triage.text import Prepared, prepare

C = MentionClass
# Everything up to the last clause boundary (greedy, so it ends at the LAST one).
_UP_TO_LAST_BREAK = re.compile(r".*[.!?;:,\n()\-–—¡¿]", re.DOTALL)
_LOOKBACK = 80  # characters searched back for a negator or a clause start
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_QUESTION_MARK = re.compile(r"[?¿]")
_SHOUT = regex.compile(r"(?<!\w)\p{Lu}{3,}(?!\w)")
# A phrase of one to three words said three or more times in a row ("BUY NOW BUY NOW BUY NOW").
_REPEAT = re.compile(r"(?<!\w)(\w{2,}(?:\W+\w+){0,2}?)(?:\W+\1(?!\w)){2,}")
_WORDS = re.compile(r"\w+")
_EDGE_PUNCTUATION = string.punctuation + "“”‘’«»…"
_MAX_REASON_CUES = 6
_SNIPPET = 40
_MARKED_SARCASM = "sarcasm: its praise words count as complaint"


@dataclass(slots=True)
class _Found:
    """A cue under construction: its class and weight may still change (sarcasm, contrast)."""

    cls: MentionClass
    label: str
    start: int  # in the cleaned text
    end: int
    weight: float
    reason: str  # "contains": "contains 'x' (label)"; otherwise "label: 'x'"
    event: bool = False  # a failure event (``CueSet.event``)
    settles: bool = False  # a cue that settles a failure (``CueSet.settles``)


def _clause_head(text: str, start: int) -> tuple[int, str]:
    """The text from the last clause boundary before ``start`` up to it, and where it begins."""
    lo = max(0, start - _LOOKBACK)
    cut = _UP_TO_LAST_BREAK.match(text, lo, start)
    if cut is not None:
        lo = cut.end()
    return lo, text[lo:start]


def _key(folded_word: str) -> str:
    """``term_key`` for one already-lowercased word."""
    return folded_word.replace("'", "").replace("’", "")


def _negator_before(folded: str, start: int, rules: Rules) -> int | None:
    """Where a negator starts within the window before ``start`` in its clause, if any."""
    window = rules.negation.window
    if window <= 0:
        return None
    lo, head = _clause_head(folded, start)
    # Tokenize only the last few whitespace-separated words (str.rsplit is far cheaper than
    # running the word regex over the whole clause).
    tail = head.rsplit(None, window)
    if len(tail) > window:  # tail[0] is everything before those words
        lo += len(tail[0])
        head = head[len(tail[0]) :]
    words = list(_WORD.finditer(head))[-window:]
    keys = [_key(w.group()) for w in words]
    for i in range(len(keys) - 1, -1, -1):
        if keys[i] in rules.negation_stops:
            words, keys = words[i + 1 :], keys[i + 1 :]
            break
    for w, key in zip(words, keys, strict=True):
        if key in rules.negators:
            return lo + w.start()
    return None


def _at_clause_start(folded: str, start: int, rules: Rules) -> bool:
    """Only greetings (or nothing) stand between the clause's start and ``start``."""
    _, head = _clause_head(folded, start)
    return all(_key(w.strip(_EDGE_PUNCTUATION)) in rules.greetings for w in head.split())


def _outside_idioms(hits: list[Hit], rules: Rules) -> list[Hit]:
    """``hits`` without the other sets' cues that lie inside an idiom's match (a cue that
    reaches past it, "what a time to be alive" over "what a", stays)."""
    idioms = [(h.start, h.end) for h in hits if rules.cue_sets[h.set_index].idiom]
    if not idioms:
        return hits
    return [
        h
        for h in hits
        if rules.cue_sets[h.set_index].idiom
        or not any(start <= h.start and h.end <= end for start, end in idioms)
    ]


def _term_cues(prep: Prepared, rules: Rules) -> tuple[list[_Found], bool]:
    """Cues from the lexicons (after negation, caps per set); and whether a sarcasm mark was
    seen."""
    found: list[_Found] = []
    totals: dict[int, float] = {}
    sarcasm = False
    folded = prep.folded
    negation_possible = rules.negator_re is not None and rules.negator_re.first(folded)
    for hit in _outside_idioms(rules.matcher.find(folded), rules):
        cue_set: CueSet = rules.cue_sets[hit.set_index]
        if cue_set.clause_start and not _at_clause_start(folded, hit.start, rules):
            continue
        if cue_set.with_link and not prep.links:
            continue
        cls, label, weight, start = cue_set.cls, cue_set.label, cue_set.weight, hit.start
        # Question forms read "question form: 'do you'"; word cues "contains 'refund' (…)".
        how = "labelled" if cue_set.cls is C.QUESTION else "contains"
        negatable = cue_set.negated_cls is not None or cue_set.drop_negated
        if hit.term and (negatable or cue_set.only_negated):
            negator = _negator_before(folded, hit.start, rules) if negation_possible else None
            if negator is None and cue_set.only_negated:
                continue
            if negator is not None:
                if cue_set.drop_negated:
                    continue
                start, how = negator, "labelled"
                if cue_set.negated_cls is not None:
                    cls, label = cue_set.negated_cls, cue_set.negated_label
                    weight = cue_set.negated_weight
        # A set contributes at most its cap, so "refund refund refund" is not three cues' worth.
        used = totals.get(hit.set_index, 0.0)
        if weight > 0:
            weight = min(weight, max(0.0, cue_set.cap - used))
        totals[hit.set_index] = used + weight
        sarcasm = sarcasm or (cue_set.sarcasm and cls is C.COMPLAINT)
        event = cue_set.event and cls is C.COMPLAINT
        found.append(_Found(cls, label, start, hit.end, weight, how, event, cue_set.settles))
    return found, sarcasm


def _irony(
    prep: Prepared, found: list[_Found], contrasts: list[tuple[int, int]], rules: Rules
) -> str | None:
    """The reason line when praise is said about a failure in one sentence ("great job losing
    my bag"), else ``None`` (``contrasts``: the contrast words' spans)."""
    praise = [(f.start, f.end) for f in found if f.cls is C.PRAISE and not f.settles]
    events = [(f.start, f.end) for f in found if f.event and f.weight > 0]
    if not praise or not events:
        return None
    settles = [(f.start, f.end) for f in found if f.settles]
    folded = prep.folded
    backdrop = rules.backdrop_re
    backdrops = backdrop.spans(folded) if backdrop is not None else []
    pair = ironic_pair(folded, praise, events, settles, contrasts, backdrops)
    if pair is None:
        return None
    (praised, failure) = (_snippet(prep, *span) for span in pair)
    return f"sarcasm: praise ('{praised}') for a failure ('{failure}') counts as complaint"


def _without_asides(clean: str, found: list[_Found]) -> str:
    """``clean`` with the spans of "other" cues blanked: the tone of "the weather is awful" or
    "happy birthday" is not the tone of what the person says to the brand."""
    asides = [(f.start, f.end) for f in found if f.cls is C.OTHER]
    if not asides:
        return clean
    chars = list(clean)
    for start, end in asides:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def _structure_cues(prep: Prepared, rules: Rules) -> list[_Found]:
    """Question marks, links, handles, hashtags and repetition."""
    sig = rules.signals
    found: list[_Found] = []
    qm = _QUESTION_MARK.search(prep.masked)
    if qm is not None and sig.question_mark:
        mark = _Found(C.QUESTION, "question mark", qm.start(), qm.end(), sig.question_mark, "")
        found.append(mark)
    extra = prep.links[sig.free_links :]
    for start, end in extra:
        found.append(_Found(C.SPAM, "many links", start, end, sig.link, ""))
    for start, end in prep.links:
        if rules.shortener_re is not None and rules.shortener_re.search(prep.clean, start, end):
            found.append(_Found(C.SPAM, "shortened link", start, end, sig.shortener, ""))
        if rules.link_words_re is not None and rules.link_words_re.search(prep.clean, start, end):
            found.append(_Found(C.SPAM, "suspicious link", start, end, sig.link_word, ""))
        if rules.file_link_re is not None and rules.file_link_re.search(prep.clean, start, end):
            found.append(_Found(C.SPAM, "link to a program", start, end, sig.file_link, ""))
    if sig.many_mentions and len(prep.mentions) >= sig.many_mentions:
        first, last = prep.mentions[0][0], prep.mentions[-1][1]
        label = f"{len(prep.mentions)} @handles"
        found.append(_Found(C.SPAM, label, first, last, sig.mentions, ""))
    if sig.many_hashtags and len(prep.hashtags) >= sig.many_hashtags:
        first, last = prep.hashtags[0][0], prep.hashtags[-1][1]
        label = f"{len(prep.hashtags)} hashtags"
        found.append(_Found(C.SPAM, label, first, last, sig.hashtags, ""))
    if sig.repeat and _may_repeat(prep.folded):
        rep = _REPEAT.search(prep.folded)
        if rep is not None:
            found.append(_Found(C.SPAM, "repeated text", rep.start(), rep.end(), sig.repeat, ""))
    return found


def _may_repeat(folded: str) -> bool:
    """Cheap necessary condition for ``_REPEAT``: a k-word phrase said 3 times in a row makes
    at least 2k words equal to the word k places on (the regex itself is costly)."""
    words = _WORDS.findall(folded)
    return any(sum(map(operator.eq, words, words[k:])) >= 2 * k for k in (1, 2, 3))


def _scores(found: list[_Found]) -> dict[MentionClass, float]:
    scores = dict.fromkeys(C, 0.0)
    for f in found:
        scores[f.cls] += f.weight
    return scores


def _shouting(prep: Prepared, rules: Rules, scores: dict[MentionClass, float]) -> list[_Found]:
    """ALL-CAPS words amplify whichever of complaint, praise or spam already leads."""
    sig = rules.signals
    if not sig.shout:
        return []
    words = [m for m in _SHOUT.finditer(prep.masked) if m.group() not in rules.acronyms]
    if not words:
        return []
    # Scores here already include tone; ties go to complaint, the costlier class to miss.
    leading = [C.COMPLAINT, C.SPAM, C.PRAISE]
    cls = max(leading, key=lambda c: (scores[c], -leading.index(c)))
    if scores[cls] <= 0:
        return []
    found: list[_Found] = []
    budget = sig.shout_cap
    for m in words:
        weight = min(sig.shout, budget)
        budget -= weight
        found.append(_Found(cls, "shouting", m.start(), m.end(), weight, ""))
    return found


def _decide(
    scores: dict[MentionClass, float], has_question_mark: bool, rules: Rules
) -> MentionClass:
    """Spam, complaint, question, praise, in that order, each when its threshold is met."""
    d = rules.decision
    spam, complaint = scores[C.SPAM], scores[C.COMPLAINT]
    if spam >= d.spam and spam >= complaint:
        return C.SPAM
    if complaint >= d.complaint and complaint >= d.complaint_vs_praise * scores[C.PRAISE]:
        return C.COMPLAINT
    # A question needs its form; without a "?" it must also outweigh the praise around it
    # ("@cafe is the best" is praise, "Thanks! Do you ship to Oslo?" a question).
    question = scores[C.QUESTION]
    if question >= d.question and (has_question_mark or question >= scores[C.PRAISE]):
        return C.QUESTION
    if scores[C.PRAISE] >= d.praise:
        return C.PRAISE
    return C.OTHER


def _snippet(prep: Prepared, start: int, end: int) -> str:
    start, end = prep.span(start, end)
    text = " ".join(prep.original[start:end].split())
    return text if len(text) <= _SNIPPET else text[: _SNIPPET - 1] + "…"


def _reason(prep: Prepared, f: _Found) -> str:
    quoted = f"'{_snippet(prep, f.start, f.end)}'"
    if f.reason == "contains":
        return f"contains {quoted} ({f.label})"
    if f.label == "question mark":
        return "ends in a question mark" if f.end >= len(prep.masked.rstrip()) else "has a '?'"
    return f"{f.label}: {quoted}"


def _reasons(
    prep: Prepared,
    cls: MentionClass,
    found: list[_Found],
    scores: dict[MentionClass, float],
    tone: float,
    sarcasm: str | None,
    rules: Rules,
) -> tuple[str, ...]:
    sig, d = rules.signals, rules.decision
    lines: list[str] = []
    if cls is C.COMPLAINT and scores[C.QUESTION] >= d.question:
        lines.append("a question that contains a complaint counts as a complaint")
    if cls is C.COMPLAINT and sarcasm:
        lines.append(sarcasm)
    if cls is C.OTHER:
        lines.append("no strong complaint, question, praise or spam cues")
    seen: set[str] = set()
    for f in found:
        if len(seen) >= _MAX_REASON_CUES:
            break  # no more cue lines would be shown: skip quoting the rest
        if f.cls is not cls or f.weight <= 0:
            continue
        line = _reason(prep, f)
        if line not in seen:
            seen.add(line)
            lines.append(line)
    if tone <= sig.negative_tone:
        lines.append(f"negative tone (VADER {signed(tone)})")
    elif tone >= sig.positive_tone:
        lines.append(f"positive tone (VADER {signed(tone)})")
    else:
        lines.append(f"neutral tone (VADER {signed(tone)})")
    return tuple(lines)


def classify(
    text: str, rules: Rules | None = None, model: TextModel | None = None
) -> Classification:
    """The class of ``text``, its sentiment, every cue (spans in ``text``), the reasons and the
    complaint score; with ``model``, the learned model's say is blended in and explained."""
    rules = rules if rules is not None else default_rules()
    prep = prepare(text)
    found, marked = _term_cues(prep, rules)
    # Contrast words ("but", "although") are found once: irony and the weighting both use them.
    contrasts = rules.contrast_re.spans(prep.folded) if rules.contrast_re is not None else []
    sarcasm = _MARKED_SARCASM if marked else _irony(prep, found, contrasts, rules)
    tone = compound(_without_asides(prep.clean, found), rules.emoji_sentiment)
    found += _structure_cues(prep, rules)
    sig = rules.signals
    if contrasts:
        for f in found:
            if f.end <= contrasts[0][0] and f.cls in (C.COMPLAINT, C.PRAISE):
                f.weight *= sig.contrast_factor
    flipped = False  # praise words read as sarcasm
    if sarcasm:
        for f in found:
            if f.cls is C.PRAISE:
                f.cls, f.label, flipped = C.COMPLAINT, f"sarcastic {f.label}", True
    scores = _scores(found)
    if tone <= sig.negative_tone:
        scores[C.COMPLAINT] += sig.negative_tone_weight * -tone
    elif tone >= sig.positive_tone and not sarcasm:
        scores[C.PRAISE] += sig.positive_tone_weight * tone
    shouts = _shouting(prep, rules, scores)
    for f in shouts:
        scores[f.cls] += f.weight
    found += shouts
    has_question_mark = _QUESTION_MARK.search(prep.masked) is not None
    rules_cls = cls = _decide(scores, has_question_mark, rules)
    score = rules_complaint_score(scores, rules.decision)
    extra: list[str] = []
    combined: dict[MentionClass, float] | None = None
    if model is not None:
        verdict = model.predict_masked(prep.masked)
        combined, score = blend(rules_cls, score, verdict, sarcastic=flipped)
        cls = max(combined, key=combined.__getitem__)
        extra.append(model_reason(verdict, cls, rules_cls))
    if cls is C.COMPLAINT and score < rules.decision.complaint_min_score:
        # Below the configured confidence: the next best reading wins.
        if combined is not None:
            cls = max((c for c in C if c is not C.COMPLAINT), key=combined.__getitem__)
        else:
            cls = _decide({**scores, C.COMPLAINT: 0.0}, has_question_mark, rules)
        extra.append(f"complaint score under the {rules.decision.complaint_min_score:g} threshold")
    extra.append(score_reason(score))
    found.sort(key=lambda f: (f.start, f.end))
    cues = tuple(Cue(f.cls, f.label, *prep.span(f.start, f.end)) for f in found)
    reasons = _reasons(prep, cls, found, scores, tone, sarcasm, rules) + tuple(extra)
    return Classification(cls, round(tone, 4), cues, reasons, score)
