"""The persona screen: the brand's voice and every rule a draft is checked against.

It also tells what is wrong with the persona file, and reloads it (ctrl+r) so a fixed file is
picked up without a restart; a file that still fails leaves the last good persona in force.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from adapters.errors import ConfigError
from persona import Persona, Rule, Severity
from tui.persona_status import persona_problem
from tui.profile import Profile
from tui.safe import clean
from tui.screens.breakpoints import NARROW_BELOW


def reload_profile_persona(profile: Profile) -> ConfigError | None:
    """Re-read the persona file; the profile's problems then list its error, or none."""
    stale = persona_problem(profile)
    error = profile.reload_persona()
    profile.problems[:] = [p for p in profile.problems if p is not stale]
    if error is not None:
        profile.problems.append(error)
    return error


def scope(rule: Rule) -> str:
    """Where a rule applies: its platforms and mention classes, or everywhere."""
    parts = [*rule.platforms, *rule.classes]
    return ", ".join(parts) if parts else "all replies"


def _fact(label: str, value: str) -> Content:
    return Content.assemble(Content.styled(f"{label}  ", "$text-muted"), Content(clean(value)))


#: Cells of padding DataTable puts around each column, and room kept for its scrollbar.
CELL_PADDING = 2
SCROLLBAR = 2


class PersonaScreen(Screen[None]):
    """Read the house voice; see and fix what is wrong with the persona file."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back", id="persona.close", tooltip="Back to the queue"),
        Binding(
            "ctrl+r",
            "reload",
            "Reload",
            id="persona.reload",
            tooltip="Read the persona file again (a broken file keeps the last good persona)",
        ),
    ]

    def __init__(self, profile: Profile) -> None:
        super().__init__()
        self.profile = profile

    def compose(self) -> ComposeResult:
        with Vertical(id="persona-box"):
            yield Static(id="persona-head")
            yield Static(id="persona-problem")
            yield DataTable(id="persona-rules", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.show()
        # The table's severity colours are resolved from the theme when its rows are built.
        self.app.theme_changed_signal.subscribe(self, lambda _: self.show())

    def on_resize(self) -> None:
        # The columns are sized to the terminal: size them again.
        self.show()

    def show(self) -> None:
        """Fill the screen from the profile's persona and problems."""
        persona = self.profile.persona
        head = self.query_one("#persona-head", Static)
        head.update(self._head(persona))
        problem = persona_problem(self.profile)
        box = self.query_one("#persona-problem", Static)
        box.display = problem is not None
        if problem is not None:
            kept = (
                "The last good persona stays in use."
                if persona
                else "No persona is in use: drafts are checked only against the network's limit."
            )
            box.update(
                Content.assemble(
                    Content.styled(f"{problem.title}: ", "bold $error"),
                    Content(clean(problem.msg)),
                    f"\n{kept} Fix the file and press ctrl+r to reload it.",
                )
            )
        table = self.query_one(DataTable)
        table.clear(columns=True)
        table.display = persona is not None
        if persona is not None:
            self._fill(table, persona)
            table.focus()

    def _fill(self, table: DataTable[object], persona: Persona) -> None:
        """One row per rule; the last column wraps so every rule can be read whole.

        Under 100 columns the Type column goes: each rule's checks start with its type.
        """
        narrow = self.app.size.width < NARROW_BELOW
        rows = [
            (rule.id, rule.kind, rule.severity, scope(rule), clean(rule.describe()))
            for rule in persona.rules
        ]
        titles = ("Rule", "Type", "Severity", "Applies to")
        shown = [i for i in range(len(titles)) if not (narrow and titles[i] == "Type")]
        widths = {i: max([len(titles[i]), *(len(str(row[i])) for row in rows)]) for i in shown}
        used = sum(widths.values()) + CELL_PADDING * (len(shown) + 1) + SCROLLBAR
        for i in shown:
            table.add_column(titles[i], width=widths[i])
        table.add_column("Checks", width=max(30, self.app.size.width - 2 - used))
        for rule_id, kind, severity, where, checks in rows:
            cells = (
                Text(rule_id),
                Text(kind),
                Text(severity.value, style=self._severity_style(severity)),
                Text(where),
            )
            table.add_row(*(cells[i] for i in shown), Text(checks), height=None)

    def _severity_style(self, severity: Severity) -> str:
        # DataTable cells are Rich renderables: resolve the theme's colour for them here.
        colours = self.app.theme_variables
        if severity is Severity.ERROR:
            return f"bold {colours.get('error', 'red')}"
        if severity is Severity.WARNING:
            return colours.get("warning", "yellow")
        return ""

    def _head(self, persona: Persona | None) -> Content:
        paths = self.profile.paths
        if persona is None:
            return Content.assemble(
                Content.styled("No brand persona\n\n", "bold $accent"),
                "Drafts are checked only against the network's length limit. Put a persona file "
                f"at\n  {paths.persona_file}\n(or set persona_file in {paths.config_file}).\n"
                "`replydesk persona init` writes a commented example there; then press ctrl+r.",
            )
        replies = ", ".join(r.name for r in persona.saved_replies) or "none"
        lines = [
            Content.assemble(
                Content.styled(clean(persona.name), "bold $accent"),
                Content.styled(f"  ·  {len(persona.rules)} rules  ·  ", "$text-muted"),
                Content.styled(clean(str(persona.source or "")), "$text-muted"),
            ),
            Content.styled(clean(" ".join(persona.voice.split())), "italic"),
            Content.assemble(
                _fact("Greeting", persona.greeting or "(none)"),
                "    ",
                _fact("Sign-off", persona.sign_off or "(none)"),
            ),
            _fact("Saved replies (ctrl+t in the composer)", replies),
            *(
                Content.assemble(Content.styled("Problem  ", "$warning"), Content(clean(p)))
                for p in persona.problems
            ),
        ]
        return Content("\n").join(lines)

    @work(thread=True, exclusive=True, group="persona")
    def action_reload(self) -> None:
        """Read the persona file again off the UI thread (a first load reads word lists)."""
        error = reload_profile_persona(self.profile)
        self.app.call_from_thread(self._reloaded, error)

    def _reloaded(self, error: ConfigError | None) -> None:
        self.show()
        persona = self.profile.persona
        if error is not None:
            self.notify(error.msg, title=error.title, severity="error", markup=False)
        elif persona is None:
            self.notify("No persona file found.", severity="warning")
        else:
            count = len(persona.rules)
            self.notify(
                f"{count} rules from {persona.source}", title="Persona reloaded", markup=False
            )

    def action_close(self) -> None:
        """Back to where the persona screen was opened."""
        self.dismiss(None)
