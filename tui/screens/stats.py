"""The Stats screen: how completely and how quickly the brand answers, for a chosen period
and filter. Figures come from ``analytics.compute_stats`` (the same as ``replydesk report``),
read in a thread worker so SQLite never holds up the UI."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static

from adapters.errors import ReplyDeskError
from analytics.figures import CLASSES, Stats
from analytics.tables import (
    Table,
    advocates,
    busiest,
    by_class,
    duration_text,
    engagers,
    filter_text,
    per_day,
    percent_text,
    side_by_side,
)
from store.stats import StatsFilter
from tui.screens import breakpoints
from tui.services import services
from tui.widgets.key_footer import KeyFooter
from tui.widgets.stats_charts import HeatStrip, draw_volume, volume_chart


@dataclass
class StatsLoaded(Message):
    """The figures of the period and filter asked for (``request`` orders overlapping reads)."""

    request: int
    stats: Stats
    labels: tuple[str, ...]
    """Every label in use (the ``l`` key's choices)."""


def fill(table: DataTable[Text], content: Table) -> None:
    """Show ``content`` in ``table``; cells are literal text (names are people's own)."""
    table.clear(columns=True)
    table.add_columns(*(Text(name) for name in content.header))
    for row in content.rows:
        table.add_row(*(Text(cell) for cell in row))


def _next(choice: str | None, choices: tuple[str, ...]) -> str | None:
    """The choice after ``choice`` in ``choices``; after the last, ``None`` (all)."""
    if choice is None:
        return choices[0] if choices else None
    index = choices.index(choice) + 1 if choice in choices else len(choices)
    return choices[index] if index < len(choices) else None


class StatsScreen(Screen[None]):
    """Received, answered, response rate and times, SLA, backlog, volume and people."""

    HORIZONTAL_BREAKPOINTS = breakpoints.HORIZONTAL  # the chart becomes a table under 100
    DEFAULT_CSS = """
    StatsScreen #stats-head { height: 1; padding: 0 1; background: $panel; }
    StatsScreen #stats-dates { margin: 0 1; }
    StatsScreen #stats-body { height: 1fr; padding: 0 1; }
    StatsScreen #stats-summary { height: auto; margin-bottom: 1; }
    StatsScreen DataTable { height: auto; max-height: 34; margin-bottom: 1; }
    StatsScreen #stats-volume { height: auto; }
    StatsScreen #volume-chart { height: 16; margin-bottom: 1; }
    StatsScreen .stats-title { color: $text-muted; }
    StatsScreen #stats-hours { height: 2; margin-bottom: 1; }
    StatsScreen #stats-people { height: auto; }
    StatsScreen #stats-people DataTable { width: 1fr; margin-right: 1; }
    StatsScreen #stats-sides { width: 100%; }
    StatsScreen.-narrow #stats-people { layout: vertical; }
    StatsScreen.-narrow #stats-people DataTable { width: 100%; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back", id="stats.close", tooltip="Back to the queue"),
        Binding("t", "period('today')", "Today", id="stats.today", tooltip="Since midnight"),
        Binding("w", "period('7d')", "7 d", id="stats.week", tooltip="Today and the 6 days before"),
        Binding("m", "period('30d')", "30 d", id="stats.month", tooltip="The last 30 days"),
        Binding("c", "custom", "Dates", id="stats.custom", tooltip="Choose FIRST..LAST dates"),
        Binding("n", "network", "Network", id="stats.network", tooltip="Next network, then all"),
        Binding("k", "cls", "Class", id="stats.class", tooltip="Next class, then all"),
        Binding(
            "a", "assignee", "Assignee", id="stats.assignee", tooltip="Next teammate, then all"
        ),
        Binding("l", "label", "Label", id="stats.label", tooltip="Next label in use, then all"),
        Binding(
            "b",
            "sides",
            "By network/account",
            id="stats.sides",
            tooltip="Networks or accounts side by side, a column each (Tab, then ← → to scroll)",
        ),
        Binding(
            "question_mark",
            "definitions",
            "Definitions",
            id="stats.definitions",
            tooltip="What each figure means",
        ),
    ]

    period: reactive[str] = reactive("7d", init=False)
    """The period shown: today, 7d, 30d or FIRST..LAST."""
    network: reactive[str | None] = reactive(None, init=False)
    """Only this network (``None``: all)."""
    cls: reactive[str | None] = reactive(None, init=False)
    """Only this class (``None``: all)."""
    assignee: reactive[str | None] = reactive(None, init=False)
    """Only mentions assigned to this teammate (``None``: anyone's or nobody's)."""
    label: reactive[str | None] = reactive(None, init=False)
    """Only mentions with this label (``None``: any)."""
    sides: reactive[str] = reactive("network", init=False)
    """What the side-by-side table compares: ``network`` or ``account``."""

    def __init__(self) -> None:
        super().__init__()
        self.stats: Stats | None = None
        self.requests = 0
        self._shown = 0
        self.labels: tuple[str, ...] = ()

    def compose(self) -> ComposeResult:
        yield Static(id="stats-head")
        dates = Input(placeholder="2026-11-01..2026-11-30, Enter to show", id="stats-dates")
        dates.display = False  # until ``c``: keys are the screen's, not a field's
        yield dates
        with VerticalScroll(id="stats-body"):
            yield Static(id="stats-summary")
            yield DataTable(id="stats-classes", cursor_type="none", zebra_stripes=True)
            yield Static(id="stats-sides-title", classes="stats-title")
            # A column per network or account; the figure names stay put as it scrolls.
            yield DataTable(
                id="stats-sides", cursor_type="none", zebra_stripes=True, fixed_columns=1
            )
            with Vertical(id="stats-volume"):
                yield DataTable(id="volume-table", cursor_type="none", zebra_stripes=True)
            yield Static(Content.styled("Mentions by hour of day", "bold"), classes="stats-title")
            yield HeatStrip(id="stats-hours")
            with Horizontal(id="stats-people"):
                for name in ("busiest", "engagers", "advocates"):
                    yield DataTable(id=f"stats-{name}", cursor_type="none")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#stats-body").focus()
        self.query_one("#stats-head", Static).update(Content("Stats: reading…"))
        self.load()

    # --- reading -----------------------------------------------------------------------------

    def load(self) -> None:
        """Read the figures of the current period and filter (off the UI thread)."""
        self.requests += 1
        flt = StatsFilter(
            platforms=(self.network,) if self.network else (),
            classes=(self.cls,) if self.cls else (),
            assignees=() if self.assignee is None else (self.assignee,),
            labels=() if self.label is None else (self.label,),
        )
        self._read(self.requests, self.period, flt)

    @work(thread=True, exclusive=True, group="stats", exit_on_error=False)
    def _read(self, request: int, period_name: str, flt: StatsFilter) -> None:
        from analytics.compute import compute_stats, figures_zone
        from analytics.period import period_for

        rd = services(self.app)
        profile = rd.profile
        policy = profile.triage.policy
        now = rd.clock()
        zone = figures_zone(policy)
        try:
            period = period_for(period_name, now, zone)
            stats = compute_stats(profile.store, period, flt, now, policy, zone)
            labels = tuple(profile.store.known_labels())
        except ReplyDeskError as error:
            self.app.call_from_thread(
                self.notify, error.msg, title=error.title, severity="error", markup=False
            )
            return
        self.post_message(StatsLoaded(request, stats, labels))

    @on(StatsLoaded)
    def _loaded(self, message: StatsLoaded) -> None:
        if message.request < self._shown:
            return  # an older read that finished late
        self._shown = message.request
        self.stats = stats = message.stats
        self.labels = message.labels
        self.query_one("#stats-head", Static).update(self._head(stats))
        self.query_one("#stats-summary", Static).update(self._summary(stats))
        fill(self.query_one("#stats-classes", DataTable), by_class(stats))
        self._show_sides()
        fill(self.query_one("#volume-table", DataTable), per_day(stats))
        self.query_one(HeatStrip).show(stats.hours)
        for name, table in (
            ("busiest", busiest(stats)),
            ("engagers", engagers(stats)),
            ("advocates", advocates(stats)),
        ):
            fill(self.query_one(f"#stats-{name}", DataTable), table)
        self._show_volume()

    def _head(self, stats: Stats) -> Content:
        period = stats.period
        return Content.assemble(
            Content.styled("Stats", "bold $accent"),
            f"  {period.name} ({period.first} to {period.last}) · {filter_text(stats)}",
        )

    def _summary(self, stats: Stats) -> Content:
        if stats.empty:
            return Content("No mentions in this period: no data.")
        total, complaints = stats.of("all"), stats.of("complaint")
        lines = [
            f"Received {stats.received} · answered {total.answered} · response rate "
            f"{percent_text(total.response_rate)} · SLA met {percent_text(total.sla_met_share)}",
            f"First response median {duration_text(total.median_s)} wall-clock, "
            f"{duration_text(total.business_median_s)} business hours · complaints within "
            f"1 h {percent_text(complaints.within_hour_share)}",
            f"Open now {stats.open_now} · overdue {stats.overdue_now} · median age "
            f"{duration_text(stats.median_open_age_s)} · spam {stats.spam} · closed without "
            f"reply {total.closed} · clock skew {stats.skewed}",
        ]
        return Content("\n".join(lines))

    def _show_sides(self) -> None:
        if self.stats is None:
            return
        table = side_by_side(self.stats, self.sides)
        other = "account" if self.sides == "network" else "network"
        title = f"{table.title}, side by side (b: by {other})"
        self.query_one("#stats-sides-title", Static).update(Content(title))
        fill(self.query_one("#stats-sides", DataTable), table)

    # --- the chart or its table --------------------------------------------------------------

    def on_resize(self) -> None:
        self.call_after_refresh(self._show_volume)

    def _show_volume(self) -> None:
        """The chart when wide enough, else the table (plotext is imported only for a chart)."""
        if self.stats is None:
            return
        wide = self.size.width >= breakpoints.NARROW_BELOW
        self.query_one("#volume-table").display = not wide
        charts = self.query("#volume-chart")
        if wide and not charts:
            chart = volume_chart()
            self.query_one("#stats-volume").mount(chart)
        elif charts:
            chart = charts.first()
        else:
            return
        chart.display = wide
        if wide:
            draw_volume(chart, self.stats.days)

    # --- actions -----------------------------------------------------------------------------

    def watch_period(self) -> None:
        self.load()

    def watch_network(self) -> None:
        self.load()

    def watch_cls(self) -> None:
        self.load()

    def watch_assignee(self) -> None:
        self.load()

    def watch_label(self) -> None:
        self.load()

    def watch_sides(self) -> None:
        self._show_sides()

    def action_close(self) -> None:
        """Put the dates field away if it is open, else back to the queue."""
        dates = self.query_one("#stats-dates", Input)
        if dates.display:
            dates.display = False
            self.query_one("#stats-body").focus()
            return
        self.dismiss()

    def action_period(self, name: str) -> None:
        """Show ``name`` (today, 7d, 30d)."""
        self.period = name

    def action_custom(self) -> None:
        """Ask for FIRST..LAST dates above the figures."""
        dates = self.query_one("#stats-dates", Input)
        dates.display = True
        dates.focus()

    @on(Input.Submitted, "#stats-dates")
    def _dates(self, event: Input.Submitted) -> None:
        from analytics.period import period_for

        try:
            # Only the dates' form is checked here: the worker reads them in the figures' zone.
            period_for(event.value, services(self.app).clock(), UTC)
        except ReplyDeskError as error:
            self.notify(error.msg, title=error.title, severity="error", markup=False)
            return
        event.input.display = False
        self.query_one("#stats-body").focus()
        self.period = event.value.strip()

    def action_network(self) -> None:
        """The next network the period has mentions from, then all."""
        choices = self.stats.networks if self.stats else ()
        self.network = _next(self.network, choices)

    def action_cls(self) -> None:
        """The next class, then all."""
        self.cls = _next(self.cls, CLASSES)

    def action_assignee(self) -> None:
        """The next teammate (you first, then the config's team), then all."""
        config = services(self.app).profile.config
        team = tuple(dict.fromkeys(n for n in (config.agent.strip(), *config.team) if n))
        if not team:
            self.notify("No teammates: add team = [...] to the config.", severity="warning")
            return
        self.assignee = _next(self.assignee, team)

    def action_label(self) -> None:
        """The next label in use, then all."""
        if not self.labels and self.label is None:
            self.notify("No mention has a label yet.", severity="warning")
            return
        self.label = _next(self.label, self.labels)

    def action_sides(self) -> None:
        """Put accounts side by side instead of networks, or back."""
        self.sides = "account" if self.sides == "network" else "network"

    def action_definitions(self) -> None:
        """What each figure means (the README's Stats section)."""
        from tui.screens.stats_definitions import DefinitionsScreen

        self.app.push_screen(DefinitionsScreen())
