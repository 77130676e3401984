"""Bar charts drawn on the server as SVG: no JavaScript, printable, readable by screen readers.

:func:`bar_chart` computes the geometry; ``followup/charts/bar_chart_drawing.svg`` draws it. Every
chart has a title and a description, each bar a tooltip title, and the page shows the same
figures as a table.
"""

import itertools
from dataclasses import dataclass

# Colour-blind-safe (Okabe–Ito) and dark enough for white text and for print.
PALETTE = ["#0072B2", "#009E73", "#CC79A7", "#D55E00", "#56B4E9"]
_ids = itertools.count(1)


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    colour: str
    title: str


@dataclass
class Tick:
    y: float
    label: str


@dataclass
class Label:
    x: float
    text: str


def bar_chart(
    title, description, labels, series, unit="", maximum=None, axis_labels=None, width=640,
    height=240,
):  # fmt: skip
    """A grouped bar chart.

    ``labels`` name the groups (in tooltips and the table); ``axis_labels``, shorter, are
    written under them when given. ``series`` is a list of (name, values), one value per label.
    ``maximum`` fixes the top of the y axis (100 for percentages).
    """
    left, right, top, bottom = 40, 10, 10, 40
    plot_width, plot_height = width - left - right, height - top - bottom
    values = [v for _, vs in series for v in vs]
    top_value = maximum or max([*values, 1])
    step = max(1, -(-top_value // 4))  # four gridlines, whole numbers
    top_value = step * 4 if maximum is None else maximum
    group_width = plot_width / max(len(labels), 1)
    bar_width = group_width * 0.8 / max(len(series), 1)

    bars, legend = [], []
    for index, (name, values_) in enumerate(series):
        colour = PALETTE[index % len(PALETTE)]
        legend.append((name, colour))
        for group, value in enumerate(values_):
            bar_height = plot_height * value / top_value
            bars.append(
                Bar(
                    x=left + group * group_width + group_width * 0.1 + index * bar_width,
                    y=top + plot_height - bar_height,
                    width=bar_width,
                    height=bar_height,
                    colour=colour,
                    title=f"{name}, {labels[group]}: {value}{unit}",
                )
            )
    ticks = [
        Tick(top + plot_height - plot_height * i / 4, f"{round(top_value * i / 4)}{unit}")
        for i in range(5)
    ]
    x_labels = [
        Label(left + (i + 0.5) * group_width, label)
        for i, label in enumerate(axis_labels or labels)
    ]
    return {
        "id": f"chart-{next(_ids)}",
        "title": title,
        "description": description,
        "width": width,
        "height": height,
        "left": left,
        "plot_right": left + plot_width,
        "baseline": top + plot_height,
        "label_y": top + plot_height + 16,
        "bars": bars,
        "ticks": ticks,
        "labels": x_labels,
        "legend": legend,
        "table": [(label, [vs[i] for _, vs in series]) for i, label in enumerate(labels)],
        "series_names": [name for name, _ in series],
        "unit": unit,
    }
