"""Login forms of the Accounts screen: Mastodon (OAuth with a pasted code), Bluesky (app password).

Network steps run in async workers; secrets go to the keyring; a typed error is shown in the
form and nothing is saved.
"""

from __future__ import annotations

import contextlib
import webbrowser
from dataclasses import dataclass
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Static

from adapters.bluesky.login import APP_PASSWORD_HINT, bluesky_account, create_session, store_session
from adapters.errors import ReplyDeskError
from adapters.mastodon.login import (
    AppRegistration,
    authorize_url,
    exchange_code,
    register_app,
    store_login,
    verify_token,
)
from adapters.records import Account


@dataclass
class LoggedIn(Message):
    """A login succeeded and its secrets are stored; the account still needs saving."""

    account: Account


class LoginForm(Vertical):
    """What both forms share: a status line that shows progress and errors, and field changes
    that keep up with a fast typist.

    The app hands each key to the widget focused when it reads the key. A focus change made
    later, by a message (``Input.Submitted``) or by a key bubbling up to the screen's ``tab``
    binding, arrives after keys typed right behind it, which then land in the field just left.
    So ``tab``, ``shift+tab`` and (in the fields that don't submit) ``enter`` are priority
    bindings: the app runs them, and moves the focus, before it reads the next key.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "tab",
            "move(1)",
            "Next field",
            show=False,
            priority=True,
            id="login.next",
            tooltip="Move to the next field of the form",
        ),
        Binding(
            "shift+tab",
            "move(-1)",
            "Previous field",
            show=False,
            priority=True,
            id="login.previous",
            tooltip="Move to the previous field of the form",
        ),
        Binding(
            "enter",
            "move(1, True)",
            "Next field",
            show=False,
            priority=True,
            id="login.enter_next",
            tooltip="Enter in a field that doesn't submit moves to the next one",
        ),
    ]
    NEXT_ON_ENTER: ClassVar[frozenset[str]] = frozenset()
    """Ids of the fields where Enter moves to the next field instead of submitting."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Enter submits in the other fields: the binding then stands aside and the Input gets it.
        if action == "move" and parameters[1:] == (True,):
            focused = self.screen.focused
            return focused is not None and focused.id in self.enter_moves()
        return True

    def enter_moves(self) -> frozenset[str]:
        """The fields where Enter moves on (``NEXT_ON_ENTER``; a built form computes them)."""
        return self.NEXT_ON_ENTER

    def action_move(self, step: int, by_enter: bool = False) -> None:
        """Focus the next (``step`` 1) or previous (-1) field now, before the next key is read."""
        if step > 0:
            self.screen.focus_next()
        else:
            self.screen.focus_previous()

    def focus_now(self, field: Input) -> None:
        """Focus ``field`` before the app reads another key (``Widget.focus`` defers it)."""
        self.screen.set_focus(field)

    def say(self, text: str, style: str = "$text-muted") -> None:
        """Show progress or an error under the form."""
        self.query_one(".login-status", Static).update(Content.styled(text, style))

    def fail(self, error: ReplyDeskError) -> None:
        """Show a typed error (title and what to do)."""
        self.say(f"{error.title}: {error.msg}", "$error")


class MastodonLogin(LoginForm):
    """Server → authorize page → pasted code → verified token in the keyring."""

    registration: AppRegistration | None = None

    def compose(self) -> ComposeResult:
        yield Static(Content.styled("Add a Mastodon account", "bold"))
        yield Input(placeholder="https://your.server", id="mastodon-server")
        yield Static(id="mastodon-authorize")
        yield Input(placeholder="authorization code", id="mastodon-code", disabled=True)
        yield Static(classes="login-status")

    def on_mount(self) -> None:
        self.focus_now(self.query_one("#mastodon-server", Input))
        self.say("Type the server's address and press Enter.")

    @on(Input.Submitted, "#mastodon-server")
    def _server(self, event: Input.Submitted) -> None:
        event.stop()
        self.say("Registering ReplyDesk on the server…")
        self.register(event.value.strip())

    @work(exclusive=True, group="login", exit_on_error=False)
    async def register(self, server: str) -> None:
        try:
            self.registration = await register_app(server)
        except ReplyDeskError as error:
            self.fail(error)
            return
        url = authorize_url(self.registration)
        self.query_one("#mastodon-authorize", Static).update(
            Content.assemble("Open this page, approve ReplyDesk, and paste the code:\n", url)
        )
        with contextlib.suppress(webbrowser.Error):  # no browser here: the address is shown
            webbrowser.open(url)
        code = self.query_one("#mastodon-code", Input)
        code.disabled = False
        self.focus_now(code)
        self.say("Waiting for the code…")

    @on(Input.Submitted, "#mastodon-code")
    def _code(self, event: Input.Submitted) -> None:
        event.stop()
        if self.registration is not None and event.value.strip():
            self.say("Checking the code…")
            self.finish(self.registration, event.value.strip())

    @work(exclusive=True, group="login", exit_on_error=False)
    async def finish(self, registration: AppRegistration, code: str) -> None:
        try:
            token = await exchange_code(registration, code)
            account = await verify_token(registration.server, token)
            store_login(account, token, registration)
        except ReplyDeskError as error:
            self.fail(error)
            return
        self.post_message(LoggedIn(account))


