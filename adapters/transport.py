"""HTTP as every network's transport does it: one client shape (our User-Agent, JSON, the
token as a header, redirects reported rather than followed with the token), a deadline for the
whole exchange, and transport failures as ``NetworkError`` in words a person knows."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from adapters.errors import NetworkError
from adapters.net_words import describe_request_error

USER_AGENT = "ReplyDesk (+https://github.com/replydesk)"


def open_client(
    base_url: str,
    *,
    token: str | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    timeout: float = 20.0,
) -> httpx.AsyncClient:
    """A client for one network's JSON API; ``token`` (if any) as a bearer header."""
    headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return httpx.AsyncClient(
        base_url=base_url,
        headers=headers,
        transport=transport,
        timeout=timeout,
        follow_redirects=False,  # a redirect is reported, never followed with our token
    )


async def exchange(
    client: httpx.AsyncClient, host: str, deadline: float, method: str, path: str, **options: Any
) -> httpx.Response:
    """``client.request(method, path, **options)`` finished within ``deadline`` seconds."""
    try:
        # httpx's timeout is per read: a body trickling a byte at a time would never end.
        return await asyncio.wait_for(client.request(method, path, **options), deadline)
    except (httpx.TimeoutException, TimeoutError) as exc:
        raise NetworkError(f"{host} did not answer in time.") from exc
    except httpx.TransportError as exc:
        raise NetworkError(f"Could not reach {host}: {describe_request_error(exc)}.") from exc
