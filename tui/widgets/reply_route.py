"""How the reply being written will go out: the reply window that applies now and, where the
network allows one, the choice of a private reply (Meta: one Messenger or Instagram message to
a comment's author, once, within 7 days of the comment).

The network's ``TextRules.route`` says what applies; this line shows it under the "Reply to"
line, and ``toggle`` flips the private choice, which the main screen writes into the outbox
row. Hidden for mentions with neither a window nor a private reply (most networks).
"""

from __future__ import annotations

from datetime import datetime

from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

from adapters.entry import Route
from store import StoredMention

HIDDEN = "-hidden"


class ReplyRoute(Static):
    """ "24 h window: closes in 3 h" or "F3 private reply: off · one Messenger message …"."""

    DEFAULT_CSS = """
    ReplyRoute {
        height: auto;
        color: $text-muted;
    }
    ReplyRoute.-hidden {
        display: none;
    }
    ReplyRoute.-private {
        color: $text-warning;
    }
    """

    private: reactive[bool] = reactive(False)
    """The person chose a private reply (only ever on when the route offers one)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.route = Route()
        self.key = "f3"  # the binding's key as shown (the composer sets it from the keymap)

    def show(self, item: StoredMention | None, now: datetime) -> None:
        """The route of ``item``'s reply now; a new mention starts with a public reply."""
        self.route = Route()
        if item is not None:
            from adapters.networks import text_rules  # every network's entry: after first paint

            self.route = text_rules(item.mention.platform).route(item.mention, now)
        self.private = False
        self.set_class(not (self.route.window or self.route.private), HIDDEN)
        self.mutate_reactive(ReplyRoute.private)

    def toggle(self) -> str:
        """Flip the private choice; why it cannot be, when it cannot ("" when it flipped)."""
        if not self.route.private:
            return self.route.private_blocked or "This reply cannot be sent privately."
        self.private = not self.private
        return ""

    def watch_private(self, private: bool) -> None:
        self.set_class(private, "-private")

    def render(self) -> Content:
        parts: list[Content] = []
        if self.route.window:
            parts.append(Content(self.route.window))
        if self.route.private:
            state = "on: sent as a private message, not a public reply" if self.private else "off"
            parts.append(
                Content.assemble(
                    Content.styled(f"{self.key} private reply: {state}", "bold"),
                    Content(f" · {self.route.private}"),
                )
            )
        return Content(" · ").join(parts)
