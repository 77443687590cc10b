"""The reading-grade counts match textstat's, which ``persona.measures`` no longer imports
(textstat imports NLTK, ~0.4 s of every ``replydesk check``)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from textstat.backend.counts import count_sentences  # type: ignore[import-untyped]
from textstat.backend.selections import list_words  # type: ignore[import-untyped]

from persona import measures

PIECES = st.sampled_from(
    ["Hi", "we're", "sorry", "it's", "'quoted'", "rock'n'roll", "co-op", "U.S.", "3.5", "ok",
     "!", "?", ".", "...", ",", "—", " ", "\n", "don't", "Sam's", "é", "🙃", "a", "the order"]
)  # fmt: skip
TEXTS = st.lists(PIECES, max_size=40).map(" ".join) | st.text(max_size=200)


@given(TEXTS)
def test_words_and_sentences_are_textstats(text: str) -> None:
    assert measures.list_words(text) == list_words(text, lowercase=True)
    assert measures.count_sentences(text) == count_sentences(text)


def test_grade_of_a_known_reply() -> None:
    grade = measures.reading_grade("We are so sorry. Your order will ship today, with a gift.")
    assert (grade.words, grade.sentences) == (12, 2)
