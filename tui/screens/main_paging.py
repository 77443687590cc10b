"""The queue's window follows the person: the next keyset page of the tab in view as they near
its edge, the tab's first or last page when they jump there. Reads run in a thread worker."""

from __future__ import annotations

from textual import on, work

from store.guard import StorageError
from store.pages import PageKey
from tui.messages import QueuePageLoaded
from tui.screens.guarded import show_storage_error
from tui.screens.main_views import tab_listing
from tui.screens.main_workers import MainWorkers, row_marks
from tui.widgets.queue import QueueList
from tui.widgets.tabs import Tab


class QueuePaging(MainWorkers):
    """Paging through the tab in view of the main screen."""

    @on(QueueList.PageWanted)
    def _page_wanted(self, message: QueueList.PageWanted) -> None:
        queue = self.query_one(QueueList)
        shown = set(queue.items) & self.touched
        edge = message.after if message.after is not None else message.before
        assert edge is not None
        limit = queue.size_of_window.page
        self._read_page(self.tab, shown, edge, message.after is not None, limit)

    @on(QueueList.JumpWanted)
    def _jump_wanted(self, message: QueueList.JumpWanted) -> None:
        self.load_queue(jump=message.last)

    @work(thread=True, exclusive=True, group="queue-page")
    def _read_page(
        self, tab: Tab, shown: set[int], edge: PageKey, downward: bool, limit: int
    ) -> None:
        """Read the page next to the window's edge (no rescore: the queue load does that)."""
        store = self.rd.profile.store
        now = self.rd.clock()
        keep = self.touched if tab.key == "inbox" else shown
        try:
            listing = tab_listing(tab, now, me=self.rd.profile.config.agent)
            page = store.page(
                listing,
                after=edge if downward else None,
                before=None if downward else edge,
                limit=limit,
                keep=keep,
            )
            sending, failed = self.outbox_marks([i.id for i in page.items])
        except StorageError as error:
            self.app.call_from_thread(show_storage_error, self, error)
            return
        reached = page.at_end if downward else page.at_start
        self.post_message(
            QueuePageLoaded(
                page.items, page.keys, row_marks(sending, failed), edge, downward, reached
            )
        )

    @on(QueuePageLoaded)
    def _page_loaded(self, message: QueuePageLoaded) -> None:
        self.query_one(QueueList).extend(
            message.items,
            message.keys,
            message.statuses,
            edge=message.edge,
            downward=message.downward,
            reached=message.reached,
        )
