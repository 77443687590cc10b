"""Facebook Login for the person's own Meta app, answered on a loopback redirect.

The browser opens Meta's login dialog (``authorize_url``); Meta sends it back to the loopback
redirect (``adapters.loopback_login``, shared with Threads) with the user token in the URL
*fragment*. Meta must list the redirect address exactly under the app's "Valid OAuth Redirect
URIs", so the port is fixed (config ``[facebook] redirect_port``).
A short-lived user token is exchanged for a long-lived one when the app secret is given.
"""

from __future__ import annotations

from urllib.parse import urlencode

import httpx

from adapters.errors import ConfigError
from adapters.loopback_login import LoopbackLogin as LoopbackLogin
from adapters.loopback_login import redirect_uri as redirect_uri
from adapters.meta.http import GRAPH_API, GraphHttp, read_obj, read_str

DIALOG = "https://www.facebook.com/v21.0/dialog/oauth"
SCOPES = (
    "pages_show_list",
    "pages_read_engagement",
    "pages_manage_engagement",
    "pages_messaging",
    "instagram_basic",
    "instagram_manage_comments",
    "instagram_manage_messages",
)


def authorize_url(app_id: str, port: int, state: str) -> str:
    """Meta's login dialog for ``app_id`` asking for every permission ReplyDesk uses."""
    if not app_id.strip().isdigit():
        raise ConfigError(
            'Set your Meta app\'s id in the config file: [facebook] app_id = "1234567890" '
            "(App settings → Basic in developers.facebook.com)."
        )
    query = {
        "client_id": app_id.strip(),
        "redirect_uri": redirect_uri(port),
        "state": state,
        "response_type": "token",
        "scope": ",".join(SCOPES),
    }
    return f"{DIALOG}?{urlencode(query)}"


async def long_lived(
    token: str,
    app_id: str,
    app_secret: str,
    api_base: str = GRAPH_API,
    *,
    transport: httpx.AsyncBaseTransport | None = None,
) -> str:
    """Exchange a short-lived user token for a long-lived one (60 days; the Page tokens it
    lists then do not expire). The secret is sent once, never stored."""
    http = GraphHttp(api_base, token=token, who="This login", transport=transport)
    form = {
        "grant_type": "fb_exchange_token",
        "client_id": app_id,
        "client_secret": app_secret,
        "fb_exchange_token": token,
    }
    try:
        # POSTed, so neither the secret nor the token is in a URL (httpx logs URLs).
        answer = await http.post("/oauth/access_token", form=form)
    finally:
        await http.aclose()
    return read_str(read_obj(answer.body, "The token exchange"), "access_token")
