"""X's recorded payloads and OpenAPI spec for the fake X server (tests/fixtures/x/).

``check_request`` validates a request ReplyDesk sends against the OpenAPI subset of X API v2
(spec 2.159, the Tweet-era names ReplyDesk sends) with openapi-core, so a wrong parameter or
field name fails the test. Paths outside the subset (``/2/users/me``, lookups, the user
timeline, OAuth) are not validated; ``covered`` says which are.
"""

from __future__ import annotations

import json
import warnings
from functools import cache
from pathlib import Path
from typing import Any

import httpx
from openapi_core import OpenAPI
from openapi_core.datatypes import RequestParameters
from openapi_core.exceptions import OpenAPIError
from werkzeug.datastructures import Headers, ImmutableMultiDict

FIXTURES = Path(__file__).parent.parent / "fixtures" / "x"
SPEC = "openapi/x-api-v2.159.replydesk-subset.json"


def fixture(name: str) -> Any:
    """A recorded JSON body, e.g. ``"users_mentions.json"``."""
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


_DROPPED = {"content-length", "content-encoding", "transfer-encoding", "connection", "set-cookie"}


def recorded(name: str) -> httpx.Response:
    """A recorded response rebuilt from ``NAME.http.json`` (status, headers) and its body
    (``NAME.json`` beside it, or the ``body`` inside); wire-only headers are dropped."""
    meta = fixture(f"{name}.http.json")
    headers = [(k, v) for k, values in meta["headers"].items() for v in values if k not in _DROPPED]
    sibling = FIXTURES / f"{name}.json"
    body = meta["body"].encode() if "body" in meta else sibling.read_bytes()
    return httpx.Response(meta["status"]["code"], headers=headers, content=body)


@cache
def _openapi() -> tuple[OpenAPI, dict[str, set[str]]]:
    spec = fixture(SPEC)
    paths = {path: {m.upper() for m in item} for path, item in spec["paths"].items()}
    return OpenAPI.from_dict(spec), paths


class _Request:
    """An httpx request as openapi-core's ``Request`` protocol reads it."""

    def __init__(self, request: httpx.Request) -> None:
        self._request = request
        self.parameters = RequestParameters(
            query=ImmutableMultiDict(list(request.url.params.multi_items())),
            header=Headers(list(request.headers.items())),
            cookie=ImmutableMultiDict(),
        )

    @property
    def host_url(self) -> str:
        return "https://api.x.com"  # the spec's server; tests may use another base URL

    @property
    def path(self) -> str:
        return self._request.url.path

    @property
    def method(self) -> str:
        return self._request.method.lower()

    @property
    def body(self) -> bytes | None:
        return self._request.content or None

    @property
    def content_type(self) -> str:
        return str(self._request.headers.get("content-type", "")).lower()


def covered(request: httpx.Request) -> bool:
    """Whether the spec subset describes this request's method and path."""
    _, paths = _openapi()
    segments = request.url.path.strip("/").split("/")
    for path, methods in paths.items():
        parts = path.strip("/").split("/")
        if request.method not in methods or len(parts) != len(segments):
            continue
        if all(p == s or p.startswith("{") for p, s in zip(parts, segments, strict=True)):
            return True
    return False


def check_request(request: httpx.Request) -> None:
    """Raise ``AssertionError`` naming what is wrong if the spec refuses ``request``."""
    openapi, _ = _openapi()
    with warnings.catch_warnings():
        # The spec's OAuth2 security scheme is one openapi-core cannot check; the fake does.
        warnings.simplefilter("ignore", UserWarning)
        try:
            openapi.validate_request(_Request(request))
        except OpenAPIError as exc:
            cause = exc.__cause__ or exc
            raise AssertionError(
                f"{request.method} {request.url} breaks X's OpenAPI spec: {exc} ({cause})"
            ) from exc