class BlueskyLogin(LoginForm):
    """Handle, service and an app password → a session in the keyring."""

    def compose(self) -> ComposeResult:
        yield Static(Content.styled("Add a Bluesky account", "bold"))
        yield Static(Content.styled(APP_PASSWORD_HINT, "$warning"))
        yield Input(placeholder="handle, e.g. yourbrand.bsky.social", id="bluesky-handle")
        yield Input(value="https://bsky.social", id="bluesky-service")
        yield Input(placeholder="app password", password=True, id="bluesky-password")
        yield Static(classes="login-status")

    NEXT_ON_ENTER = frozenset({"bluesky-handle", "bluesky-service"})

    def on_mount(self) -> None:
        self.focus_now(self.query_one("#bluesky-handle", Input))
        self.say("Fill in the three fields; Enter in the password field logs in.")

    @on(Input.Submitted, "#bluesky-password")
    def _password(self, event: Input.Submitted) -> None:
        event.stop()
        self.say("Logging in…")
        self.login(
            self.query_one("#bluesky-handle", Input).value,
            self.query_one("#bluesky-service", Input).value,
            event.value,
        )

    @work(exclusive=True, group="login", exit_on_error=False)
    async def login(self, handle: str, service: str, password: str) -> None:
        try:
            session = await create_session(service, handle, password)
            account = bluesky_account(session, service)
            store_session(account, session)
        except ReplyDeskError as error:
            self.fail(error)
            return
        self.post_message(LoggedIn(account))


class XLogin(LoginForm):
    """Your X app's client id → X's consent page in the browser → tokens in the keyring."""

    api_base: ClassVar[str] = "https://api.x.com"
    """Where X's API lives (tests point it at a fake on 127.0.0.1)."""
    url = ""
    """The consent page's address, once shown."""

    def compose(self) -> ComposeResult:
        yield Static(Content.styled("Add an X (Twitter) account", "bold"))
        yield Static(Content("Your own X app's OAuth 2.0 Client ID (README: Connecting X)."))
        yield Input(placeholder="client id", id="x-client-id")
        yield Static(id="x-authorize")
        yield Static(classes="login-status")

    def on_mount(self) -> None:
        self.focus_now(self.query_one("#x-client-id", Input))

    @on(Input.Submitted, "#x-client-id")
    def _client_id(self, event: Input.Submitted) -> None:
        event.stop()
        if event.value.strip():
            self.say("Waiting for X's consent page…")
            self.sign_in(event.value.strip())

    def show(self, url: str) -> None:
        """Show the consent address (to copy where no browser opens) and open it."""
        self.url = url
        self.query_one("#x-authorize", Static).update(
            Content.assemble(("Allow ReplyDesk at:\n", "bold"), url)
        )
        with contextlib.suppress(webbrowser.Error):  # no browser here: the address is shown
            webbrowser.open(url)

    @work(exclusive=True, group="login", exit_on_error=False)
    async def sign_in(self, client_id: str) -> None:
        from adapters.x.login import store_tokens, verify_tokens
        from adapters.x.oauth import sign_in

        try:
            tokens = await sign_in(client_id, api_base=self.api_base, show=self.show)
            account = await verify_tokens(self.api_base, tokens)
            store_tokens(account, tokens)
        except ReplyDeskError as error:
            self.fail(error)
            return
        self.post_message(LoggedIn(account))
