"""The conversation around the selected mention: parents, the mention, the brand's replies."""

from __future__ import annotations

from datetime import datetime

from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from adapters.records import PostState, ThreadPost
from adapters.reply_window import closed_reason
from store import StoredMention
from tui.format import CLASS_STYLE, age, due_text, window_text
from tui.safe import clean, one_line

BRAND = "-brand"
FOCUS = "-focus"
MISSING = "-missing"

# The most of one post's text the thread shows (a Mastodon long post is ~5 000).
SHOWN_CHARS = 20_000


class ThreadView(VerticalScroll, can_focus=True):
    """Read-only view of a thread; scrolls with the arrow keys when focused."""

    mention_id: int | None = None
    """The mention whose conversation is shown (``None``: nothing selected)."""
    seen: frozenset[str] = frozenset()
    """The remote ids of the posts on screen: what the person has had a chance to read (the
    re-read before sending compares the network's thread with it)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: tuple[object, ...] | None = None

    def show(
        self, item: StoredMention | None, posts: list[ThreadPost] | None, now: datetime
    ) -> None:
        """Show ``posts`` (``None``: not fetched yet, show the mention alone).

        Showing what is already shown does nothing, so a queue refresh keeps the reader's
        scroll position (ages are redrawn once a minute at most).
        """
        shown = (item, posts, now.replace(second=0, microsecond=0))
        if shown == self._shown:
            return
        self._shown = shown
        self.remove_children()
        self.mention_id = item.id if item is not None else None
        self.seen = frozenset(
            ([item.mention.remote_id] if item is not None else [])
            + [post.remote_id for post in posts or ()]
        )
        if item is None:
            self.mount(Static(Content("Nothing selected. The queue is empty."), classes="hint"))
            return
        if posts is None:
            self.mount(_post_widget(_as_post(item), now))
            self.mount(Static(Content("Loading the conversation…"), classes="hint"))
            return
        widgets = [_post_widget(post, now) for post in posts]
        if not any(post.is_focus for post in posts):
            widgets.insert(0, _post_widget(_as_post(item), now))
        self.mount_all(widgets)
        # Newest at the bottom, like a chat: the mention and any replies stay in view however
        # long the parents are; scrolling up reads them (and releases the anchor).
        self.anchor()


def _as_post(item: StoredMention) -> ThreadPost:
    mention = item.mention
    return ThreadPost(
        mention.remote_id, mention.author, mention.text, mention.created_at, is_focus=True
    )


def mention_summary(item: StoredMention | None, now: datetime) -> Content:
    """Why the mention is where it is in the queue: class, due, SLA, cues, CW, attachments."""
    if item is None:
        return Content("")
    mention = item.mention
    reasons = "; ".join(one_line(r, 120) for r in item.reasons[:3]) or "no cues"
    parts: list[Content | str] = [
        Content.styled(item.cls, CLASS_STYLE.get(item.cls, "")),
        " · ",
        due_text(item, now),
        " · ",
        Content.styled(f"{item.sla_rule} · {reasons}", "$text-muted"),
    ]
    window = window_text(item, now)
    if window.plain:
        reason = closed_reason(mention, now)
        parts += ["\n", window if not reason else Content.styled(reason, "bold $error")]
    if item.answered_at is not None:
        by = one_line(item.answered_by, 60)
        parts.append(Content.styled(f"\nanswered {age(item.answered_at, now)} by {by}", "$success"))
    if mention.content_warning:
        parts.append(Content.styled(f"\nCW: {one_line(mention.content_warning)}", "$warning"))
    for attachment in mention.attachments:
        parts.append(Content.styled(f"\n[attachment] {one_line(attachment)}", "$text-muted"))
    return Content.assemble(*parts)


def _post_widget(post: ThreadPost, now: datetime) -> Static:
    classes = "post"
    if post.is_brand:
        classes += f" {BRAND}"
    if post.is_focus:
        classes += f" {FOCUS}"
    if post.state is not PostState.OK:
        text = "This post was deleted." if post.state is PostState.NOT_FOUND else "Blocked post."
        return Static(Content.styled(text, "italic $text-muted"), classes=f"{classes} {MISSING}")
    author = post.author
    name = one_line(author.display_name, 60)
    header = Content.assemble(
        Content.styled(name or one_line(author.handle, 60), "bold"),
        " ",
        Content.styled(one_line(author.handle, 60), "$text-muted") if name else "",
        Content.styled(f" · {age(post.created_at, now)}", "$text-muted"),
        Content.styled(" · brand" if post.is_brand else "", "$success"),
    )
    return Static(Content.assemble(header, "\n", *_body(post.text)), classes=classes)


def _body(text: str) -> tuple[Content, ...]:
    """The post's text, up to ``SHOWN_CHARS`` of it: wrapping a hostile megabyte would stall
    the screen, and no one reads that much here (the post itself stays whole in the store)."""
    if len(text) <= SHOWN_CHARS:
        return (Content(clean(text)),)
    rest = len(text) - SHOWN_CHARS
    note = f"\n… {rest:,} more characters not shown here; the whole post is on its network."
    return Content(clean(text[:SHOWN_CHARS])), Content.styled(note, "italic $text-muted")
