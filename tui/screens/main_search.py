"""The main screen's search: ``/`` opens the query line; what it finds is a tab of its own
("/ refund"), read like every tab off the UI thread and kept current like them; esc goes back
to the tab before. Saved searches of the config are tabs too (checked once at start)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from textual import on
from textual.binding import Binding, BindingType

from store.query import QueryError, parse_query
from tui.screens.main_views import SEARCH_KEY, ViewTabs, saved_search_tabs
from tui.services import services
from tui.widgets.queue import QueueList
from tui.widgets.search_bar import SearchBar
from tui.widgets.tabs import Tab

#: How much of the query the search tab's name shows.
TITLE_CHARS = 16


def search_tab(text: str) -> Tab:
    """The tab of the query line's results."""
    shown = text if len(text) <= TITLE_CHARS else text[: TITLE_CHARS - 1] + "…"
    return Tab(SEARCH_KEY, f"/ {shown}", f"/ {shown[:8]}", query=text)


class SearchActions(ViewTabs):
    """``/`` and the results tab."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "slash",
            "search",
            "Search",
            id="search.open",
            tooltip="Search text, authors, labels and notes, with filters like class:complaint",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.tab_before_search = "inbox"

    def add_saved_searches(self, searches: Mapping[str, str]) -> None:
        """Saved searches that parse become tabs; each that does not is reported once."""
        good: dict[str, str] = {}
        now = services(self.app).clock()
        for name, text in searches.items():
            try:
                parse_query(text, now)
            except QueryError as error:
                self.notify(
                    f'Saved search "{name}" skipped: {error.msg}',
                    title=error.title,
                    severity="warning",
                    timeout=12,
                    markup=False,
                )
                continue
            good[name] = text
        self.tabs = [*self.tabs, *saved_search_tabs(good)]
        self.show_tabs()

    def action_search(self) -> None:
        """Open the query line (holding the current search, if one is in view)."""
        if self.active_tab != SEARCH_KEY:
            self.tab_before_search = self.active_tab
        current = next((tab.query for tab in self.tabs if tab.key == SEARCH_KEY), "")
        self.query_one(SearchBar).open(current or "")

    @on(SearchBar.Changed)
    def _query_changed(self, message: SearchBar.Changed) -> None:
        bar = self.query_one(SearchBar)
        try:
            parse_query(message.text, services(self.app).clock())
        except QueryError as error:
            bar.show_error(error.msg)  # the results of the last good query stay
            return
        bar.show_error("")
        others = [tab for tab in self.tabs if tab.key != SEARCH_KEY]
        self.tabs = [*others, search_tab(message.text)]
        if self.active_tab == SEARCH_KEY:
            self.show_tabs()
            self.post_message(self.Switched(SEARCH_KEY))
        else:
            self.action_show_tab(SEARCH_KEY)

    @on(SearchBar.Done)
    def _query_done(self) -> None:
        self.query_one(QueueList).focus()

    @on(SearchBar.Closed)
    def _query_closed(self) -> None:
        self.tabs = [tab for tab in self.tabs if tab.key != SEARCH_KEY]
        self.query_one(QueueList).focus()
        if self.active_tab == SEARCH_KEY:
            self.action_show_tab(self.tab_before_search)
        else:
            self.show_tabs()
