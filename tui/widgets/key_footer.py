"""The key footer, rebuilt only when the keys it shows change."""

from __future__ import annotations

import asyncio

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer
from textual.widgets._footer import FooterKey  # not exported; Textual is pinned

#: Whether the bindings are known yet, and each active binding with its key as displayed,
#: whether it is enabled, and its tooltip: everything a rebuild draws.
KeysShown = tuple[bool, tuple[tuple[Binding, str, bool, str], ...]]


class KeyFooter(Footer):
    """Textual's ``Footer``, without its redundant rebuilds.

    ``Footer`` rebuilds every key after each bindings signal (the focus moved, the screen
    stack changed, an idle refresh), whether or not the keys changed. While the main screen
    starts that is three rebuilds of the same dozen keys, each restyling every key. This one
    skips a rebuild that would draw the keys already shown, and builds each key in the
    footer's style at once.
    """

    def __init__(self) -> None:
        super().__init__()
        self._built: KeysShown | None = None

    def keys_shown(self) -> KeysShown:
        """What a rebuild would draw now."""
        app = self.app
        return (
            # Textual's own flag: the footer stays empty until the screen's bindings are known.
            self._bindings_ready,
            tuple(
                (binding, app.get_key_display(binding), enabled, tooltip)
                for _node, binding, enabled, tooltip in self.screen.active_bindings.values()
            ),
        )

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            if isinstance(widget, FooterKey) and "compact" in (widget._reactive_connect or {}):
                # A key bound to the footer's style starts compact (Textual's default) and only
                # then takes the footer's: two restyles of every key, for nothing. (The palette
                # key is not bound: it stays compact.)
                widget.set_reactive(FooterKey.compact, self.compact)
            yield widget

    async def show_keys(self) -> None:
        """Build the keys now.

        Textual's footer builds them when the bindings signal comes, some frames after the
        screen's first. The main screen calls this right after its first painted queue (its
        focus is set by then, so the keys are the ones the later signal finds: no rebuild).
        """
        built = asyncio.Event()

        async def build() -> None:
            try:
                self._bindings_ready = True
                await self.recompose()
            finally:
                built.set()

        self.call_later(build)  # run by the footer itself: its keys bind to its own style
        await built.wait()

    async def recompose(self) -> None:
        """Rebuild the keys, unless they are the ones already shown."""
        shown = self.keys_shown()
        if shown == self._built:
            return
        self._built = shown
        await super().recompose()
