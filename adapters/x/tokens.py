"""The X login as ReplyDesk keeps it: OAuth 2.0 user tokens, shared by login and transport.

Stored as one JSON secret in the OS keyring (``adapters.credentials``); the tokens are left out
of ``repr`` so a log line or traceback never shows them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from adapters.errors import AuthError

REFRESH_MARGIN = timedelta(minutes=5)  # refresh this long before expiry, never after


@dataclass(frozen=True)
class XTokens:
    """An access token, and for an OAuth login its refresh token, expiry and client id.

    A token given with ``--token-stdin`` has no refresh token and no expiry: it is used until
    X refuses it.
    """

    access_token: str = field(repr=False)
    refresh_token: str = field(default="", repr=False)
    expires_at: datetime | None = None
    client_id: str = ""

    def due_for_refresh(self, now: datetime) -> bool:
        """Whether to refresh before the next request (it expires within the margin)."""
        if not self.refresh_token or not self.client_id or self.expires_at is None:
            return False
        return now >= self.expires_at - REFRESH_MARGIN

    def to_json(self) -> str:
        """The keyring form."""
        return json.dumps(
            {
                "access_token": self.access_token,
                "refresh_token": self.refresh_token,
                "expires_at": self.expires_at.isoformat() if self.expires_at else None,
                "client_id": self.client_id,
            }
        )

    @staticmethod
    def from_json(text: str) -> XTokens:
        """Read the keyring form (``AuthError`` if it is damaged: sign in again)."""
        try:
            raw = json.loads(text)
            access = raw["access_token"]
            expires = raw.get("expires_at")
            when = datetime.fromisoformat(expires).astimezone(UTC) if expires else None
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise AuthError("The stored X login is damaged; sign in again.") from exc
        if not isinstance(access, str) or not access:
            raise AuthError("The stored X login has no token; sign in again.")
        return XTokens(
            access,
            str(raw.get("refresh_token") or ""),
            when,
            str(raw.get("client_id") or ""),
        )


def tokens_from_grant(body: object, client_id: str, now: datetime) -> XTokens:
    """The tokens of a token-endpoint answer (authorization code or refresh grant)."""
    if not isinstance(body, dict) or not isinstance(body.get("access_token"), str):
        raise AuthError("X's token answer has no access token; sign in again.")
    lifetime = body.get("expires_in")
    seconds = lifetime if isinstance(lifetime, int) and not isinstance(lifetime, bool) else None
    refresh = body.get("refresh_token")
    return XTokens(
        body["access_token"],
        refresh if isinstance(refresh, str) else "",
        now + timedelta(seconds=seconds) if seconds is not None else None,
        client_id,
    )
