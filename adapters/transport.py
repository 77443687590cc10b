"""One HTTP exchange as every network's transport makes it: a deadline for the whole
exchange, and transport failures as ``NetworkError`` in words a person knows."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from adapters.errors import NetworkError
from adapters.net_words import describe_request_error


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
