"""The one check every network's base URL goes through before any request is made.

Tokens travel in headers, so a plain ``http://`` server would leak them to anyone on the path:
only loopback addresses (a local test server) may use it.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from adapters.errors import ConfigError

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


def check_service_url(url: str) -> str:
    """``url`` as a normalized base URL (``https://host[:port][/path]``, no trailing slash).

    A bare host ("example.social") gets ``https://``. Raises ``ConfigError`` for anything that
    is not an http(s) URL with a host, for credentials, queries or fragments in it, and for
    plain ``http://`` anywhere but 127.0.0.1, localhost and [::1].
    """
    text = url.strip()
    if not text:
        raise ConfigError("No server address was given (for example https://mastodon.social).")
    if "://" not in text:
        text = "https://" + text
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as exc:
        raise ConfigError(f"{url!r} is not a valid server address: {exc}.") from exc
    host = (parts.hostname or "").lower()
    if parts.scheme.lower() not in {"http", "https"} or not host:
        raise ConfigError(f"{url!r} is not a web address; use https://your.server.")
    if parts.username is not None or parts.password is not None:
        raise ConfigError("Do not put a user name or password in the server address.")
    if parts.query or parts.fragment:
        raise ConfigError(f"{url!r} has a query or fragment; give only the server's address.")
    scheme = parts.scheme.lower()
    if scheme == "http" and host not in LOOPBACK_HOSTS:
        raise ConfigError(
            f"{url!r} uses plain http://, which would send your login unencrypted. "
            "Use https:// (plain http is allowed only for 127.0.0.1 and localhost).",
            "Insecure server address",
        )
    netloc = f"[{host}]" if ":" in host else host
    if port is not None:
        netloc = f"{netloc}:{port}"
    return f"{scheme}://{netloc}{parts.path.rstrip('/')}"
