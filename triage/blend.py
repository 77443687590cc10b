"""The rules and the learned model together: one class, one complaint score, both explained.

The rules vote for their class; the model adds its probabilities. With ``MODEL_SHARE`` of the
say, the model overrides the rules only when it is clearly surer of another class. The
complaint score mixes the rules' complaint evidence (squashed to 0..1) with the model's
complaint probability in the same proportion.
"""

from __future__ import annotations

from triage.classes import MentionClass
from triage.lexicon import Decision
from triage.model import ModelVerdict

C = MentionClass
MODEL_SHARE = 0.6  # chosen by 5-fold cross-validation on the dev split (0.4-0.7 all near)


def rules_complaint_score(scores: dict[MentionClass, float], decision: Decision) -> float:
    """Complaint evidence against the strongest rival (praise or spam), squashed to 0..1:
    exactly the decision threshold and no rival gives 0.5."""
    complaint = max(0.0, scores[C.COMPLAINT])
    rival = max(0.0, scores[C.PRAISE], scores[C.SPAM])
    return round(complaint / (complaint + rival + max(decision.complaint, 1e-9)), 4)


def blend(
    rules_cls: MentionClass, rules_score: float, verdict: ModelVerdict, sarcastic: bool = False
) -> tuple[dict[MentionClass, float], float]:
    """Each class's combined weight and the combined complaint score. ``sarcastic``: the rules
    read the praise as sarcasm, so the model's praise (it sees "great", "love" word by word,
    not what they are said about) counts as complaint, as the rules' praise words do."""
    model = dict(verdict.probabilities)
    if sarcastic:
        model[C.COMPLAINT] += model[C.PRAISE]
        model[C.PRAISE] = 0.0
    combined = {c: MODEL_SHARE * model[c] + (1 - MODEL_SHARE) * (c is rules_cls) for c in C}
    score = MODEL_SHARE * model[C.COMPLAINT] + (1 - MODEL_SHARE) * rules_score
    return combined, round(score, 4)


def model_reason(verdict: ModelVerdict, cls: MentionClass, rules_cls: MentionClass) -> str:
    """ "model: complaint 0.91 ('still no', 'refund')" and whether it changed the rules' call."""
    grams = ", ".join(f"'{g}'" for g in verdict.ngrams)
    line = f"model: {verdict.cls} {verdict.probabilities[verdict.cls]:.2f}"
    if grams:
        line += f" ({grams})"
    if cls is not rules_cls:
        line += f"; overrides the rules' {rules_cls}"
    return line


def score_reason(score: float) -> str:
    """The complaint score as a reason line."""
    return f"complaint score {score:.2f}"
