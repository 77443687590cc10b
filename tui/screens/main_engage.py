"""Like ``L``, boost ``B`` and follow ``F`` on the selected mention, through its network.

Each act runs in an async worker; the networks make every act safe to repeat (see
``adapters.engage``), so a lost answer is retried by pressing the key again, never doubled.
The same key on the same mention again takes the act back (unlike, unboost, unfollow). A
network without these acts says so.
"""

from __future__ import annotations

from typing import ClassVar

from textual import work
from textual.binding import Binding, BindingType

from adapters.engage import Act, Engaged, can_engage
from adapters.errors import ReplyDeskError
from store import StoredMention
from tui.safe import one_line
from tui.screens.main_triage import TriageActions

KEYS = {Act.LIKE: "L", Act.BOOST: "B", Act.FOLLOW: "F"}


class EngageActions(TriageActions):
    """Quick actions on the selected mention's post and author."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("L", "engage('like')", "Like", id="mention.like", show=False,
                tooltip="Like (favourite) the post on its network; L again takes it back"),
        Binding("B", "engage('boost')", "Boost", id="mention.boost", show=False,
                tooltip="Boost (repost) the post on its network; B again takes it back"),
        Binding("F", "engage('follow')", "Follow", id="mention.follow", show=False,
                tooltip="Follow the author back; F again unfollows"),
    ]  # fmt: skip

    def __init__(self) -> None:
        super().__init__()
        self.engaged: dict[tuple[int, Act], Engaged] = {}
        """Acts in effect that this session took: (mention id, act) → what undoing needs."""
        self.engaging: set[tuple[int, Act]] = set()
        """Acts on their way to the network."""
        self.engage_done = 0
        """How many acts (or undos) have ended (tests wait on it)."""

    def action_engage(self, name: str) -> None:
        """Take act ``name`` on the selected mention, or take it back if it is in effect."""
        act = Act(name)
        item = self._selected()
        if item is None:
            return
        adapter = self.rd.adapters.get(item.mention.account_id)
        engaging = can_engage(adapter) if adapter is not None else None
        if engaging is None:
            network = item.mention.platform.value.capitalize()
            why = "is not connected yet" if adapter is None else f"cannot {name} from ReplyDesk"
            self.notify(f"{network} {why}.", severity="warning", markup=False)
            return
        key = (item.id, act)
        if key in self.engaging:
            self.notify("Already on its way to the network.", timeout=3)
            return
        self.engaging.add(key)
        self._engage(item, act, self.engaged.get(key))

    @work(group="engage", exit_on_error=False)
    async def _engage(self, item: StoredMention, act: Act, undo: Engaged | None) -> None:
        key = (item.id, act)
        adapter = can_engage(self.rd.adapters.get(item.mention.account_id))
        try:
            if adapter is None:
                return
            word = adapter.words.get(act, act.value)
            whom = one_line(item.mention.author.handle, 60)
            if undo is not None:
                await adapter.disengage(undo)
                self.engaged.pop(key, None)
                what = whom if act is Act.FOLLOW else f"{whom}'s post"
                self.notify(f"Un{_past(word)} {what}.", timeout=3, markup=False)
                return
            self.engaged[key] = await adapter.engage(act, item.mention)
            if act is Act.FOLLOW:
                said = f"Following {whom}"
            else:
                said = f"{_past(word).capitalize()} {whom}'s post"
            self.notify(f"{said} · {KEYS[act]} again to undo", timeout=4, markup=False)
        except ReplyDeskError as error:
            verb = f"take back the {act.value}" if undo is not None else act.value
            self.notify(
                f"Could not {verb}: {error.msg} Press the key again to retry (it is safe).",
                title=error.title,
                severity="error",
                markup=False,
            )
        finally:
            self.engaging.discard(key)
            self.engage_done += 1


def _past(word: str) -> str:
    """ "liked", "favourited", "boosted", "reposted"."""
    return word + "d" if word.endswith("e") else word + "ed"
