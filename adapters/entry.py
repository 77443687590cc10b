"""A network's entry in the table of networks (``adapters.networks``): what it must provide.

Kept apart from the table so the network packages import these types without importing the
table (which imports them).
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from types import MappingProxyType
from typing import Any

from adapters.base import Adapter
from adapters.clock import Clock
from adapters.errors import ConfigError
from adapters.records import Account, Limits, Mention

Opener = Callable[[Account], Adapter]
# A network's table in the config file (``[facebook]``): plain values, validated by settings.
Settings = Mapping[str, object]
NO_SETTINGS: Settings = MappingProxyType({})


@dataclass(frozen=True)
class OpenContext:
    """What opening adapters needs from the profile (the same for every network)."""

    clock: Clock
    demo_state_file: Path  # the demo network's state (its accounts share one network)
    demo_latency: float = 0.0
    first_sync: timedelta = timedelta(days=14)  # how far back an account's first pull reaches
    # Each network's table of the config file, by network name (``{"facebook": {...}}``).
    settings: Mapping[str, Settings] = field(default_factory=lambda: MappingProxyType({}))

    def settings_of(self, network: str) -> Settings:
        """``network``'s table of the config file (empty when it has none)."""
        return self.settings.get(network, NO_SETTINGS)


def keep_id(account: Account, known: Sequence[Account]) -> Account:
    """``account`` as it is: the network's ids do not depend on how the person typed them."""
    return account


@dataclass(frozen=True)
class Prompter:
    """What a login flow may ask of the person at the terminal."""

    say: Callable[[str], None]
    ask: Callable[[str], str]  # a visible answer (a pasted code)
    secret: Callable[[str], str]  # a hidden answer (a password)
    piped: Callable[[], str]  # the secret piped on standard input (``--…-stdin``)
    open_url: Callable[[str], None]  # open a page in a browser where one is at hand
    # Pick some of a list (their indexes); ``None``: numbers asked through ``say`` and ``ask``.
    choose: Callable[[str, Sequence[str]], Sequence[int]] | None = None

    def pick(self, question: str, labels: Sequence[str]) -> list[int]:
        """The indexes of the ``labels`` the person picks (``ConfigError`` for an answer that
        is not a choice; ``EOFError`` when nobody is there to answer)."""
        if self.choose is not None:
            return list(dict.fromkeys(self.choose(question, labels)))
        for number, label in enumerate(labels, 1):
            self.say(f"  {number}. {label}")
        answer = self.ask(f"{question} (numbers separated by spaces, or 'all'): ").strip()
        if answer.lower() == "all":
            return list(range(len(labels)))
        try:
            picked = [int(n) - 1 for n in answer.replace(",", " ").split()]
        except ValueError as exc:
            raise ConfigError(
                f"{answer!r} is not a choice from the list; nothing was added."
            ) from exc
        if any(not 0 <= n < len(labels) for n in picked):
            raise ConfigError(f"{answer!r} is not a choice from the list; nothing was added.")
        return list(dict.fromkeys(picked))


@dataclass(frozen=True)
class LoginRequest:
    """One ``account add``: the target, the parsed options and the way to ask the person."""

    target: str
    options: Mapping[str, object]
    prompter: Prompter
    # The network's table of the config file.
    settings: Settings = field(default_factory=lambda: NO_SETTINGS)

    def switch(self, option: str) -> bool:
        """Whether the switch ``option`` (its key, e.g. "token_stdin") was given."""
        return bool(self.options.get(option))

    def value(self, option: str) -> str:
        """The value of ``option`` (its default from the ``LoginSpec`` when not given)."""
        return str(self.options[option])

    def values(self, option: str) -> tuple[str, ...]:
        """The values of a repeatable ``option`` (``--page A --page B``), in order."""
        given = self.options.get(option)
        if isinstance(given, list | tuple):
            return tuple(str(v) for v in given)
        return (str(given),) if given else ()


Login = Callable[[LoginRequest], Coroutine[Any, Any, list[Account]]]


def one_account(login: Callable[[LoginRequest], Coroutine[Any, Any, Account]]) -> Login:
    """A ``Login`` from a flow that signs in exactly one account."""

    async def sign_in(request: LoginRequest) -> list[Account]:
        return [await login(request)]

    return sign_in


def no_refusal(mention: Mention) -> str:
    """Nothing: the network accepts a reply to every mention it delivers."""
    return ""


@dataclass(frozen=True)
class Route:
    """How a reply to a mention can go out now, for the composer to show."""

    window: str = ""  # which reply window applies ("24 h window: closes in 3 h"), "" for none
    private: str = ""  # what a private reply would be ("" when none is possible)
    private_blocked: str = ""  # why none is possible on a mention that could have one


def account_limits(mention: Mention, private: bool) -> Limits | None:
    """None: the account's own limits hold for every reply to it."""
    return None


def no_route(mention: Mention, now: datetime) -> Route:
    """A public reply, no window: the network has no private replies or message windows."""
    return Route()


@dataclass(frozen=True)
class TextRules:
    """A network's rules for writing a reply that the composer applies (length limits come
    with the adapter's ``Limits``, narrowed per reply by ``reply_limits``)."""

    reply_prefix: Callable[[Mention], str]  # what a new draft starts with ("" for nothing)
    # Why the network would refuse any reply to the mention (X: its author did not summon the
    # brand), shown in the composer and checked before sending; "" when it would accept one.
    refusal: Callable[[Mention], str] = no_refusal
    # The window that applies and whether a private reply is possible (Meta's private replies).
    route: Callable[[Mention, datetime], Route] = no_route
    # One reply's limits where they are not the account's (Meta: a direct message, or a reply
    # sent privately, is a message with its own cap); None: the account's. ``private`` is the
    # composer's choice.
    reply_limits: Callable[[Mention, bool], Limits | None] = account_limits


@dataclass(frozen=True)
class Network:
    """One network's entry: its adapter factory and its login flow's hooks.

    ``opener`` is called once per batch of accounts to open, so the accounts of one network
    can share what they must (the demo's accounts share one simulated network); the
    ``Opener`` it returns raises ``AuthError`` or ``ConfigError`` for an account it cannot open.
    """

    name: str
    opener: Callable[[OpenContext], Opener]
    # Revoke or end the login where the network allows, then forget it here.
    log_out: Callable[[Account], Coroutine[Any, Any, None]]
    # Forget the login on this computer only (a new account whose row could not be saved).
    forget: Callable[[Account], None]
    # Sign in from ``replydesk account add`` and store the logins; one login may bring
    # several accounts (a Facebook login adds each Page chosen). None: accounts are fixed.
    login: Login | None = None
    # The id a fresh login keeps: an account already in the store may own it.
    adopt: Callable[[Account, Sequence[Account]], Account] = keep_id
