"""Line charts of outcome indicators, drawn on the server as SVG like the bar charts
(:mod:`followup.charts`): no JavaScript, printable, readable by screen readers.

:func:`line_chart` computes the geometry; ``followup/charts/line_chart_drawing.svg`` draws it.
Time runs along the x axis in proportion (surveys are not evenly spaced: 2019, 2023, 2024). The
values are a solid line with round markers, the baseline a hollow diamond with a dotted
reference line, the target a dashed line: they read apart in black and white, and each carries
a word ("Baslinje", "Mål") beside it, not colour alone. Every marker has a tooltip title; the
page shows the same figures as a table.
"""

import itertools
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from django.utils.translation import gettext as _

from .charts import PALETTE

LINE_COLOUR = PALETTE[0]
TARGET_COLOUR = PALETTE[3]
BASELINE_COLOUR = "#555555"
DRAWING = "followup/charts/line_chart_drawing.svg"

WIDTH, HEIGHT = 640, 220
# Room for the y axis's labels (left), the words "Baslinje" and "Mål" (right), the x labels.
LEFT, RIGHT, TOP, BOTTOM = 60, 76, 12, 30
# Markers keep this far from the plot's left and right edges.
INSET = 14
# Steps of the y axis's gridlines, times a power of ten; at most this many intervals of data.
NICE_STEPS = (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10))
INTERVALS = 4
# Labels under the axis keep at least this far apart (a year; a date "2025-10-01").
YEAR_GAP, DATE_GAP = 40, 80
# The two words in the right margin keep at least this far apart vertically.
WORD_GAP = 13
# With more values than this, markers are smaller so that they stay apart.
MANY_VALUES = 24

_ids = itertools.count(1)


@dataclass(frozen=True)
class Marker:
    x: float
    y: float
    title: str


@dataclass(frozen=True)
class Reference:
    """A horizontal line across the plot (the target, the baseline's value), with its word."""

    kind: str  # "target" or "baseline"
    y: float
    word: str
    word_y: float  # where the word stands, moved apart from the other's
    title: str
    colour: str
    dash: str


@dataclass(frozen=True)
class Tick:
    y: float
    label: str


@dataclass(frozen=True)
class XLabel:
    x: float
    text: str


@dataclass(frozen=True)
class LineChart:
    id: str
    title: str
    description: str
    ticks: list
    labels: list  # XLabel
    markers: list  # the values, by date
    points: str  # the values' line as SVG points "x,y x,y"
    baseline: Marker | None
    references: list  # Reference
    radius: float
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    plot_right: int = WIDTH - RIGHT
    top: int = TOP
    bottom: int = HEIGHT - BOTTOM
    label_y: int = HEIGHT - BOTTOM + 17
    word_x: int = WIDTH - RIGHT + 6
    line_colour: str = LINE_COLOUR
    baseline_colour: str = BASELINE_COLOUR
    drawing: str = DRAWING  # the template that draws it (see chart_data_uri)


def nice_scale(low, high, integers=False, percent=False):
    """(bottom, top, step) of a y axis that holds ``low`` to ``high`` (Decimals) in at most
    six intervals of a round step (1, 2, 2.5 or 5 times a power of ten).

    Zero is the floor when the data are not negative and not far from it (a fall from 18 to 15
    is not drawn as a fall to nothing, 3 to 1 is drawn from 0). Equal values get room above and
    below; ``integers`` keeps steps whole (counts); ``percent`` keeps the top at most 100.
    """
    low, high = Decimal(low), Decimal(high)
    if low == high:
        pad = abs(low) / 10 or Decimal(1)
        low, high = (low - pad if low - pad >= 0 or low < 0 else Decimal(0)), high + pad
    if low >= 0 and low <= high - low:
        low = Decimal(0)
    raw = (high - low) / INTERVALS
    magnitude = Decimal(1).scaleb(raw.adjusted())
    step = next(m * magnitude for m in NICE_STEPS if m * magnitude >= raw)
    if integers:
        step = max(step, Decimal(1))
    bottom = (low / step).to_integral_value(ROUND_FLOOR) * step
    top = (high / step).to_integral_value(ROUND_CEILING) * step
    if top == bottom:
        top = bottom + step
    if percent and high <= 100 < top:
        top = Decimal(100)
    return bottom, top, step


def decimals_of_step(step):
    """How many decimals the y axis's labels need for ``step`` (2.5 needs one)."""
    return max(0, -step.normalize().as_tuple().exponent)


