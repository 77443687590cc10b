"""The main screen's tabs: which view the queue shows, the keys that switch, and the tab bar.

The views are the store's (``store.views``) plus searches (``main_search``), each read by keyset
pages (``store.pages``); number keys pick the first ten, ``[`` and ``]`` step through all.
Switching posts ``ViewTabs.Switched``; the screen reloads the queue for the tab now in view.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.screen import Screen

from store import Store
from store.pages import PAGE, Listing, Page, PageKey
from store.query import parse_query
from store.search import search_listing
from store.views import VIEWS, view_listing
from tui.widgets.queue import QueueList
from tui.widgets.tabs import NUMBER_KEYS, Tab, tab_bar

SEARCH_PREFIX = "search:"
"""Keys of saved-search tabs start with this; the rest is the tab's name."""
SEARCH_KEY = "search"
"""The key of the query line's results tab."""

#: The border's corners and the space Textual keeps around a border title.
BORDER_CELLS = 6


def built_in_tabs() -> list[Tab]:
    """The store's views as tabs, numbered 1–9 then 0."""
    return [
        Tab(view.key, view.title, view.short, number)
        for view, number in zip(VIEWS, NUMBER_KEYS, strict=True)
    ]


def saved_search_tabs(searches: Mapping[str, str]) -> list[Tab]:
    """A tab for each saved search of the config (no number key: ``[`` ``]`` reach them)."""
    return [
        Tab(f"{SEARCH_PREFIX}{name}", name, name[:12], query=query)
        for name, query in searches.items()
    ]


def tab_listing(tab: Tab, now: datetime, *, me: str) -> Listing:
    """The rows of ``tab`` as of ``now`` (as last rescored), to read by keyset pages."""
    if tab.query is not None:
        return search_listing(parse_query(tab.query, now), now, me)
    return view_listing(tab.key, now, me=me)


def read_tab(
    store: Store,
    tab: Tab,
    now: datetime,
    *,
    me: str,
    touched: Collection[int],
    shown: Collection[int],
    start: PageKey | None = None,
    limit: int = PAGE,
    last: bool = False,
) -> Page:
    """A page of ``tab`` as of ``now`` (as last rescored: ``store.rescore`` runs apart, in
    short steps): from the key ``start`` on (``None``: its first row), or its ``last`` page.
    The inbox keeps every mention acted on this session that is still inbox or spam alike;
    other tabs keep the acted-on rows they show now."""
    inbox = tab.key == "inbox"
    keep = touched if inbox else shown
    page = store.page(tab_listing(tab, now, me=me), at=start, last=last, limit=limit, keep=keep)
    if not (inbox and page.at_start):
        return page
    # Follow-ups due lead the inbox: checking back was promised for now. They stand at the
    # key of the row after them (a window at the top never reads up from its first row).
    due = store.follow_up_mentions(now)
    ids = {item.id for item in due}
    rows = [(i, k) for i, k in zip(page.items, page.keys, strict=True) if i.id not in ids]
    lead = rows[0][1] if rows else ()
    return Page(
        due + [item for item, _ in rows],
        [lead] * len(due) + [key for _, key in rows],
        page.at_start,
        page.at_end,
    )


def read_counts(store: Store, tabs: Sequence[Tab], now: datetime, *, me: str) -> dict[str, int]:
    """How many mentions each tab holds (a search tab: how many it finds)."""
    counts = store.view_counts(now, me=me)
    # Due follow-ups of mentions no longer waiting are in the inbox on top of its count.
    counts["inbox"] += sum(not item.is_waiting for item in store.follow_up_mentions(now))
    for tab in tabs:
        if tab.query is not None:
            counts[tab.key] = store.search_count(parse_query(tab.query, now), now, me=me)
    return counts


def _number_binding(tab: Tab) -> Binding:
    return Binding(
        tab.number,
        f"show_tab('{tab.key}')",
        tab.title,
        show=False,
        id=f"view.{tab.key}",
        tooltip=f"Show the {tab.title} tab",
    )


class ViewTabs(Screen[None]):
    """Tabs over the queue: state, keys and the tab bar on the queue's border.

    The saved searches' and the query line's tabs are added by ``SearchActions``."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *(_number_binding(tab) for tab in built_in_tabs()),
        Binding(
            "right_square_bracket",
            "step_tab(1)",
            "Next tab",
            show=False,
            id="queue.next_tab",
            tooltip="Show the next tab",
        ),
        Binding(
            "left_square_bracket",
            "step_tab(-1)",
            "Previous tab",
            show=False,
            id="queue.previous_tab",
            tooltip="Show the previous tab",
        ),
    ]

    @dataclass
    class Switched(Message):
        """Another tab is in view: reload the queue for it."""

        key: str

    def __init__(self) -> None:
        super().__init__()
        self.tabs: list[Tab] = built_in_tabs()
        self.active_tab = "inbox"
        """The key of the tab in view."""
        self.tab_counts: dict[str, int] = {}
        """How many mentions each tab held at the last queue read."""
        self.bar = Content()
        """The tab bar as last drawn."""

    @property
    def tab(self) -> Tab:
        """The tab in view."""
        return next(tab for tab in self.tabs if tab.key == self.active_tab)

    def show_tab_counts(self, counts: Mapping[str, int]) -> None:
        """The tabs' counts as of the last queue read."""
        self.tab_counts = dict(counts)
        self.show_tabs()

    def show_tabs(self) -> None:
        """Draw the tab bar on the queue's border, fitted to its width."""
        queue = self.query_one(QueueList)
        width = max(20, queue.size.width - BORDER_CELLS)
        self.bar = tab_bar(self.tabs, self.active_tab, self.tab_counts, width)
        queue.border_title = self.bar

    def on_resize(self, _: events.Resize) -> None:
        # The queue's width changes with the terminal's (and its layout with the breakpoints).
        self.call_after_refresh(self.show_tabs)

    def action_show_tab(self, key: str) -> None:
        """Show the tab ``key``; it opens at its top row."""
        if key == self.active_tab or key not in {tab.key for tab in self.tabs}:
            return
        self.active_tab = key
        queue = self.query_one(QueueList)
        queue.highlighted = 0 if queue.option_count else None
        queue.restart()
        self.show_tabs()
        self.post_message(self.Switched(key))

    def action_step_tab(self, step: int) -> None:
        """Show the next (``step`` 1) or previous (-1) tab, round the end."""
        keys = [tab.key for tab in self.tabs]
        index = keys.index(self.active_tab) if self.active_tab in keys else 0
        self.action_show_tab(keys[(index + step) % len(keys)])
