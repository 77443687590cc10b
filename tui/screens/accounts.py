"""The Accounts screen: the connected accounts; add Mastodon, Bluesky, X, Facebook or Threads;
remove one. Facebook's and Threads' forms are built from their ``LoginSpec`` (``TableLogin``)."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from adapters.errors import ReplyDeskError
from adapters.networks import network_of
from adapters.records import Account
from tui.safe import one_line
from tui.services import Services, services
from tui.widgets.login_forms import BlueskyLogin, LoggedIn, LoginForm, MastodonLogin, XLogin
from tui.widgets.table_login import TableLogin


class AccountsScreen(Screen[bool]):
    """Dismisses with True when the accounts changed (the app then reopens its adapters)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # Priority: the app opens the form (and focuses its first field) before it reads the
        # next key, so a fast typist's handle lands in it (check_action gives letters back to
        # the form's fields while one is open).
        Binding("m", "add_mastodon", "Add Mastodon", id="accounts.add_mastodon", priority=True),
        Binding("b", "add_bluesky", "Add Bluesky", id="accounts.add_bluesky", priority=True),
        Binding("t", "add_x", "Add X", id="accounts.add_x", priority=True, tooltip="X (Twitter)"),
        Binding(
            "f",
            "add_table('facebook')",
            "Add Facebook",
            id="accounts.add_facebook",
            priority=True,
            tooltip="A Facebook Page, its Messenger inbox and linked Instagram account",
        ),
        Binding(
            "h",
            "add_table('threads')",
            "Add Threads",
            id="accounts.add_threads",
            priority=True,
            tooltip="A Threads account (a long-lived token from your Meta app)",
        ),
        Binding("x", "remove", "Remove", id="accounts.remove", tooltip="Log out and forget"),
        Binding("escape", "back", "Back", id="accounts.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.changed = False
        self.confirm_remove: str | None = None

    @property
    def rd(self) -> Services:
        """The app's services, typed."""
        return services(self.app)

    def compose(self) -> ComposeResult:
        with Vertical(id="accounts-box"):
            yield Static(Content.styled("Accounts", "bold $accent"))
            yield DataTable(id="accounts-table", cursor_type="row")
            yield Vertical(id="login-area")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Network", "Handle", "Server")
        self.refresh_table()
        self.set_focus(table)  # now, not after keys already typed (``focus()`` defers it)

    def refresh_table(self) -> None:
        table = self.query_one(DataTable)
        table.clear()
        for account in self.rd.profile.store.accounts():
            cells = (account.network, one_line(account.at_handle), account.server)
            table.add_row(*(Text(c) for c in cells), key=account.id)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Letters belong to the login form's inputs while one is open.
        return not (
            action in ("add_mastodon", "add_bluesky", "add_x", "add_table", "remove")
            and self.query(LoginForm)
        )

    async def _show_form(self, form: LoginForm) -> None:
        area = self.query_one("#login-area")
        await area.remove_children()
        await area.mount(form)

    async def action_add_mastodon(self) -> None:
        await self._show_form(MastodonLogin())

    async def action_add_bluesky(self) -> None:
        await self._show_form(BlueskyLogin())

    async def action_add_x(self) -> None:
        await self._show_form(XLogin())

    async def action_add_table(self, network: str) -> None:
        await self._show_form(TableLogin(network, self.ask_box, self.pick_box))

    async def ask_box(self, question: str, hidden: bool) -> str | None:
        """A login's question, answered in a box (``None``: left)."""
        from tui.screens.text_prompt import TextPrompt

        answer: asyncio.Future[str | None] = asyncio.get_running_loop().create_future()
        self.app.push_screen(TextPrompt(question, password=hidden), answer.set_result)
        return await answer

    async def pick_box(self, question: str, labels: Sequence[str]) -> list[int]:
        """A login's choice from a list (a Facebook login's Pages), marked in a box."""
        from tui.screens.pick_many import PickMany

        answer: asyncio.Future[list[int]] = asyncio.get_running_loop().create_future()
        self.app.push_screen(PickMany(question, labels), lambda p: answer.set_result(p or []))
        return await answer

    async def action_back(self) -> None:
        if self.query(LoginForm):
            await self.query_one("#login-area").remove_children()
            self.set_focus(self.query_one(DataTable))
            return
        self.dismiss(self.changed)

    @on(LoggedIn)
    async def _logged_in(self, message: LoggedIn) -> None:
        store = self.rd.profile.store
        account = network_of(message.account).adopt(message.account, store.accounts())
        store.save_account(account)
        self.changed = True
        await self.query_one("#login-area").remove_children()
        self.refresh_table()
        self.query_one(DataTable).focus()
        self.notify(f"Added {one_line(account.at_handle)}.", title="Account added", markup=False)

    def action_remove(self) -> None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return
        account_id = str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)
        account = next(a for a in self.rd.profile.store.accounts() if a.id == account_id)
        if self.confirm_remove != account_id:
            self.confirm_remove = account_id
            self.notify(
                f"Press x again to remove {one_line(account.at_handle)}.",
                severity="warning",
                markup=False,
            )
            return
        self.confirm_remove = None
        self.remove_account(account)

    @work(exclusive=True, group="accounts", exit_on_error=False)
    async def remove_account(self, account: Account) -> None:
        self.rd.profile.store.remove_account(account.id)
        self.changed = True
        self.refresh_table()
        try:
            await network_of(account).log_out(account)
        except ReplyDeskError as error:
            self.notify(error.msg, title=error.title, severity="warning")
            return
        self.notify(f"Removed {one_line(account.at_handle)}.", markup=False)
