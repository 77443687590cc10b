"""Secrets (tokens, app passwords) live in the OS keyring only: never in config, DB or logs."""

from __future__ import annotations

import keyring
import keyring.errors

from adapters.errors import ConfigError

SERVICE = "replydesk"

NO_KEYRING_HELP = (
    "No system keyring is available to store the login securely. Start your desktop's "
    "Secret Service (GNOME Keyring, KWallet) or macOS Keychain; on a headless machine "
    "install a backend such as 'keyrings.alt' (pip install keyrings.alt) and set "
    "PYTHON_KEYRING_BACKEND to it."
)


def _key(account_id: str, name: str) -> str:
    return f"{account_id}/{name}"


def get_secret(account_id: str, name: str) -> str | None:
    """The stored secret ``name`` of ``account_id``, or ``None`` if there is none."""
    try:
        return keyring.get_password(SERVICE, _key(account_id, name))
    except keyring.errors.NoKeyringError as exc:
        raise ConfigError(NO_KEYRING_HELP, "No keyring") from exc
    except keyring.errors.KeyringError as exc:
        raise ConfigError(f"The keyring could not be read: {exc}", "Keyring error") from exc


def set_secret(account_id: str, name: str, value: str) -> None:
    """Store ``value`` as secret ``name`` of ``account_id``."""
    try:
        keyring.set_password(SERVICE, _key(account_id, name), value)
    except keyring.errors.NoKeyringError as exc:
        raise ConfigError(NO_KEYRING_HELP, "No keyring") from exc
    except keyring.errors.KeyringError as exc:
        raise ConfigError(
            f"The keyring refused to store the login: {exc}", "Keyring error"
        ) from exc


def delete_secret(account_id: str, name: str) -> None:
    """Forget secret ``name`` of ``account_id``; a missing secret is not an error."""
    try:
        keyring.delete_password(SERVICE, _key(account_id, name))
    except keyring.errors.PasswordDeleteError:
        return
    except keyring.errors.NoKeyringError as exc:
        raise ConfigError(NO_KEYRING_HELP, "No keyring") from exc
