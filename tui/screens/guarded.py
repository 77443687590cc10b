"""A storage fault during a user's action is a toast, not the end of the app.

The database can be locked by another program or the disk can fill while the app runs; the
store then rolls the change back and raises ``StorageError``. An action or refresh that meets
one says so in an error toast and leaves everything as it was, so the person can retry once
the cause is gone.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Concatenate, ParamSpec, TypeVar

from textual.widget import Widget

from store.guard import StorageError

log = logging.getLogger(__name__)
P = ParamSpec("P")
R = TypeVar("R")


def show_storage_error(node: Widget, error: StorageError) -> None:
    """Log ``error`` and show it as an error toast (its text is literal, never markup)."""
    log.warning("storage: %s", error.msg)
    node.notify(error.msg, title=error.title, severity="error", markup=False)


S = TypeVar("S", bound=Widget)


def storage_guarded(
    method: Callable[Concatenate[S, P], R],
) -> Callable[Concatenate[S, P], R | None]:
    """Run ``method`` on the UI thread; a ``StorageError`` becomes a toast (returns None)."""

    @functools.wraps(method)
    def guarded(self: S, /, *args: P.args, **kwargs: P.kwargs) -> R | None:
        try:
            return method(self, *args, **kwargs)
        except StorageError as error:
            show_storage_error(self, error)
            return None

    return guarded
