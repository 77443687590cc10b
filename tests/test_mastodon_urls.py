"""The shared base-URL check: https everywhere, plain http only on loopback."""

from __future__ import annotations

import pytest

from adapters.errors import ConfigError
from adapters.urls import check_service_url


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("https://Example.Social/", "https://example.social"),
        ("example.social", "https://example.social"),
        ("  https://example.social:8443/base/ ", "https://example.social:8443/base"),
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
        ("http://localhost:3000/", "http://localhost:3000"),
        ("http://[::1]:9000", "http://[::1]:9000"),
        ("HTTPS://bsky.social", "https://bsky.social"),
    ],
)
def test_accepted_addresses_are_normalized(given: str, expected: str) -> None:
    assert check_service_url(given) == expected


@pytest.mark.parametrize(
    "given",
    [
        "http://example.social",
        "http://10.0.0.5",
        "http://localhost.evil.example",
        "ftp://example.social",
        "",
        "https://",
        "https://user:pw@example.social",
        "https://example.social/?x=1",
        "https://example.social/#frag",
        "https://example.social:notaport",
    ],
)
def test_refused_addresses_raise_config_error(given: str) -> None:
    with pytest.raises(ConfigError):
        check_service_url(given)


def test_plain_http_refusal_explains_why() -> None:
    with pytest.raises(ConfigError, match="unencrypted"):
        check_service_url("http://example.social")
