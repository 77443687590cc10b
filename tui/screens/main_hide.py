"""Hide or show again a reply under the brand's own post (``H``), where the network allows it
(Threads' ``manage_reply``). The request runs in a worker; the result comes back as a message,
is audited, said in a toast, and ``u`` undoes a hide by showing the reply again."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on, work
from textual.binding import Binding, BindingType
from textual.message import Message

from adapters.errors import ReplyDeskError
from adapters.moderation import can_hide
from store import StoredMention
from tui.screens.guarded import storage_guarded
from tui.screens.main_links import LinkActions
from tui.screens.main_triage import UndoEntry, owner


@dataclass
class ReplyHideDone(Message):
    """The network hid (``hidden``) or showed again a reply, or refused with ``error``."""

    item: StoredMention
    hidden: bool
    undoing: bool
    error: ReplyDeskError | None = None


class HideActions(LinkActions):
    """``H`` hides the selected reply to the brand's post, or shows it again."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "H",
            "hide_reply",
            "Hide reply",
            id="mention.hide_reply",
            show=False,
            tooltip="Hide the selected reply under your post from others, or show it again "
            "(Threads); u undoes",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.hidden_replies: set[int] = set()
        """Replies this session hid (``H`` again shows them)."""

    def action_hide_reply(self) -> None:
        """Hide the selected reply, or show it again if this session hid it."""
        item = self._selected()
        if item is None:
            return
        adapter = self.rd.adapters.get(item.mention.account_id)
        if can_hide(adapter) is None:
            network = item.mention.platform.value.capitalize()
            self.notify(
                f"{network} has no way to hide a reply; only Threads does.",
                title="Not on this network",
                severity="warning",
            )
            return
        self.manage_reply(item, item.id not in self.hidden_replies, undoing=False)

    @work(group="hide-reply", exit_on_error=False)
    async def manage_reply(self, item: StoredMention, hide: bool, *, undoing: bool) -> None:
        """Ask the network to hide (or show) ``item``; the answer comes as ``ReplyHideDone``."""
        hider = can_hide(self.rd.adapters.get(item.mention.account_id))
        if hider is None:
            return
        try:
            await hider.hide_reply(item.mention, hide)
        except ReplyDeskError as error:
            self.post_message(ReplyHideDone(item, hide, undoing, error))
            return
        self.post_message(ReplyHideDone(item, hide, undoing))

    @on(ReplyHideDone)
    @storage_guarded
    def _reply_hide_done(self, message: ReplyHideDone) -> None:
        item, hidden = message.item, message.hidden
        if message.error is not None:
            self.notify(
                message.error.msg, title=message.error.title, severity="error", markup=False
            )
            return
        verb = "hidden" if hidden else "shown again"
        detail = {"hidden": hidden, "remote_id": item.mention.remote_id}
        audit_id = self.rd.profile.store.audit(item.id, "hide_reply", detail)
        if hidden:
            self.hidden_replies.add(item.id)
        else:
            self.hidden_replies.discard(item.id)
        what = f"reply {verb} ({owner(item)})"
        if not message.undoing:
            again = not hidden

            def undo() -> None:
                self.manage_reply(item, again, undoing=True)

            self._remember(UndoEntry(audit_id, item.id, what, on_network=undo))
        tail = "" if message.undoing else " · u to undo"
        self.notify(f"Reply {verb} on Threads{tail}", title="Reply", timeout=4, markup=False)
