"""The Stats screen's pictures: volume per day stacked by class (a plotext chart) and a heat
strip of the hours of the day (text).

``textual_plotext`` (and plotext under it) is imported when the first chart is made: opening
the app, or the Stats screen on a narrow terminal (where a table stands in), never pays for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.color import Color
from textual.content import Content
from textual.widgets import Static

from analytics.figures import VOLUME_KINDS, DayVolume

if TYPE_CHECKING:
    from textual.app import App
    from textual.widget import Widget

# Each class in the colour the rest of the app gives its urgency; spam stays quiet.
CLASS_COLOURS = {
    "complaint": "error",
    "question": "warning",
    "praise": "success",
    "other": "primary",
    "spam": "secondary",
}
SHADES = " ▁▂▃▄▅▆▇█"


def class_rgb(app: App[object], kind: str) -> tuple[int, int, int]:
    """The theme's colour for ``kind`` as RGB (plotext takes no CSS variables)."""
    return Color.parse(app.theme_variables[CLASS_COLOURS[kind]]).rgb


def volume_chart() -> Widget:
    """An empty chart for ``draw_volume`` (the first call imports plotext)."""
    from textual_plotext import PlotextPlot

    return PlotextPlot(id="volume-chart")


def draw_volume(chart: Widget, days: tuple[DayVolume, ...]) -> None:
    """Draw ``days`` on ``chart`` as stacked bars, one stack per class, in the theme's
    colours (looked up now, so a theme change shows at the next draw)."""
    from textual_plotext import PlotextPlot

    assert isinstance(chart, PlotextPlot)
    plt = chart.plt
    plt.clear_data()
    plt.clear_figure()
    # Day of the month under each bar: a month of dates would not fit under 30 bars.
    labels = [d.day.strftime("%d") if len(days) > 10 else d.day.strftime("%a %d") for d in days]
    series = [[d.counts[kind] for d in days] for kind in VOLUME_KINDS]
    # textual-plotext's stub has one label and one colour; plotext takes one per stack.
    plt.stacked_bar(  # type: ignore[call-arg]
        labels,
        series,
        labels=list(VOLUME_KINDS),
        color=[class_rgb(chart.app, kind) for kind in VOLUME_KINDS],  # type: ignore[arg-type]
    )
    plt.title("Mentions per day, by class")
    chart.refresh()


def heat_strip(hours: tuple[int, ...]) -> Content:
    """Mentions per hour of the day as 24 shaded cells with the hours under them."""
    top = max(hours) or 1
    cells = Content.assemble(
        *(
            Content.styled(SHADES[round(n / top * (len(SHADES) - 1))] * 2 + " ", "$accent")
            for n in hours
        )
    )
    ruler = "".join(f"{h:02d} " for h in range(24))
    return Content.assemble(cells, "\n", Content.styled(ruler, "$text-muted"))


class HeatStrip(Static):
    """The hours of the day, darker where more mentions came in."""

    def show(self, hours: tuple[int, ...]) -> None:
        """Draw ``hours`` (24 counts)."""
        self.update(heat_strip(hours))
