"""The composer's warning line: this mention already has an answer (here or elsewhere)."""

from __future__ import annotations

from typing import ClassVar

from textual.content import Content
from textual.widgets import Static

from store import StoredMention
from tui.answered import answered_text
from tui.services import services

SHOWN = "-shown"


class AnsweredNote(Static):
    """ "⚠ Already answered by @brand 12 min ago · ctrl+s twice sends another reply", or hidden."""

    DEFAULT_CSS: ClassVar[str] = """
    AnsweredNote { height: auto; color: $text-warning; display: none; }
    AnsweredNote.-shown { display: block; }
    """

    def show(self, item: StoredMention | None) -> None:
        """Say whether ``item`` (the mention being answered) already has an answer."""
        text = answered_text(item, services(self.app).clock()) if item is not None else None
        self.set_class(text is not None, SHOWN)
        if text is None:
            self.update("")
            return
        self.update(
            Content.assemble(
                Content.styled("⚠ ", "bold"),
                Content(text[0].upper() + text[1:]),  # the answerer's name is plain text
                Content.styled(" · ctrl+s twice sends another reply", "$text-muted"),
            )
        )
