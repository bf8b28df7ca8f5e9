"""Plan vs done as a chart: weekly running minutes planned and run, drawn like the Progress charts
(crosstrain.web.charts: pygal SVG served as an image, no script, the same data gives the same bytes), with the
table of the numbers beside it on the page."""

from __future__ import annotations

from collections.abc import Sequence

import pygal

from crosstrain.core.activities_load import WeekLoad
from crosstrain.gym.dates import when
from crosstrain.web.charts import _new


def load_chart_svg(weeks: Sequence[WeekLoad]) -> str:
    top = max([w.planned_minutes for w in weeks] + [w.done_minutes for w in weeks] + [60])
    # Guide lines every 30, 60, 120... minutes: at most about 6 of them, readable on a phone.
    step = next(s for s in (30, 60, 120, 240, 480, 960) if top / s <= 6) if top <= 5760 else top // 6
    chart = _new(
        pygal.Bar,
        "load",
        [when(w.start, "DAY_MONTH_FORMAT") for w in weeks],  # "8 Dec" or "Dec 8", as the gym writes days
        title="Running minutes a week",
        y_labels=list(range(0, top + step, step)),
    )
    chart.add("Planned", [w.planned_minutes or None for w in weeks])
    chart.add("Run", [w.done_minutes or None for w in weeks])
    svg: str = chart.render()
    return svg


def load_chart_alt(weeks: Sequence[WeekLoad]) -> str:
    """The chart in one sentence, for its alt text: this week and the total of the weeks shown."""
    if not weeks:
        return "No weeks to show."
    now = weeks[-1]
    planned = sum(w.planned_minutes for w in weeks)
    done = sum(w.done_minutes for w in weeks)
    return (
        f"Running minutes a week, planned and run, over {len(weeks)} weeks: {done} run of {planned} planned; "
        f"this week {now.done_minutes} of {now.planned_minutes}. The table below has every week."
    )
