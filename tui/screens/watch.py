"""The Watch terms screen (``w``): each account's terms, what each brought in on each of the
last 7 days, and what stops one (its network refuses it, it is muted, the daily cap held some
back today). Terms are edited in ``[watch]`` of config.toml; this screen reads them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from adapters.base import Adapter, can_search
from tui.profile import Profile
from tui.safe import one_line

DAYS = 7


@dataclass(frozen=True, slots=True)
class WatchRow:
    """One term of one account, as the screen lists it."""

    account: str
    term: str
    per_day: tuple[int, ...]  # oldest first, today last
    status: str


def watch_rows(profile: Profile, adapters: Mapping[str, Adapter], now: datetime) -> list[WatchRow]:
    """Every watched term of every account with its last 7 days and its state."""
    store = profile.store
    days = [(now - timedelta(days=n)).date().isoformat() for n in range(DAYS - 1, -1, -1)]
    start = datetime.fromisoformat(days[0]).replace(tzinfo=now.tzinfo)
    held = {(h.account_id, h.term): h.count for h in store.held_back(days[-1])}
    rows: list[WatchRow] = []
    for account in store.accounts():
        watch = profile.config.watch.watch_for(account)
        counts = store.found_per_day(account.id, start)
        muted = store.mutes(account.id).terms
        adapter = adapters.get(account.id)
        searcher = can_search(adapter) if adapter is not None else None
        for term in (*watch.terms, *watch.exclusions):
            refused = searcher.refusal(term) if searcher is not None else None
            if adapter is not None and searcher is None:
                status = f"{account.network} cannot search"
            elif refused:
                status = f"refused: {refused}"
            elif term.text in muted:
                status = "muted"
            elif term.exclude:
                status = "exclusion"
            elif (account.id, term.text) in held:
                status = f"+{held[(account.id, term.text)]} more today (daily cap)"
            else:
                status = "watching"
            per_day = tuple(counts.get((term.text, day), 0) for day in days)
            rows.append(WatchRow(account.at_handle, term.text, per_day, status))
    return rows


class WatchScreen(ModalScreen[None]):
    """What each watch term brought in over the last 7 days."""

    DEFAULT_CSS = """
    WatchScreen {
        align: center middle;
    }
    #watch-box {
        width: 110;
        max-width: 100%;
        height: 80%;
        max-height: 100%;
        border: round $primary;
        background: $surface;
        padding: 0 1;
    }
    #watch-table {
        height: 1fr;
    }
    #watch-foot {
        color: $text-muted;
        height: auto;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,w,q", "dismiss", "Close", id="watch.close", tooltip="Back"),
    ]

    def __init__(self, rows: list[WatchRow], now: datetime) -> None:
        super().__init__()
        self.rows = rows
        self.now = now

    def compose(self) -> ComposeResult:
        with Vertical(id="watch-box"):
            yield Static(Content.styled("Watch terms: the last 7 days", "bold $accent"))
            yield DataTable(id="watch-table", cursor_type="row", zebra_stripes=True)
            yield Static(
                Content(
                    "Terms are set in [watch] of config.toml · m / M in the queue mute an "
                    "author / a term · Esc closes"
                ),
                id="watch-foot",
            )

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        days = [(self.now - timedelta(days=n)).strftime("%a") for n in range(DAYS - 1, -1, -1)]
        table.add_columns("Account", "Term", *days, "Total", "State")
        for row in self.rows:
            table.add_row(
                Text(one_line(row.account, 28)),
                Text(one_line(row.term, 30)),
                *(Text(str(n), justify="right") for n in row.per_day),
                Text(str(sum(row.per_day)), justify="right"),
                Text(one_line(row.status, 50)),
            )
        if not self.rows:
            self.query_one("#watch-foot", Static).update(
                Content("No watch terms yet: add them under [watch.terms] in config.toml.")
            )
        table.focus()
