"""Why a mention has its class, due time and rank: cues highlighted in its text, the sentiment,
the SLA rule, and each term of the priority score.

The store keeps only the reasons, so the text is classified again with the profile's rules to
find the cues (triage takes well under a millisecond). Untrusted text is cleaned and added as
plain ``Content``; highlights are spans with theme-variable styles, never markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from store import StoredMention
from store.routing import Routed
from sync.triaging import TriageSettings
from triage import Classification, Cue, Due, MentionClass, Priority, classify, due, priority
from triage import due_text as triage_due_text
from triage.humanize import signed
from tui.format import CLASS_STYLE, age
from tui.profile import Profile
from tui.safe import clean, one_line

CUE_STYLE = {
    MentionClass.COMPLAINT: "bold $text-error on $error 20%",
    MentionClass.QUESTION: "bold $text-accent on $accent 20%",
    MentionClass.PRAISE: "bold $text-success on $success 20%",
    MentionClass.OTHER: "bold on $foreground 15%",
    MentionClass.SPAM: "bold $text-warning on $warning 20%",
}
NEUTRAL_BAND = 0.05  # VADER's own convention for "neutral"


@dataclass(frozen=True, slots=True)
class Explanation:
    """Everything the screen shows about one mention at ``now``."""

    item: StoredMention
    classification: Classification
    due: Due
    priority: Priority
    now: datetime
    routed: tuple[Routed, ...] = ()
    """What the config's routing rules did to it on arrival (assignment, label)."""


def explain_mention(
    item: StoredMention, settings: TriageSettings, other_open: int, now: datetime
) -> Explanation:
    """Re-triage ``item``'s stored text under ``settings`` with its class as stored (a
    person's correction included) and ``other_open`` other waiting items by its author."""
    mention = item.mention
    result = classify(mention.text, settings.rules, settings.model)
    cls = MentionClass(item.cls)
    deadline = due(mention.created_at, cls, mention.platform, settings.policy_for(mention))
    followers = mention.author.followers
    score = priority(
        cls, item.sentiment, followers, other_open, deadline, now, result.complaint_score
    )
    return Explanation(item, result, deadline, score, now)


def highlight(text: str, cues: Sequence[Cue]) -> tuple[Content, list[tuple[Cue, str]]]:
    """``text`` cleaned for the terminal with each cue's span highlighted, and the cues that
    could be placed with their words.

    Cue spans index the raw text; cleaning may remove characters before or inside a span, so
    each span is moved by what cleaning removed before it and kept only if the cleaned text
    there still reads as the cleaned cue.
    """
    shown = clean(text)
    content = Content(shown)
    placed: list[tuple[Cue, str]] = []
    seen: set[tuple[int, int, str]] = set()
    for cue in cues:
        if (cue.start, cue.end, cue.label) in seen:
            continue  # two cue sets can find the same words; list them once
        seen.add((cue.start, cue.end, cue.label))
        words = clean(text[cue.start : cue.end])
        start = len(clean(text[: cue.start]))
        end = start + len(words)
        if not words.strip() or shown[start:end] != words:
            continue  # better no highlight than one on the wrong words
        content = content.stylize(CUE_STYLE.get(cue.cls, "bold"), start, end)
        placed.append((cue, words))
    return content, placed


def sentiment_text(value: float) -> str:
    """ "−0.40 (negative)" on VADER's compound scale."""
    if value <= -NEUTRAL_BAND:
        mood = "negative"
    elif value >= NEUTRAL_BAND:
        mood = "positive"
    else:
        mood = "neutral"
    return f"{signed(value)} ({mood})"


def _heading(text: str) -> Content:
    return Content.styled(text, "bold $accent")


def _class_section(e: Explanation) -> Content:
    item, auto = e.item, e.classification.cls
    if item.cls_source == "human":
        said = item.cls_auto or auto.value
        origin = f"set by you; the classifier said {said}"
    else:
        origin = "the classifier's"
    lines = [
        Content.assemble(
            _heading("Class  "),
            Content.styled(item.cls, CLASS_STYLE.get(item.cls, "")),
            Content.styled(f"  ({origin})", "$text-muted"),
        )
    ]
    lines += [Content(f"  {one_line(reason, 200)}") for reason in e.classification.reasons]
    return Content("\n").join(lines)


def _cue_section(placed: list[tuple[Cue, str]]) -> Content:
    if not placed:
        return Content.assemble(_heading("Cues  "), Content.styled("none found", "$text-muted"))
    lines = [_heading("Cues (highlighted above)")]
    for cue, words in placed:
        lines.append(
            Content.assemble(
                "  ",
                Content.styled(one_line(words, 60), CUE_STYLE.get(cue.cls, "bold")),
                Content.styled(f"  {cue.label} → {cue.cls}", "$text-muted"),
            )
        )
    return Content("\n").join(lines)


