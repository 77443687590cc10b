"""The header's sign-in note: a sign-in that lapses soon (a week ahead) or has lapsed.

Workers work the note out from the adapters they already hold (``adapters.sign_in``) and send
it here as a message; the UI thread never reads the keyring for it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from textual.content import Content
from textual.message import Message

from adapters.sign_in import sign_in_notices


@dataclass
class SignInNoted(Message):
    """What the header should say about sign-ins ("" when all is well)."""

    note: str

    def can_replace(self, message: Message) -> bool:
        # Only the newest note matters.
        return isinstance(message, SignInNoted)


def sign_in_note(adapters: Iterable[object]) -> SignInNoted:
    """The message for ``adapters`` (run in a worker: it asks each adapter's clock)."""
    return SignInNoted("  ·  ".join(sign_in_notices(adapters)))


def sign_in_part(note: str) -> list[Content]:
    """The header's pieces for ``note`` (none when it is empty); an ended sign-in in the error
    colour, one ending soon in the warning colour."""
    if not note:
        return []
    style = "bold $error" if "has ended" in note else "$warning"
    return [Content.styled("  ·  ", "$text-muted"), Content.styled(note, style)]
