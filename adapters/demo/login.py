"""The demo network's accounts: nothing to sign in to, so "login" is knowing who they are.

Two accounts share one ``DemoNetwork``: a Mastodon-like one (500 characters) and a
Bluesky-like one (300 graphemes); a third, a Facebook Page, and a fourth, an X account
(``adapters/demo/x.py``), have their own small inboxes.
"""

from __future__ import annotations

from adapters.demo.people import BRAND_BLUESKY_HANDLE, BRAND_MASTODON_HANDLE
from adapters.demo.voice import BRAND_NAME
from adapters.errors import ConfigError
from adapters.records import (
    Account,
    Platform,
)

_MASTODON_ACCOUNT = Account(
    id="demo:mastodon",
    network="demo",
    handle=BRAND_MASTODON_HANDLE,
    display_name=BRAND_NAME,
    server="demo://mastodon",
)
_BLUESKY_ACCOUNT = Account(
    id="demo:bluesky",
    network="demo",
    handle=BRAND_BLUESKY_HANDLE,
    display_name=BRAND_NAME,
    server="demo://bluesky",
)
# The Facebook/Instagram side (adapters/demo/meta.py): a Page with Messenger and Instagram.
META_ACCOUNT = Account(
    id="demo:facebook",
    network="demo",
    handle="FernbrookCoffee",
    display_name=BRAND_NAME,
    server="demo://facebook",
)
# The X side (adapters/demo/x.py): 280 weighted characters, a price on every send, DMs.
X_ACCOUNT = Account(
    id="demo:x",
    network="demo",
    handle="fernbrookcoffee",
    display_name=BRAND_NAME,
    server="demo://x",
)
_PLATFORMS = {_MASTODON_ACCOUNT.id: Platform.MASTODON, _BLUESKY_ACCOUNT.id: Platform.BLUESKY}


def demo_accounts() -> tuple[Account, Account]:
    """The brand's two demo accounts: Mastodon-like first, then Bluesky-like."""
    return (_MASTODON_ACCOUNT, _BLUESKY_ACCOUNT)


def demo_profile_accounts() -> tuple[Account, ...]:
    """Every account the demo profile shows: the two above, the Facebook Page and X."""
    return (*demo_accounts(), META_ACCOUNT, X_ACCOUNT)


def demo_platform(account: Account) -> Platform:
    """Which side of the demo network ``account`` lives on; ``ConfigError`` if not a demo one."""
    platform = _PLATFORMS.get(account.id)
    if platform is None or account.network != "demo":
        raise ConfigError(
            f"{account.id!r} is not a demo account (expected demo:mastodon or demo:bluesky)."
        )
    return platform