def _priority_section(e: Explanation) -> Content:
    lines = [_heading(f"Priority  {e.priority.score:g}")]
    width = max((len(t.label) for t in e.priority.terms), default=0)
    for term in e.priority.terms:
        style = "$error" if term.points < 0 else ""
        lines.append(
            Content.assemble(
                f"  {term.label:<{width}}  ", Content.styled(f"{term.points:+g}", style)
            )
        )
    item = e.item
    if item.is_overdue(e.now) and item.cls == MentionClass.COMPLAINT:
        lines.append(Content.styled("  overdue complaint: ranked above the rest", "$error"))
    if round(item.score, 1) != e.priority.score and item.is_waiting:
        lines.append(
            Content.styled(
                f"  the queue ranks it at {item.score:g}: scored with the author's open items "
                "when it arrived",
                "$text-muted",
            )
        )
    return Content("\n").join(lines)


def _found_section(term: str) -> Content:
    return Content.assemble(
        _heading("Indirect  "),
        "found by the watch term ",
        Content.styled(one_line(term, 100), "bold"),
        Content.styled(": the author did not address the brand", "$text-muted"),
    )


def _routed_section(routed: Sequence[Routed]) -> Content:
    """ "Routed  assigned to sam, labelled billing by route 2 (config.toml, line 14):
    class:complaint net:facebook"."""
    lines = [_heading("Routed")]
    for r in routed:
        did = [f"assigned to {r.assign}"] if r.assign else []
        did += [f"labelled {r.label}"] if r.label else []
        lines.append(
            Content.assemble(
                f"  {' and '.join(did)} by {one_line(r.rule, 80)}: ",
                Content.styled(one_line(r.when, 120), "$text-muted"),
            )
        )
    return Content("\n").join(lines)


def explanation_parts(e: Explanation) -> dict[str, Content]:
    """The screen's sections by widget id: meta, (for an indirect mention) the watch term that
    found it, (if a routing rule assigned or labelled it) the rule, text, class, cues,
    sentiment, sla, priority."""
    mention = e.item.mention
    text, placed = highlight(mention.text, e.classification.cues)
    meta = (
        f"{one_line(mention.author.handle, 80)} · {mention.platform.value} · "
        f"{age(mention.created_at, e.now)}"
    )
    found = {"explain-found": _found_section(mention.found_by)} if mention.is_indirect else {}
    if e.routed:
        found["explain-routed"] = _routed_section(e.routed)
    return {
        "explain-meta": Content.styled(meta, "$text-muted"),
        **found,
        "explain-text": text,
        "explain-class": _class_section(e),
        "explain-cues": _cue_section(placed),
        "explain-sentiment": Content.assemble(
            _heading("Sentiment  "), sentiment_text(e.item.sentiment)
        ),
        "explain-sla": Content.assemble(
            _heading("SLA  "),
            e.due.rule,
            Content.styled(f"\n  {triage_due_text(e.due, e.now)}", "$text-muted"),
        ),
        "explain-priority": _priority_section(e),
    }


class ExplainScreen(ModalScreen[bool]):
    """The explanation of one mention; dismisses with ``True`` when the person wants to
    correct its class from here."""

    DEFAULT_CSS = """
    ExplainScreen {
        align: center middle;
    }
    #explain-box {
        width: 96;
        max-width: 100%;
        height: 90%;
        max-height: 100%;
        border: round $primary;
        background: $surface;
        padding: 0 1;
    }
    #explain-body {
        height: 1fr;
    }
    #explain-body > Static {
        margin-bottom: 1;
    }
    #explain-text {
        padding: 0 1;
        border-left: tall $accent;
        background: $background;
    }
    #explain-foot {
        color: $text-muted;
        height: 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,x,q", "dismiss(False)", "Close", id="explain.close", tooltip="Back"),
        Binding("c", "dismiss(True)", "Correct", id="explain.correct", tooltip="Correct the class"),
    ]

    def __init__(self, explanation: Explanation) -> None:
        super().__init__()
        self.explanation = explanation
        self.parts = explanation_parts(explanation)

    def compose(self) -> ComposeResult:
        with Vertical(id="explain-box"):
            yield Static(_heading("Why this mention is here"), id="explain-title")
            with VerticalScroll(id="explain-body"):
                for widget_id, content in self.parts.items():
                    yield Static(content, id=widget_id)
            yield Static(Content("Esc closes · c corrects the class"), id="explain-foot")

    def on_mount(self) -> None:
        self.query_one("#explain-body").focus()


def explain_stored(profile: Profile, mention_id: int, now: datetime) -> Explanation | None:
    """The explanation of a stored mention (``None`` when it no longer exists)."""
    item = profile.store.get_mention(mention_id)
    if item is None:
        return None
    mention = item.mention
    other = profile.store.other_waiting(
        mention.account_id, mention.author.remote_id, mention.remote_id
    )
    explained = explain_mention(item, profile.triage, other, now)
    return replace(explained, routed=tuple(profile.store.routed(mention_id)))
