"""Draft autosave: keystrokes are noted in memory at once and written to the store in batches.

The composer notes every edit here; the main screen writes the batch off the UI thread a
moment later (so a long reply costs a handful of writes, not one per key) and synchronously
when the mention changes or the app closes. Pure Python: no Textual, so it is easy to test.
"""

from __future__ import annotations

import threading
from typing import Protocol


class DraftStore(Protocol):
    """The two store calls a draft needs."""

    def save_draft(self, mention_id: int, text: str) -> None:
        """Autosave a draft; an empty draft is forgotten."""

    def draft(self, mention_id: int) -> str:
        """The saved draft of a mention ("" when none)."""


class DraftSaver:
    """Drafts typed but not yet written, and the writing of them, safe from any thread."""

    def __init__(self, store: DraftStore) -> None:
        self.store = store
        self._pending: dict[int, str] = {}
        self._pending_lock = threading.Lock()
        # Held from taking a batch to the end of writing it, so two flushes on two threads
        # cannot write an older text after a newer one.
        self._write_lock = threading.Lock()

    def note(self, mention_id: int, text: str) -> None:
        """Remember the newest text of a draft (written by the next ``flush``)."""
        with self._pending_lock:
            self._pending[mention_id] = text

    def discard(self, mention_id: int) -> None:
        """Forget an unwritten draft (it was sent: a late write must not bring it back)."""
        with self._pending_lock:
            self._pending.pop(mention_id, None)

    @property
    def pending(self) -> bool:
        """Some typed text is not in the store yet."""
        with self._pending_lock:
            return bool(self._pending)

    def text(self, mention_id: int) -> str:
        """The draft as last typed: the unwritten text if there is one, else the stored one."""
        with self._pending_lock:
            if mention_id in self._pending:
                return self._pending[mention_id]
        with self._write_lock:  # a batch being written holds the newest text
            return self.store.draft(mention_id)

    def flush(self) -> int:
        """Write every unwritten draft; returns how many were written."""
        with self._write_lock:
            with self._pending_lock:
                batch, self._pending = self._pending, {}
            try:
                for mention_id, text in batch.items():
                    self.store.save_draft(mention_id, text)
            except BaseException:
                # Not written (e.g. the database is locked): the next flush tries again,
                # unless newer text was typed meanwhile.
                with self._pending_lock:
                    self._pending = {**batch, **self._pending}
                raise
        return len(batch)
