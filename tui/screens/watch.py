"""The Watch terms screen (``w``): each account's terms, what each brought in on each of the
last 7 days, and what stops one (its network refuses it, it is muted, the daily cap held some
back today). Terms and exclusions are added, edited and removed here; ``p`` previews what the
last 7 days would have brought in (searched on each network in a worker, cancelled with Esc);
``ctrl+s`` writes them to ``[watch.terms]`` of config.toml, in force from the next sync."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static
from textual.worker import Worker, WorkerState

from adapters.base import Adapter
from adapters.errors import ConfigError
from settings.watch_edit import WatchDraft
from sync.preview import DAYS, AccountPreview
from tui.profile import Profile
from tui.safe import one_line
from tui.screens.text_prompt import TextPrompt
from tui.screens.watch_rows import WatchRow, watch_rows, with_preview

KEYS = "a add · e edit · d remove · p preview · ctrl+s save · Esc closes"
PREVIEW_GROUP = "watch-preview"


@dataclass
class PreviewReady(Message):
    """What the draft's terms would have brought in over the last 7 days, per account."""

    previews: tuple[AccountPreview, ...]


class WatchScreen(ModalScreen[None]):
    """Each watch term, what it brought in over the last 7 days, and its editor."""

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
    #watch-notes {
        color: $text-warning;
        height: auto;
        max-height: 4;
    }
    #watch-foot {
        color: $text-muted;
        height: auto;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,w,q", "close", "Close", id="watch.close", tooltip="Back; stops a preview"),
        Binding("a", "add", "Add", id="watch.add", tooltip="Add a term or an exclusion (-word)"),
        Binding("e", "edit", "Edit", id="watch.edit", tooltip="Change the selected term"),
        Binding("d,delete", "remove", "Remove", id="watch.remove", tooltip="Stop watching it"),
        Binding("p", "preview", "Preview", id="watch.preview", tooltip="What 7 days would bring"),
        Binding("ctrl+s", "save", "Save", id="watch.save", tooltip="Write them to config.toml"),
    ]

    def __init__(self, profile: Profile, adapters: Mapping[str, Adapter], now: datetime) -> None:
        super().__init__()
        self.profile = profile
        self.adapters = adapters
        self.now = now
        self.draft = WatchDraft(profile.config.watch)
        self.rows: list[WatchRow] = self._read_rows()
        self.previewed = False
        self._leave_unsaved = False
        self._preview_worker: Worker[None] | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="watch-box"):
            yield Static(id="watch-title")
            yield DataTable(id="watch-table", cursor_type="row", zebra_stripes=True)
            yield Static(id="watch-notes")
            yield Static(id="watch-foot")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        days = [(self.now - timedelta(days=n)).strftime("%a") for n in range(DAYS - 1, -1, -1)]
        table.add_columns("Account", "Term", *days, "Total", "State")
        self._show()
        table.focus()

    def _read_rows(self) -> list[WatchRow]:
        store, saved = self.profile.store, self.profile.config.watch
        return watch_rows(store, self.draft.config(), self.adapters, self.now, saved)

    def _show(self, notes: str = "") -> None:
        """Fill the table with ``self.rows`` and say where the screen stands."""
        table = self.query_one(DataTable)
        keep = table.cursor_row
        table.clear()
        for row in self.rows:
            table.add_row(
                Text(one_line(row.account, 28)),
                Text(one_line(row.term, 30)),
                *(Text(str(n), justify="right") for n in row.per_day),
                Text(str(sum(row.per_day)), justify="right"),
                Text(one_line(row.status, 50)),
            )
        if self.rows:
            table.move_cursor(row=min(keep, len(self.rows) - 1))
        title = "Preview: what the last 7 days would have brought in" if self.previewed else ""
        title = title or "Watch terms: the last 7 days"
        unsaved = " (unsaved changes)" if self.draft.changed else ""
        self.query_one("#watch-title", Static).update(
            Content.styled(title + unsaved, "bold $accent")
        )
        self.query_one("#watch-notes", Static).update(Content(notes))
        foot = KEYS if self.rows else "No watch terms yet: a adds one. · " + KEYS
        self.query_one("#watch-foot", Static).update(Content(foot))

    def _refresh_rows(self, notes: str = "") -> None:
        self.previewed = False
        self.rows = self._read_rows()
        self._show(notes)

    def _selected(self) -> WatchRow | None:
        table = self.query_one(DataTable)
        return self.rows[table.cursor_row] if self.rows else None

    def _key_for_new(self) -> tuple[str, str] | None:
        """The config key a new term goes to (the selected row's account) and whose it is."""
        row = self._selected()
        accounts = self.profile.store.accounts()
        account = next((a for a in accounts if row and a.id == row.account_id), None)
        account = account or (accounts[0] if accounts else None)
        if account is None:
            return None
        return self.draft.key_for(account), account.at_handle

    def action_add(self) -> None:
        """Ask for a new term (or an exclusion) for the selected row's account."""
        target = self._key_for_new()
        if target is None:
            self.notify("Add an account first: watch terms belong to one.", severity="warning")
            return
        key, handle = target

        def added(raw: str | None) -> None:
            if raw is not None:
                self.draft.add(key, raw)
                self._refresh_rows()

        self.app.push_screen(
            TextPrompt(
                f'Watch for {handle} (-word or -"a phrase" leaves posts out)',
                placeholder='fernbrook, #fernbrook, "fernbrook beans", -"fernbrook road"',
                check=lambda raw: self.draft.problem(key, raw),
            ),
            added,
        )

    def action_edit(self) -> None:
        """Change the selected term (for every account its line of the config reaches)."""
        row = self._selected()
        if row is None:
            return
        key, old = row.key, row.term

        def edited(raw: str | None) -> None:
            if raw is not None and raw.strip() != old:
                self.draft.edit(key, old, raw)
                self._refresh_rows()

        self.app.push_screen(
            TextPrompt(
                f"Change {one_line(old, 30)} (for {key})",
                old,
                check=lambda raw: "" if raw.strip() == old else self.draft.problem(key, raw, old),
            ),
            edited,
        )

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()

    def action_remove(self) -> None:
        """Stop watching the selected term; what it already brought in stays in the queue."""
        row = self._selected()
        if row is None:
            return
        self.draft.remove(row.key, row.term)
        reach = "every account" if row.key == "*" else row.key
        self._refresh_rows(f"{row.term} removed for {reach}; what it brought in stays.")

    def action_preview(self) -> None:
        """Search the draft's terms over the last 7 days on each network (nothing is stored)."""
        self.query_one("#watch-notes", Static).update(
            Content("Searching the last 7 days on each network… Esc cancels.")
        )
        self._preview_worker = self._preview()

    @work(exclusive=True, group=PREVIEW_GROUP, exit_on_error=False)
    async def _preview(self) -> None:
        from sync.preview import preview_account  # the searching code loads when it is used

        watch = self.draft.config()
        previews: list[AccountPreview] = []
        for account in self.profile.store.accounts():
            terms = watch.watch_for(account)
            adapter = self.adapters.get(account.id)
            if not terms:
                continue
            if adapter is None:
                note = f"{account.at_handle} is not connected: nothing to preview."
                previews.append(AccountPreview(notices=(note,)))
                continue
            previews.append(await preview_account(adapter, terms, self.now))
        self.post_message(PreviewReady(tuple(previews)))

    @on(PreviewReady)
    def _previewed(self, message: PreviewReady) -> None:
        self.previewed = True
        self.rows = with_preview(self._read_rows(), message.previews)
        total = sum(sum(t.per_day) for p in message.previews for t in p.terms)
        notes = [f"{total} posts in 7 days, about {round(total / DAYS)} a day."]
        notes += [n for p in message.previews for n in p.notices]
        self._show(" ".join(notes))

    @on(Worker.StateChanged)
    def _preview_failed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != PREVIEW_GROUP or event.state is not WorkerState.ERROR:
            return
        said = f"The preview failed: {event.worker.error}"
        self.query_one("#watch-notes", Static).update(Content(said))

    def action_save(self) -> None:
        """Write the terms to config.toml; they take effect at the next sync."""
        profile = self.profile
        watch = self.draft.config()
        if profile.paths.demo:  # the demo never writes the person's own config file
            profile.config = replace(profile.config, watch=watch)
            self._saved("Saved for this demo session: they take effect at the next sync.")
            return
        from settings.watch_file import save_watch_terms

        try:
            config = save_watch_terms(profile.paths.config_file, self.draft.terms)
        except ConfigError as error:
            self.notify(error.msg, title=error.title, severity="error", markup=False)
            return
        profile.config = replace(profile.config, watch=config.watch)
        self._saved(f"Saved to {profile.paths.config_file}: in force from the next sync.")

    def _saved(self, said: str) -> None:
        self.draft = WatchDraft(self.profile.config.watch)
        self._refresh_rows()
        self.notify(said, timeout=4, markup=False)

    def action_close(self) -> None:
        """Cancel a running preview; else close (asking once when changes are unsaved)."""
        worker = self._preview_worker
        if worker is not None and worker.is_running:
            worker.cancel()
            self.query_one("#watch-notes", Static).update(Content("Preview cancelled."))
            return
        if self.draft.changed and not self._leave_unsaved:
            self._leave_unsaved = True
            self.notify("Unsaved watch terms: ctrl+s saves them, Esc again drops them.")
            return
        self.dismiss(None)
