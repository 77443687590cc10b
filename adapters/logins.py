"""What ``replydesk account add <network>`` accepts, per network, as plain data.

Every CLI command builds the command line, so this module imports nothing but dataclasses:
building it loads no network's code (the login itself is the network's ``entry.login``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType


@dataclass(frozen=True)
class LoginOption:
    """One option of ``replydesk account add <network>``: a switch, a value with a default,
    or (``repeat``) a value given any number of times (``--page A --page B``)."""

    flag: str  # "--token-stdin"
    help: str
    default: str | None = None  # None: an on/off switch (unless ``repeat``)
    repeat: bool = False  # a list of values, empty when the option is not given

    @property
    def key(self) -> str:
        """The option's name in the parsed options ("token_stdin")."""
        return self.flag.lstrip("-").replace("-", "_")

    @property
    def kind(self) -> str:
        """ "switch", "value" or "append" (the ``argparse`` action it becomes)."""
        if self.repeat:
            return "append"
        return "switch" if self.default is None else "value"

    @property
    def piped(self) -> bool:
        """A switch that reads a secret from standard input (a form asks for it instead)."""
        return self.kind == "switch" and self.flag.endswith("-stdin")


@dataclass(frozen=True)
class LoginSpec:
    """How ``replydesk account add <network>`` reads its arguments (plain data: the command
    line is built from it without importing any network's code)."""

    help: str
    target: str | None  # the positional argument's name ("SERVER", "HANDLE"), if it takes one
    target_help: str
    options: tuple[LoginOption, ...] = ()


LOGINS: Mapping[str, LoginSpec] = MappingProxyType(
    {
        "mastodon": LoginSpec(
            help="a Mastodon-compatible server",
            target="SERVER",
            target_help="e.g. https://example.social",
            options=(LoginOption("--token-stdin", "read an existing access token from stdin"),),
        ),
        "bluesky": LoginSpec(
            help="a Bluesky account",
            target="HANDLE",
            target_help="e.g. yourbrand.bsky.social",
            options=(
                LoginOption("--service", "entry service URL", default="https://bsky.social"),
                LoginOption("--app-password-stdin", "read the app password from stdin"),
            ),
        ),
        "threads": LoginSpec(
            help="a Threads account (browser sign-in through your Meta app, or a piped token)",
            target="HANDLE",
            target_help="the account's username, e.g. yourbrand",
            options=(
                LoginOption("--token-stdin", "read a long-lived user token from stdin"),
                LoginOption(
                    "--api-base",
                    "the Threads API, or a compatible server (http only on loopback)",
                    default="https://graph.threads.net/v1.0",
                ),
            ),
        ),
        "x": LoginSpec(
            help="an X (Twitter) account",
            target=None,
            target_help="",
            options=(
                LoginOption("--client-id", "your X app's OAuth 2.0 client id", default=""),
                LoginOption("--token-stdin", "read a user access token from stdin"),
                LoginOption(
                    "--api-base", "an X-compatible API server", default="https://api.x.com"
                ),
                LoginOption("--redirect-port", "the callback's port (0: any)", default="0"),
            ),
        ),
        # Facebook Login uses the person's own Meta app: [facebook] app_id (and redirect_port)
        # in the config reach the login as ``LoginRequest.settings``.
        "facebook": LoginSpec(
            help="a Facebook Page, its Messenger inbox and linked Instagram account",
            target=None,
            target_help="",
            options=(
                LoginOption("--token-stdin", "read a Page or user access token from stdin"),
                LoginOption(
                    "--page",
                    "with a user token: the Page to add, by id or name (repeatable; default: ask)",
                    repeat=True,
                ),
                LoginOption(
                    "--api-base",
                    "the Graph API address (a proxy or compatible server; http only on 127.0.0.1)",
                    default="https://graph.facebook.com/v21.0",  # adapters.meta.http.GRAPH_API
                ),
            ),
        ),
    }
)
