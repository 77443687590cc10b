"""The reply composer: a draft, its live length count and the persona's findings.

Findings are re-checked on every edit (a full check takes a couple of milliseconds, so no
debounce is needed) and their spans are highlighted in the draft; ``ctrl+f`` applies a fix,
``F2`` lists them all and ``ctrl+t`` inserts a saved reply.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Static, TextArea
from textual.widgets.text_area import Selection

from adapters.records import Limits
from persona.severity import SEVERITY_RANK
from store import StoredMention
from tui.safe import one_line
from tui.services import services
from tui.widgets.answered_note import AnsweredNote
from tui.widgets.draft_area import SEVERITY_STYLE, DraftArea, describe_fix, fix_target
from tui.widgets.reply_route import ReplyRoute
from tui.widgets.send_note import SendNote

if TYPE_CHECKING:
    from persona import CheckContext, Finding, Persona

# The persona's model and rules load with the first mention the composer shows (after the
# app's first paint); until then it only names them.

OVER = "-over"


class Composer(Vertical):
    """Write a reply to the selected mention; the draft is checked as you type."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "leave", "Back to queue", id="composer.leave", tooltip="Focus the queue"),
        Binding(
            "ctrl+f",
            "apply_fix",
            "Fix",
            id="reply.fix",
            tooltip="Apply the suggested fix under the cursor (or the next one after it)",
        ),
        Binding(
            "f2",
            "findings",
            "Findings",
            id="reply.findings",
            tooltip="List every finding with its fix; enter jumps to it in the draft",
        ),
        Binding(
            "ctrl+t",
            "saved_replies",
            "Saved replies",
            id="reply.saved_replies",
            tooltip="Insert one of the persona's saved replies, chosen by name",
        ),
        Binding(
            "f3",
            "toggle_private",
            "Private reply",
            id="reply.private",
            tooltip="Send this reply privately to the comment's author (Meta: one Messenger or "
            "Instagram message, once, within 7 days of the comment) instead of publicly",
            # Named on the reply-route line of the mentions that allow it, not in the footer.
            show=False,
        ),
    ]

    @dataclass
    class DraftChanged(Message):
        """The person edited the draft of ``mention_id`` (autosave it)."""

        mention_id: int
        text: str

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.item: StoredMention | None = None
        self.persona: Persona | None = None
        self.limits: Limits | None = None
        self.quota_note = ""  # the network's replies left today (``tui.reply_quota``)
        self.agent = ""
        self.findings: tuple[Finding, ...] = ()
        self._saved = ""

    def compose(self) -> ComposeResult:
        yield Static(id="replying-to")
        yield ReplyRoute(id="reply-route")
        yield AnsweredNote(id="answered-note")
        yield DraftArea(id="draft")
        yield Static(id="counter")
        yield SendNote(id="send-note")
        yield Static(id="findings")

    @property
    def area(self) -> DraftArea:
        """The draft editor."""
        return self.query_one("#draft", DraftArea)

    @property
    def text(self) -> str:
        """The draft as typed."""
        return self.area.text

    def context(self) -> CheckContext | None:
        """What the draft answers and where it goes (``None`` with no mention selected)."""
        if self.item is None or self.limits is None:
            return None
        from adapters.networks import text_rules  # every network's entry: after the first paint
        from persona import CheckContext

        mention = self.item.mention
        limits = text_rules(mention.platform).reply_limits(mention, self.private) or self.limits
        return CheckContext(
            limits=limits,
            mention_class=self.item.cls,
            author_handle=self.item.mention.author.handle,
            author_name=self.item.mention.author.display_name,
            agent=self.agent,
            unsolicited=self.item.mention.is_indirect,
        )

    def load(self, item: StoredMention | None, draft: str, limits: Limits | None) -> None:
        """Switch to ``item`` with its saved ``draft`` (only when the mention changes: this
        replaces the text and its undo history)."""
        self.item, self.limits = item, limits
        self._show_target()
        route = self.query_one(ReplyRoute)
        route.key = self._key_of("reply.private") or route.key
        route.show(item, services(self.app).clock())
        area = self.area
        area.disabled = item is None
        self._saved = draft
        area.load_text(draft)
        area.move_cursor(area.document.end)
        self.recheck()

    def refresh_item(self, item: StoredMention, limits: Limits | None) -> None:
        """Newer facts about the same mention (its class, the network's limits): checked
        again, while the text, the cursor and the undo history stay as they are."""
        self.item, self.limits = item, limits
        self._show_target()
        self.send_note.stale()
        self.recheck()

    @property
    def send_note(self) -> SendNote:
        """Whether the network takes the reply, and on X its price and the month's spend."""
        return self.query_one(SendNote)

    def _show_target(self) -> None:
        item = self.item
        target = Content(
            "Select a mention to reply."
            if item is None
            else f"Reply to {one_line(item.mention.author.handle, 60)} · {item.mention.platform}"
        )
        if item is not None and item.mention.is_indirect:
            term = one_line(item.mention.found_by, 40)
            warning = f" · unsolicited: they did not address the brand (found by {term})"
            target += Content.styled(warning, "$text-warning")
        self.query_one("#replying-to", Static).update(target)
        self.query_one(AnsweredNote).show(item)

    @property
    def prefix(self) -> str:
        """What a new draft starts with: ``@author `` on Mastodon, which notifies only the
        accounts a post names (and counts the handle); nothing on Bluesky, whose replies
        reach the author through the thread."""
        item = self.item
        if item is None:
            return ""
        from adapters.networks import text_rules  # every network's entry: after the first paint

        return text_rules(item.mention.platform).reply_prefix(item.mention)

    @property
    def reply(self) -> str:
        """The draft as it would be sent ("" when nothing was written after the prefix)."""
        text = self.text.strip()
        return "" if text == self.prefix.strip() else text

    def start_reply(self) -> None:
        """Focus the draft with the cursor at its end; a new draft gets its prefix first."""
        area = self.area
        if self.item is not None and not self.text.strip() and self.prefix:
            area.replace(self.prefix, area.document.start, area.document.end)
        area.move_cursor(area.document.end)
        area.focus()

    def set_text(self, text: str) -> None:
        """Replace the draft (e.g. after a fix), keeping it saved and checked; cursor at the end."""
        area = self.area
        area.load_text(text)
        area.move_cursor(area.document.end)

    def recheck(self) -> None:
        """Count and check the draft against the network's limits and the persona."""
        counter = self.query_one("#counter", Static)
        listing = self.query_one("#findings", Static)
        context = self.context()
        if context is None:
            self.findings = ()
            self.area.show_findings(())
            counter.update("")
            listing.update("")
            self.send_note.show(None, "")
            return
        draft = self.text
        # A bare @handle prefix is not a reply yet: nothing to find fault with.
        self.findings = _check(draft, self.persona, context) if self.reply else ()
        self.area.show_findings(self.findings)
        from persona import count_length  # (the regex library) with the first mention shown

        counts = count_length(draft, context.limits)
        over = any(c.over for c in counts)
        counter.set_class(over, OVER)
        measures = [f"{c.used}/{c.limit} {c.unit}" for c in counts]
        measures += [self.quota_note] if self.quota_note else []
        counter.update(" · ".join(measures))
        self.send_note.show(self.item, draft)
        listing.update(_findings_content(self.findings))

    @on(TextArea.Changed, "#draft")
    def _edited(self, event: TextArea.Changed) -> None:
        event.stop()
        self.recheck()
        # A draft that is only its prefix is no draft: it is not kept.
        text = self.text if self.reply else ""
        if self.item is not None and text != self._saved:
            self._saved = text
            self.post_message(self.DraftChanged(self.item.id, text))

    @property
    def private(self) -> bool:
        """The person chose to send this reply privately (``ReplyRoute``)."""
        return self.query_one(ReplyRoute).private

    def _key_of(self, binding_id: str) -> str:
        """The key bound to ``binding_id`` as the person's keymap has it ("" if unbound)."""
        for bindings in self._bindings.key_to_bindings.values():
            for binding in bindings:
                if binding.id == binding_id:
                    return self.app.get_key_display(binding)
        return ""

    def action_toggle_private(self) -> None:
        """Send privately to the author, or publicly again; say why when it cannot be."""
        if not self._can_edit():
            return
        refused = self.query_one(ReplyRoute).toggle()
        if refused:
            self.notify(refused, title="No private reply", severity="warning", markup=False)
        else:
            self.recheck()  # a private reply is a message: counted against a message's cap

    def action_leave(self) -> None:
        self.screen.query_one("#queue").focus()

    # --- fixes, the findings list and saved replies ----------------------------------------------

    def _can_edit(self) -> bool:
        if self.item is None:
            self.notify("Select a mention to reply to first.", severity="warning")
        return self.item is not None

    def action_apply_fix(self) -> None:
        """Apply the fix of the finding under the cursor, or of the next one after it."""
        if not self._can_edit():
            return
        self.recheck()
        target = fix_target(self.findings, self.area.cursor_index)
        if target is None:
            self.notify(self._no_fix_message(), severity="warning", markup=False)
            return
        self.apply(target)

    def _no_fix_message(self) -> str:
        if not self.findings:
            return "Nothing to fix: the draft has no findings."
        cursor = self.area.cursor_index
        under = [f for f in self.findings if f.start <= cursor <= f.end]
        finding = (under or list(self.findings))[0]
        return (
            f"No automatic fix for [{finding.rule_id}]: {finding.message} "
            "Edit it by hand (F2 lists every finding)."
        )

    def apply(self, finding: Finding) -> None:
        """Apply ``finding``'s fix (one undoable edit), put the cursor after it, check again."""
        from persona import apply_fix

        if finding.fix is None:
            return
        draft = self.text
        area = self.area
        area.replace(apply_fix(draft, finding), area.document.start, area.document.end)
        area.move_cursor(area.location_of(finding.start + len(finding.fix)))
        self.recheck()
        self.notify(
            f"[{finding.rule_id}] {describe_fix(draft, finding)}",
            title="Fixed",
            timeout=3,
            markup=False,
        )

    def action_findings(self) -> None:
        """List every finding; enter on one selects its span in the draft."""
        from tui.screens.findings import FindingChoice, FindingsScreen  # modals: when opened

        if not self._can_edit():
            return
        self.recheck()
        if not self.findings:
            self.notify("No findings: the draft follows every rule.")
            return
        draft = self.text

        def chosen(choice: FindingChoice | None) -> None:
            if choice is None:
                return
            if self.text != draft:  # changed underneath the list: its spans are stale
                self.notify("The draft changed; press F2 again.", severity="warning")
                return
            if choice.apply_fix:
                self.apply(choice.finding)
            else:
                self.jump_to(choice.finding)

        self.app.push_screen(FindingsScreen(draft, self.findings), chosen)

    def jump_to(self, finding: Finding) -> None:
        """Select ``finding``'s span in the draft (the cursor at its end) and focus the draft."""
        area = self.area
        area.selection = Selection(area.location_of(finding.start), area.location_of(finding.end))
        area.focus()

    def action_saved_replies(self) -> None:
        """Pick a saved reply, its {author}, {name} and {agent} filled in, and insert it."""
        context = self.context()
        if not self._can_edit() or context is None:
            return
        persona = self.persona
        if persona is None:
            self.notify(
                "No persona is loaded, so there are no saved replies (p shows where one goes).",
                severity="warning",
            )
            return
        if not persona.saved_replies:
            self.notify(
                f"The persona has no saved replies: add [[saved_replies]] to {persona.source}.",
                severity="warning",
                markup=False,
            )
            return
        from persona import render_template, template_variables
        from tui.screens.saved_replies import SavedRepliesScreen

        variables = template_variables(context)
        replies = [(r.name, render_template(r.text, variables)) for r in persona.saved_replies]
        self.app.push_screen(SavedRepliesScreen(replies), self.insert_saved)

    def insert_saved(self, text: str | None) -> None:
        """Insert ``text`` at the cursor, or in place of a blank draft; it is checked as typed."""
        if text is None:
            return
        area = self.area
        if self.text.strip():
            result = area.insert(text)
        else:
            result = area.replace(text, area.document.start, area.document.end)
        area.move_cursor(result.end_location)
        area.focus()
        self.recheck()


def _check(draft: str, persona: Persona | None, context: CheckContext) -> tuple[Finding, ...]:
    from persona import check  # the rule engine: loaded with the first draft checked

    return check(draft, persona, context)


def _findings_content(findings: tuple[Finding, ...]) -> Content:
    """Blocking errors first, then warnings and advice, each in draft order."""
    if not findings:
        return Content("")
    ordered = sorted(findings, key=lambda f: (SEVERITY_RANK[f.severity], f.start))
    lines = [
        Content.assemble(
            Content.styled(f"{f.severity.value:<7}", SEVERITY_STYLE[f.severity]),
            " ",
            Content(f.message),
            Content.styled(f"  [{f.rule_id}]", "$text-muted"),
        )
        for f in ordered
    ]
    return Content("\n").join(lines)
