"""Mastodon status HTML → the plain text a person reads and a reply is compared against.

Servers send a small HTML subset: ``<p>`` paragraphs, ``<br>``, links whose visible text
Mastodon shortens with ``invisible``/``ellipsis`` spans, h-card mention links, hashtag links,
and (GoToSocial, Mastodon 4 markdown) lists, quotes and code. Links become their full URL,
mentions ``@user@domain``, hashtags ``#tag``; entities are decoded by the parser.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

_BLOCKS = frozenset({"p", "div", "blockquote", "pre", "ul", "ol", "h1", "h2", "h3", "h4", "h5"})
_SKIPPED = frozenset({"script", "style", "template"})
_SPACES = re.compile(r"\s+")
# C0/C1 controls (terminal escapes start with ESC) except newline and tab.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_TAG = re.compile(r"<[^>]*>")


class _Anchor:
    """An open ``<a>``: its attributes and the text seen inside it so far."""

    def __init__(self, attrs: dict[str, str]) -> None:
        self.href = attrs.get("href", "").strip()
        self.classes = set(attrs.get("class", "").split())
        self.rel = set(attrs.get("rel", "").split())
        self.parts: list[str] = []

    def render(self) -> str:
        """What the link reads as in plain text."""
        text = _SPACES.sub(" ", "".join(self.parts)).strip()
        if "hashtag" in self.classes or "tag" in self.rel:
            return text if text.startswith("#") or not text else "#" + text
        if "mention" in self.classes and text.startswith("@"):
            return _full_mention(text, self.href)
        if not self.href:
            return text
        if self.href.lower().startswith("mailto:"):
            return text or self.href[len("mailto:") :]
        if not text or _same_url(text, self.href):
            return self.href
        return f"{text} ({self.href})"


def _full_mention(text: str, href: str) -> str:
    """``@user`` made ``@user@domain`` from the profile link's host (kept if already full)."""
    if text.count("@") >= 2:
        return text
    try:
        host = urlsplit(href).hostname
    except ValueError:
        host = None
    return f"{text}@{host}" if host else text


def _same_url(text: str, href: str) -> bool:
    """Whether a link's visible text is (a shortened form of) its own URL."""

    def bare(url: str) -> str:
        return re.sub(r"^[a-z][a-z0-9+.-]*://", "", url.lower()).removeprefix("www.")

    shown = bare(text.rstrip("…").removesuffix("..."))
    return bool(shown) and bare(href).startswith(shown)


class _TextParser(HTMLParser):
    """Collects the plain text of a fragment; see ``html_to_text``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self._pending = 0  # newlines owed before the next text (2 = paragraph break)
        self._anchors: list[_Anchor] = []
        self._skip = 0
        self._pre = 0
        self._lists: list[int | None] = []  # None: bullet list; int: next ordered number

    def _ends_with_newlines(self) -> int:
        tail = "".join(self.out[-3:])
        return len(tail) - len(tail.rstrip("\n"))

    def _emit(self, text: str) -> None:
        if not text:
            return
        if self._anchors:
            self._anchors[-1].parts.append(text)
            return
        if self.out and self._pending:
            self.out.append("\n" * max(0, self._pending - self._ends_with_newlines()))
        self._pending = 0
        if not self.out or self.out[-1].endswith("\n"):
            text = text.lstrip(" ")
        self.out.append(text)

    def _block(self, newlines: int) -> None:
        if self._anchors:
            self._anchors[-1].parts.append(" ")
        else:
            self._pending = max(self._pending, newlines)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self._skip += 1
        elif tag == "a":
            self._anchors.append(_Anchor({k: v or "" for k, v in attrs}))
        elif tag == "br":
            self._emit_newline()
        elif tag == "li":
            self._block(1)
            marker = self._lists[-1] if self._lists else None
            if self._lists and isinstance(marker, int):
                self._lists[-1] = marker + 1
            self._emit("- " if marker is None else f"{marker}. ")
        elif tag in _BLOCKS:
            self._block(2)
            if tag == "pre":
                self._pre += 1
            elif tag in {"ul", "ol"}:
                self._lists.append(1 if tag == "ol" else None)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self._emit_newline()
        elif tag != "a":
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self._skip = max(0, self._skip - 1)
        elif tag == "a" and self._anchors:
            self._emit(self._anchors.pop().render())
        elif tag in _BLOCKS:
            self._block(2)
            if tag == "pre":
                self._pre = max(0, self._pre - 1)
            elif tag in {"ul", "ol"} and self._lists:
                self._lists.pop()

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        self._emit(data if self._pre else _SPACES.sub(" ", data))

    def _emit_newline(self) -> None:
        if self._anchors:
            self._anchors[-1].parts.append(" ")
            return
        self._pending = 0
        self.out.append("\n")

    def text(self) -> str:
        """The collected text, with any link left open by broken HTML flushed."""
        while self._anchors:
            self._emit(self._anchors.pop().render())
        return "".join(self.out)


def _tidy(text: str) -> str:
    text = _CONTROLS.sub("", text)
    lines = [line.rstrip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def html_to_text(fragment: str) -> str:
    """The plain text of a status (or bio) HTML fragment; never raises.

    Paragraphs are separated by a blank line, ``<br>`` is a newline, links are their full URL
    (``text (url)`` when a server shows other text), mentions are ``@user@domain``, hashtags
    ``#tag``, list items ``- item``; control characters are removed.
    """
    parser = _TextParser()
    try:
        parser.feed(fragment)
        parser.close()
        return _tidy(parser.text())
    except (AssertionError, ValueError):
        # html.parser can still refuse some malformed markup (e.g. unknown "<![" sections):
        # fall back to dropping the tags rather than losing the post.
        return _tidy(_SPACES.sub(" ", html.unescape(_TAG.sub(" ", fragment))))


def normalize_for_match(text: str) -> str:
    """``text`` reduced for "is this the reply we sent?" comparisons.

    Servers render ``@fan`` as ``@fan@their.host`` and may reflow whitespace, so mentions lose
    their domain, whitespace collapses and case folds.
    """
    text = re.sub(r"(?<![\w@])@([\w.-]*\w)@[\w-]+(?:\.[\w-]+)*", r"@\1", text)
    return _SPACES.sub(" ", text).strip().casefold()
