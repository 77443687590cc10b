"""Signing a Facebook Page in: a Page token, or a user token and a choice of the user's Pages.

``resolve_token`` tells a Page token from a user token (``/me?metadata=1``); a user token lists
the Pages the person manages (``/me/accounts``, each with its own Page token and linked
Instagram business account) to pick from. Only Page tokens are kept, in the OS keyring
(``adapters.credentials``), never in the config, the database or a log.
"""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from adapters import credentials
from adapters.errors import AuthError, BadPayload, ConfigError
from adapters.meta.faults import LOGIN_AGAIN
from adapters.meta.http import GRAPH_API, GraphHttp, opt_str, read_data, read_obj, read_str
from adapters.records import Account

PAGE_TOKEN = "page_token"
NETWORK = "facebook"
PAGE_FIELDS = "id,name,username,instagram_business_account{id,username}"


@dataclass(frozen=True, slots=True)
class PageChoice:
    """A Page the token can act for, with its own token and linked Instagram account."""

    id: str
    name: str
    token: str
    username: str = ""
    instagram_id: str = ""
    instagram_username: str = ""

    @property
    def label(self) -> str:
        """ "MyLife (+ Instagram @ikroskun)" for a person choosing."""
        ig = f" (+ Instagram @{self.instagram_username})" if self.instagram_username else ""
        return f"{self.name}{ig}"


def facebook_account_id(page_id: str) -> str:
    """The local key of a Page's account: ``facebook:<page id>`` (ids are opaque strings)."""
    return f"{NETWORK}:{page_id}"


def page_account(page: PageChoice, api_base: str) -> Account:
    """The ``Account`` of a chosen Page (``server`` is the Graph API base it speaks to)."""
    return Account(
        id=facebook_account_id(page.id),
        network=NETWORK,
        handle=page.username or page.name,
        display_name=page.name,
        server=api_base,
    )


def _page_choice(item: object, token: str) -> PageChoice:
    page = read_obj(item, "A Page")
    ig = page.get("instagram_business_account")
    return PageChoice(
        id=read_str(page, "id"),
        name=opt_str(page, "name") or read_str(page, "id"),
        token=opt_str(page, "access_token") or token,
        username=opt_str(page, "username"),
        instagram_id=opt_str(ig, "id"),
        instagram_username=opt_str(ig, "username"),
    )


async def resolve_token(
    token: str, api_base: str = GRAPH_API, *, transport: httpx.AsyncBaseTransport | None = None
) -> list[PageChoice]:
    """The Pages ``token`` can act for: itself for a Page token, the user's Pages otherwise."""
    http = GraphHttp(api_base, token=token, who="This token", transport=transport)
    try:
        me = read_obj(
            (await http.get("/me", [("metadata", "1"), ("fields", "id,name,metadata{type}")])).body,
            "/me",
        )
        kind = opt_str(me.get("metadata"), "type")
        if kind == "page":
            answer = await http.get(f"/{read_str(me, 'id')}", [("fields", PAGE_FIELDS)])
            return [_page_choice(answer.body, token)]
        fields = f"{PAGE_FIELDS},access_token"
        answer = await http.get("/me/accounts", [("fields", fields), ("limit", "100")])
        pages = [_page_choice(item, "") for item in read_data(answer.body, "The list of Pages")]
    except AuthError as exc:
        raise AuthError(f"Meta refused this token: {exc.msg}", "Login refused") from exc
    finally:
        await http.aclose()
    usable = [p for p in pages if p.token]
    if not usable:
        raise ConfigError(
            "This Facebook login manages no Page ReplyDesk can use (a Page token comes with "
            "the pages_show_list permission and a Page role). Check the Page's settings."
        )
    return usable


def store_login(account: Account, page: PageChoice) -> None:
    """Keep the Page token in the keyring."""
    if not page.token:
        raise BadPayload("Meta gave no token for this Page.")
    credentials.set_secret(account.id, PAGE_TOKEN, page.token)


def load_token(account: Account) -> str:
    """The stored Page token of ``account``; ``AuthError`` if there is none."""
    token = credentials.get_secret(account.id, PAGE_TOKEN)
    if not token:
        raise AuthError(f"No login is stored for {account.at_handle}; sign in again: {LOGIN_AGAIN}")
    return token


def forget(account: Account) -> None:
    """Delete the Page token of ``account`` from the keyring."""
    credentials.delete_secret(account.id, PAGE_TOKEN)


async def log_out(account: Account) -> None:
    """Forget the Page token here. A Page token cannot revoke itself; the person removes
    ReplyDesk's app under Facebook Settings → Business integrations to end it everywhere."""
    forget(account)
