"""The author of the selected mention in one line: their history with the brand and tags
("frequent engager", "advocate", "at risk"). Names are untrusted: plain text only."""

from __future__ import annotations

from datetime import datetime

from textual.content import Content

from store import StoredMention
from store.people import AuthorStats
from tui.format import age, short_handle
from tui.safe import one_line

TAG_STYLE = {"frequent engager": "$accent", "advocate": "$success", "at risk": "bold $error"}


def author_line(item: StoredMention, stats: AuthorStats, now: datetime) -> Content:
    """ "\\n@alex (Alex B) · 12 mentions: 3 complaints, 5 praise · first seen 3 d ago ·
    answered 2 h ago · advocate"."""
    author = item.mention.author
    name = f" ({one_line(author.display_name, 40)})" if author.display_name else ""
    plural = "" if stats.mentions == 1 else "s"
    parts: list[Content | str] = [
        Content.styled(f"\n{short_handle(one_line(author.handle, 60))}{name}", "bold"),
        Content.styled(
            f" · {stats.mentions} mention{plural}: {stats.complaints} complaints, "
            f"{stats.praise} praise · {author.followers} followers",
            "$text-muted",
        ),
    ]
    if stats.first_seen is not None:
        parts.append(Content.styled(f" · first seen {age(stats.first_seen, now)}", "$text-muted"))
    if stats.last_answered is not None:
        parts.append(Content.styled(f" · answered {age(stats.last_answered, now)}", "$text-muted"))
    for tag in stats.tags:
        parts.append(" · ")
        parts.append(Content.styled(tag, TAG_STYLE[tag]))
    return Content.assemble(*parts)
