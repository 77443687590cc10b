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
    """One option of ``replydesk account add <network>``: a switch, or a value with a default."""

    flag: str  # "--token-stdin"
    help: str
    default: str | None = None  # None: an on/off switch

    @property
    def key(self) -> str:
        """The option's name in the parsed options ("token_stdin")."""
        return self.flag.lstrip("-").replace("-", "_")


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
            help="a Threads account (a long-lived token from your Meta app)",
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
    }
)
