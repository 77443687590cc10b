"""A network's entry in the table of networks (``adapters.networks``): what it must provide.

Kept apart from the table so the network packages import these types without importing the
table (which imports them).
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from adapters.base import Adapter
from adapters.clock import Clock
from adapters.records import Account, Mention

Opener = Callable[[Account], Adapter]


@dataclass(frozen=True)
class OpenContext:
    """What opening adapters needs from the profile (the same for every network)."""

    clock: Clock
    demo_state_file: Path  # the demo network's state (its accounts share one network)
    demo_latency: float = 0.0
    first_sync: timedelta = timedelta(days=14)  # how far back an account's first pull reaches


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


@dataclass(frozen=True)
class LoginRequest:
    """One ``account add``: the target, the parsed options and the way to ask the person."""

    target: str
    options: Mapping[str, object]
    prompter: Prompter

    def switch(self, option: str) -> bool:
        """Whether the switch ``option`` (its key, e.g. "token_stdin") was given."""
        return bool(self.options.get(option))

    def value(self, option: str) -> str:
        """The value of ``option`` (its default from the ``LoginSpec`` when not given)."""
        return str(self.options[option])


def no_refusal(mention: Mention) -> str:
    """Nothing: the network accepts a reply to every mention it delivers."""
    return ""


@dataclass(frozen=True)
class TextRules:
    """A network's rules for writing a reply that the composer applies (length limits come
    with the adapter's ``Limits``)."""

    reply_prefix: Callable[[Mention], str]  # what a new draft starts with ("" for nothing)
    # Why the network would refuse any reply to the mention (X: its author did not summon the
    # brand), shown in the composer and checked before sending; "" when it would accept one.
    refusal: Callable[[Mention], str] = no_refusal


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
    # Sign in from ``replydesk account add`` and store the login (None: accounts are fixed).
    login: Callable[[LoginRequest], Coroutine[Any, Any, Account]] | None = None
    # The id a fresh login keeps: an account already in the store may own it.
    adopt: Callable[[Account, Sequence[Account]], Account] = keep_id
