"""The selected mention's post outside ReplyDesk: ``y`` copies its link (OSC 52, which most
terminals pass to the system clipboard), ``O`` opens it in the browser. A link comes from the
network, so only http(s) links are opened or copied."""

from __future__ import annotations

from typing import ClassVar
from urllib.parse import urlsplit

from textual.binding import Binding, BindingType

from tui.screens.main_work import WorkActions


def safe_link(url: str) -> str | None:
    """``url`` if it is an http(s) link to a host, else None."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return url.strip()


class LinkActions(WorkActions):
    """Copy or open the selected mention's link."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "y",
            "copy_link",
            "Copy link",
            id="mention.copy_link",
            show=False,
            tooltip="Copy the post's link to the clipboard (OSC 52)",
        ),
        Binding(
            "O",
            "open_link",
            "Open in browser",
            id="mention.open_link",
            show=False,
            tooltip="Open the post in the web browser",
        ),
    ]

    def _link(self) -> str | None:
        item = self._selected()
        if item is None:
            return None
        link = safe_link(item.mention.url)
        if link is None:
            self.notify("This post has no web link.", severity="warning")
        return link

    def action_copy_link(self) -> None:
        """Copy the selected post's link."""
        link = self._link()
        if link is not None:
            self.app.copy_to_clipboard(link)
            self.notify(f"Copied {link}", timeout=3, markup=False)

    def action_open_link(self) -> None:
        """Open the selected post in the browser."""
        link = self._link()
        if link is not None:
            self.app.open_url(link)
            self.notify(f"Opening {link}", timeout=3, markup=False)
