"""A login form built from a network's ``LoginSpec`` (``adapters.logins.LOGINS``), for the
networks without a form of their own (Facebook, Threads): the same sign-in as ``replydesk
account add <network>``, run through the table's ``Network.login``.

Each option becomes a field: a value (its default filled in), a repeatable value (several,
separated by commas) or, for a ``--…-stdin`` switch, a hidden field whose text is what the
command line would read from standard input (empty: the network's browser sign-in). What the
login asks on the way (an app secret, which Pages to add) is asked in a box; what it says is
shown under the form. The login runs in a thread with its own event loop, because a
``Prompter``'s questions wait for their answer: each one waits for the box the app shows.
"""

from __future__ import annotations

import asyncio
import contextlib
import webbrowser
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, TypeVar, cast

from textual import on, work
from textual.app import App, ComposeResult
from textual.content import Content
from textual.widgets import Input, Static

from adapters.entry import LoginRequest, Prompter
from adapters.errors import ConfigError, ReplyDeskError
from adapters.logins import LOGINS, LoginOption, LoginSpec
from tui.services import services
from tui.widgets.login_forms import LoggedIn, LoginForm

TARGET = "target"
# Ask a line in a box (hidden: a secret), ``None`` when the person leaves it; pick from a list.
AskBox = Callable[[str, bool], Awaitable["str | None"]]
PickBox = Callable[[str, Sequence[str]], Awaitable[list[int]]]
T = TypeVar("T")


def field_id(network: str, key: str) -> str:
    """The id of the field of ``key`` ("facebook-token_stdin")."""
    return f"{network}-{key}"


def on_ui(app: App[Any], ask: Callable[[], Awaitable[T]]) -> T:
    """Run ``ask`` on the app's loop, in the app's context, and wait for its answer (from the
    login's thread)."""
    call: Callable[[], object] = ask  # (typeshed cannot solve an awaitable's return type here)
    return cast("T", app.call_from_thread(call))


def _placeholder(option: LoginOption) -> str:
    if option.piped:
        return option.help.replace("read ", "paste ").replace(" from stdin", "") + " (optional)"
    if option.kind == "append":
        return f"{option.help} (several: separated by commas)"
    return option.help


class TableLogin(LoginForm):
    """Sign in to ``network`` with the fields its ``LoginSpec`` lists; Enter in the last one
    signs in."""

    def __init__(self, network: str, ask: AskBox, pick: PickBox) -> None:
        super().__init__()
        self.network = network
        self.ask_box, self.pick_box = ask, pick  # the screen's boxes (widgets import no screen)
        self.spec: LoginSpec = LOGINS[network]
        # Switches that are not piped secrets have no field (none is listed today).
        self.options = [o for o in self.spec.options if o.kind != "switch" or o.piped]
        ids = [field_id(network, TARGET)] if self.spec.target else []
        ids += [field_id(network, o.key) for o in self.options]
        self.field_ids = ids

    def enter_moves(self) -> frozenset[str]:
        """Every field but the last: Enter there moves on, in the last it signs in."""
        return frozenset(self.field_ids[:-1])

    def compose(self) -> ComposeResult:
        yield Static(Content.styled(f"Add {self.spec.help}", "bold"))
        if self.spec.target:
            placeholder = f"{self.spec.target.lower()}, {self.spec.target_help}"
            yield Input(placeholder=placeholder, id=field_id(self.network, TARGET))
        for option in self.options:
            yield Input(
                value=option.default or "" if option.kind == "value" else "",
                placeholder=_placeholder(option),
                password=option.piped,
                id=field_id(self.network, option.key),
                tooltip=f"{option.flag}: {option.help}",
            )
        yield Static(classes="login-status")

    def on_mount(self) -> None:
        self.focus_now(self.query_one(f"#{self.field_ids[0]}", Input))
        self.say("Fill in what you need; Enter in the last field signs in.")

    def _value(self, key: str) -> str:
        return self.query_one(f"#{field_id(self.network, key)}", Input).value.strip()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id != self.field_ids[-1]:
            return
        options: dict[str, object] = {}
        secret = ""
        for option in self.options:
            value = self._value(option.key)
            if option.piped:
                secret = value
                options[option.key] = bool(value)
            elif option.kind == "append":
                options[option.key] = [v.strip() for v in value.split(",") if v.strip()]
            else:
                options[option.key] = value or option.default or ""
        target = self._value(TARGET) if self.spec.target else ""
        settings = services(self.app).profile.config.network_settings(self.network)
        request = LoginRequest(target, options, self._prompter(secret), settings)
        self.say("Signing in…")
        self.sign_in(request)

    def _prompter(self, secret: str) -> Prompter:
        app = self.app

        def say(text: str) -> None:
            app.call_from_thread(self.say, text)

        def ask(question: str, *, hidden: bool = False) -> str:
            answer = on_ui(app, lambda: self.ask_box(question, hidden))
            if answer is None:  # the person left the box: nothing is added
                raise ConfigError("Sign-in cancelled; nothing was added.")
            return answer

        def open_url(url: str) -> None:
            with contextlib.suppress(webbrowser.Error):  # no browser here: the address is shown
                webbrowser.open(url)

        return Prompter(
            say=say,
            ask=ask,
            secret=lambda question: ask(question, hidden=True),
            piped=lambda: secret,
            open_url=open_url,
            choose=lambda question, labels: on_ui(app, lambda: self.pick_box(question, labels)),
        )

    @work(thread=True, exclusive=True, group="login", exit_on_error=False)
    def sign_in(self, request: LoginRequest) -> None:
        """Run the network's login (its own event loop: its questions wait on the app's)."""
        from adapters.networks import network_named

        login = network_named(self.network).login
        try:
            if login is None:
                raise ConfigError(f"Accounts of the {self.network} network cannot be added.")
            accounts = asyncio.run(login(request))
        except ReplyDeskError as error:
            self.app.call_from_thread(self.fail, error)
            return
        for account in accounts:
            self.post_message(LoggedIn(account))
