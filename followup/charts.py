"""Bar charts drawn on the server as SVG: no JavaScript, printable, readable by screen readers.

:func:`bar_chart` computes the geometry; ``followup/charts/bar_chart_drawing.svg`` draws it. Every
chart has a title and a description, each bar a tooltip title, and the page shows the same
figures as a table. A series may be hatched so that it reads apart from its neighbours when
printed in black and white.
"""

import itertools
import math
from dataclasses import dataclass

# Colour-blind-safe (Okabe–Ito) and dark enough for white text and for print.
PALETTE = ["#0072B2", "#009E73", "#CC79A7", "#D55E00", "#56B4E9"]
_ids = itertools.count(1)
# At most this many labels under the axis; with more groups, every n-th is written.
MAX_AXIS_LABELS = 13


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    colour: str
    hatch: bool
    title: str


@dataclass
class Tick:
    y: float
    label: str


@dataclass
class Label:
    x: float
    text: str
    second: str = ""  # a second line under it (the year under a month)


@dataclass
class Series:
    name: str
    values: list
    colour: str = ""
    hatch: bool = False  # white diagonal lines over the colour


def bar_chart(
    title, description, labels, series, unit="", maximum=None, axis_labels=None,
    axis_years=None, stacked=False, label_name="", width=640, height=240,
):  # fmt: skip
    """A grouped (or ``stacked``) bar chart.

    ``labels`` name the groups (in tooltips and the table); ``axis_labels``, shorter, are
    written under them when given, and ``axis_years`` (one per group, "" for none) on a second
    line. ``series`` is a list of :class:`Series` or of (name, values), one value per label.
    ``maximum`` fixes the top of the y axis (100 for percentages). ``label_name`` heads the
    labels' column in the table ("År", "Månad").
    """
    series = [s if isinstance(s, Series) else Series(*s) for s in series]
    for index, one in enumerate(series):
        one.colour = one.colour or PALETTE[index % len(PALETTE)]
    left, right, top, bottom = 40, 10, 10, 44 if axis_years else 40
    plot_width, plot_height = width - left - right, height - top - bottom
    if stacked:
        values = [sum(column) for column in zip(*(s.values for s in series), strict=True)]
    else:
        values = [v for s in series for v in s.values]
    top_value = maximum or max([*values, 1])
    step = max(1, -(-top_value // 4))  # four gridlines, whole numbers
    top_value = step * 4 if maximum is None else maximum
    group_width = plot_width / max(len(labels), 1)
    slots = 1 if stacked else max(len(series), 1)
    bar_width = group_width * (0.6 if stacked else 0.8) / slots

    bars = []
    base = [0] * len(labels)
    for index, one in enumerate(series):
        for group, value in enumerate(one.values):
            bar_height = plot_height * value / top_value
            offset = group_width * (0.2 if stacked else 0.1) + (0 if stacked else index * bar_width)
            bars.append(
                Bar(
                    x=left + group * group_width + offset,
                    y=top + plot_height - bar_height - (plot_height * base[group] / top_value),
                    width=bar_width,
                    height=bar_height,
                    colour=one.colour,
                    hatch=one.hatch,
                    title=f"{one.name}, {labels[group]}: {value}{unit}",
                )
            )
            if stacked:
                base[group] += value
    ticks = [
        Tick(top + plot_height - plot_height * i / 4, f"{round(top_value * i / 4)}{unit}")
        for i in range(5)
    ]
    shown = axis_labels or labels
    every = math.ceil(len(shown) / MAX_AXIS_LABELS) if shown else 1
    x_labels = [
        Label(
            left + (i + 0.5) * group_width,
            label if i % every == 0 else "",
            axis_years[i] if axis_years else "",
        )
        for i, label in enumerate(shown)
    ]
    chart_id = f"chart-{next(_ids)}"
    return {
        "id": chart_id,
        "hatch_id": f"{chart_id}-hatch",
        "title": title,
        "description": description,
        "width": width,
        "height": height,
        "left": left,
        "plot_right": left + plot_width,
        "baseline": top + plot_height,
        "label_y": top + plot_height + 16,
        "year_y": top + plot_height + 31,
        "bars": bars,
        "ticks": ticks,
        "labels": x_labels,
        "legend": [(s.name, s.colour, s.hatch) for s in series],
        "table": [(label, [s.values[i] for s in series]) for i, label in enumerate(labels)],
        # The same, each value with its series' name (for tables that stack on phones).
        "rows": [
            (label, [(s.name, s.values[i]) for s in series]) for i, label in enumerate(labels)
        ],
        "series_names": [s.name for s in series],
        "label_name": label_name,
        "unit": unit,
    }
