"""The domain a Mastodon server gives its accounts, as the server says it.

The address a person types is where the web interface lives, not the accounts' domain: a
server at ``https://social.example.com`` may name its accounts ``@brand@example.com`` (Mastodon's
``WEB_DOMAIN`` vs ``LOCAL_DOMAIN``), and a server reached on loopback as ``127.0.0.1:8080``
may call itself ``localhost:8080``. A handle built from the URL reaches nobody, so the domain
comes from the server: GoToSocial's ``account_domain``, then Instance v2 ``domain``, then
Instance v1 ``uri`` (servers older than Mastodon 4.0).
"""

from __future__ import annotations

from adapters.errors import BadPayload, ConfigError, Rejected
from adapters.mastodon.http import MastodonHttp

_INSTANCE_PATHS = ("/api/v2/instance", "/api/v1/instance")
# Most specific first: GoToSocial names a split account domain ``account_domain``.
_DOMAIN_KEYS = ("account_domain", "domain", "uri")


def instance_domain(body: object) -> str:
    """The account domain an instance answer names, lower-cased ("" when it names none)."""
    if not isinstance(body, dict):
        return ""
    for key in _DOMAIN_KEYS:
        value = body.get(key)
        if isinstance(value, str) and value.strip():
            # v1 ``uri`` is a bare domain on Mastodon, but some servers put a URL there.
            bare = value.strip().split("://", 1)[-1].split("/", 1)[0]
            if bare:
                return bare.lower()
    return ""


async def account_domain(http: MastodonHttp) -> str:
    """Ask the server for its account domain (``BadPayload`` if it names none)."""
    for path in _INSTANCE_PATHS:
        try:
            answer = await http.get(path)
        except (ConfigError, Rejected, BadPayload):
            continue  # no such endpoint on this server (or an unreadable one): try the next
        domain = instance_domain(answer.body)
        if domain:
            return domain
    raise BadPayload(
        f"{http.host} did not say which domain its accounts have (neither /api/v2/instance "
        "nor /api/v1/instance names one), so ReplyDesk cannot tell your handle."
    )