def _x_labels(dates, x_of):
    """Labels under the axis: each date's year when no two share one, else each January's
    year when the dates span years, else the dates themselves; thinned so that they keep
    apart, the latest first."""
    years = [day.year for day in dates]
    if len(set(years)) == len(years):
        candidates, gap = [(x_of(day), str(day.year)) for day in dates], YEAR_GAP
    elif years[0] != years[-1]:
        starts = [
            dates[0].replace(year=year, month=1, day=1)
            for year in range(years[0] + 1, years[-1] + 1)
        ]
        candidates, gap = [(x_of(day), str(day.year)) for day in starts], YEAR_GAP
    else:
        candidates, gap = [(x_of(day), day.isoformat()) for day in dates], DATE_GAP
    kept = []
    for x, text in reversed(candidates):
        if all(abs(x - other.x) >= gap for other in kept):
            kept.append(XLabel(x, text))
    return sorted(kept, key=lambda label: label.x)


def _words_apart(references):
    """The references with their words at least WORD_GAP apart (the lower one moved down)."""
    if len(references) < 2:
        return references
    upper, lower = sorted(references, key=lambda r: r.y)
    if lower.y - upper.y >= WORD_GAP:
        return references
    middle = (upper.y + lower.y) / 2
    return [
        Reference(**{**vars(upper), "word_y": middle - WORD_GAP / 2}),
        Reference(**{**vars(lower), "word_y": middle + WORD_GAP / 2}),
    ]


def line_chart(title, description, values, baseline=None, target=None, fmt=str, unit=""):
    """The chart of ``values`` (Measurements by date, at least one), with the ``baseline`` (a
    Measurement) and ``target`` (a Decimal) when given.

    ``fmt(value, decimals=None)`` writes a value with its unit for tooltips and the y axis
    (``decimals``: as many as the axis's step needs; None: as the indicator's values have).
    ``unit`` "count" keeps the axis's steps whole; "percent" keeps its top at most 100.
    """
    if not values:
        raise ValueError("A line chart needs at least one value.")
    plot_left, plot_right = LEFT + INSET, WIDTH - RIGHT - INSET
    top, bottom = TOP, HEIGHT - BOTTOM

    figures = [v.value for v in values]
    figures += [baseline.value] if baseline else []
    figures += [target] if target is not None else []
    low, high, step = nice_scale(
        min(figures), max(figures), integers=unit == "count", percent=unit == "percent"
    )

    def y_of(value):
        return bottom - (bottom - top) * float((Decimal(value) - low) / (high - low))

    dates = sorted({v.on for v in values} | ({baseline.on} if baseline else set()))
    first, last = dates[0], dates[-1]
    span = (last - first).days

    def x_of(day):
        if span == 0:
            return (plot_left + plot_right) / 2
        return plot_left + (plot_right - plot_left) * (day - first).days / span

    markers = []
    for value in values:
        text = f"{value.on.isoformat()}: {fmt(value.value)}"
        tooltip = f"{text} ({value.note})" if value.note else text
        markers.append(Marker(x_of(value.on), y_of(value.value), tooltip))
    references = []
    baseline_marker = None
    if baseline is not None:
        baseline_marker = Marker(
            x_of(baseline.on),
            y_of(baseline.value),
            _("Baseline %(date)s: %(value)s")
            % {"date": baseline.on.isoformat(), "value": fmt(baseline.value)},
        )
        y = y_of(baseline.value)
        references.append(
            Reference(
                "baseline", y, _("Baseline"), y, baseline_marker.title, BASELINE_COLOUR, "2 3"
            )
        )
    if target is not None:
        y = y_of(target)
        tooltip = _("Target: %(value)s") % {"value": fmt(target)}
        references.append(Reference("target", y, _("Target"), y, tooltip, TARGET_COLOUR, "7 4"))

    count = int((high - low) / step)
    decimals = decimals_of_step(step)
    ticks = [Tick(y_of(low + step * i), fmt(low + step * i, decimals)) for i in range(count + 1)]
    if high != low + step * count:  # a top cut at 100 %
        ticks.append(Tick(y_of(high), fmt(high, decimals)))
    return LineChart(
        id=f"line-chart-{next(_ids)}",
        title=title,
        description=description,
        ticks=ticks,
        labels=_x_labels(dates, x_of),
        markers=markers,
        points=" ".join(f"{m.x:.1f},{m.y:.1f}" for m in markers),
        baseline=baseline_marker,
        references=_words_apart(references),
        radius=3 if len(values) > MANY_VALUES else 4.5,
    )
