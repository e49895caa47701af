"""A bar chart of one measure per year, from `search()`'s sums (sum_field=FIELD, by="year").

One measure on the one value axis (no second series in other units sharing it), labelled
axes, round tick values, a bar per year of the span with a year that had no report left
empty (not drawn as 0). The geometry is computed here; templates/chart.html draws it as an
SVG whose viewBox scales to the page width, so it never overflows a phone's screen.
Reports whose year is not a year, or that do not state the figure, are counted in the notes
under the chart, never silently dropped.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from search_cli.browse.serve import measures

WIDTH, HEIGHT = 480, 280
LEFT, RIGHT, TOP, BOTTOM = 84, 10, 24, 62  # room for tick labels, value labels, years and the axis title
FONT = 15  # SVG units: about 10 CSS px on a 330 px wide chart (a phone), 15 px at full width
_YEAR = re.compile(r"\d{4}")


@dataclass
class Bar:
    year: int
    value: int | None          # None: no report that year
    reports: int
    missing: int               # reports of that year that do not state the figure
    x: float
    width: float
    y: float = 0.0
    height: float = 0.0
    show_year: bool = True
    show_value: bool = True


@dataclass
class BarChart:
    field: str
    y_title: str
    x_title: str = "年度"
    width: int = WIDTH
    height: int = HEIGHT
    bars: list[Bar] = field(default_factory=list)
    ticks: list[tuple[float, str]] = field(default_factory=list)  # (y, label)
    notes: list[str] = field(default_factory=list)
    left: int = LEFT
    top: int = TOP
    right: int = WIDTH - RIGHT
    bottom: int = HEIGHT - BOTTOM
    font: int = FONT

    @property
    def empty(self) -> bool:
        return not self.bars


def nice_step(top: float, ticks: int = 4) -> int:
    """A round step (1, 2, 5 × 10^k) that divides 0..top into about `ticks` intervals."""
    if top <= 0:
        return 1
    raw = top / ticks
    power = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 5, 10):
        if m * power >= raw:
            return max(1, int(m * power))
    return max(1, int(10 * power))


def _text_width(text: str, font: int = FONT) -> float:
    return 0.62 * font * len(text)  # digits of a sans-serif face, roughly


def bar_chart(sums: dict) -> BarChart:
    """The chart of sums by year (`search(..., sum_field=F, by="year")["sums"]`)."""
    fieldname = sums.get("field") or ""
    chart = BarChart(field=fieldname, y_title=measures.axis_title(fieldname))
    by_year: dict[int, dict] = {}
    unreadable = 0
    for row in sums.get("rows") or []:
        group = str((row.get("group") or [""])[0])
        if _YEAR.fullmatch(group):
            by_year[int(group)] = row
        else:
            unreadable += row.get("reports") or 0
    if unreadable:
        chart.notes.append(f"{unreadable} report(s) with no readable year are not in the chart")
    if not by_year:
        return chart
    years = list(range(min(by_year), max(by_year) + 1))
    plot_w, plot_h = chart.right - chart.left, chart.bottom - chart.top
    slot = plot_w / len(years)
    top_value = max((by_year[y]["sum"] for y in by_year), default=0)
    step = nice_step(top_value)
    top = max(step, math.ceil(top_value / step) * step)
    chart.ticks = [(chart.bottom - plot_h * v / top, f"{v:,}") for v in range(0, top + 1, step)]
    label_every = max(1, math.ceil((_text_width("2020") + 6) / slot))
    for i, year in enumerate(years):
        row = by_year.get(year)
        bar = Bar(year=year, value=row["sum"] if row else None, reports=row["reports"] if row else 0,
                  missing=row["missing"] if row else 0, x=chart.left + slot * i + slot * 0.15, width=slot * 0.7)
        if bar.value is not None:
            bar.height = plot_h * bar.value / top
        bar.y = chart.bottom - bar.height
        bar.show_year = (len(years) - 1 - i) % label_every == 0  # the latest year always labelled
        bar.show_value = bar.value is not None and _text_width(f"{bar.value:,}", FONT - 2) <= slot
        chart.bars.append(bar)
    gaps = [str(b.year) for b in chart.bars if b.value is None]
    if gaps:
        chart.notes.append(f"no report for {', '.join(gaps)}")
    missing = sum(b.missing for b in chart.bars)
    if missing:
        chart.notes.append(f"{missing} report(s) do not state {measures.name(fieldname)}: they add nothing to the bars")
    return chart
