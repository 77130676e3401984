"""How outcome indicators are shown: in words, as a line chart and a table, grouped by focus area.

Plain presentation over the engine's :class:`~followup.indicators.IndicatorResult`: no queries.
The dashboard, the report (page, PDF, workbook), the public page and the ``followup`` command
all show an indicator through :class:`IndicatorView`; the pages through one include,
``followup/includes/indicator.html``.
"""

from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from commitments.enums import IndicatorDirection, IndicatorUnit

from .indicators import IMPROVING, NO_DATA, UNCHANGED, WORSENING
from .line_charts import line_chart

TREND_LABELS = {
    IMPROVING: gettext_lazy("improvement"),
    WORSENING: gettext_lazy("deterioration"),
    UNCHANGED: gettext_lazy("unchanged"),
    NO_DATA: gettext_lazy("no values"),
}
# No trend, though there are values: there is no baseline to compare them with.
NO_BASELINE = gettext_lazy("no baseline")

# The badge repeats the word in colour (never colour alone).
TREND_BADGES = {
    IMPROVING: "text-bg-success",
    WORSENING: "text-bg-danger",
    UNCHANGED: "text-bg-secondary",
    NO_DATA: "text-bg-light border",
}

# Values are stored with up to three decimals; an indicator is written with as many as its
# figures need, the same for all of them (18,0 % beside 17,2 %).
MAX_DECIMALS = 3
NO_BREAK_SPACE = "\u00a0"


def decimals_of(facts):
    """How many decimals the figures of an indicator (``facts``) need, at most three."""
    figures = [v.value for v in facts.values]
    figures += [facts.baseline.value] if facts.baseline else []
    figures += [facts.target] if facts.target is not None else []
    needed = [max(0, -value.normalize().as_tuple().exponent) for value in figures]
    return min(max(needed, default=0), MAX_DECIMALS)


def format_value(value, unit, decimals):
    """A value as the language writes it ("18,0 %", "1 234"): decimal comma and grouping in
    Swedish, a per cent sign for ``percent``; counts, rates and indices as plain numbers."""
    text = number_format(value, decimals, use_l10n=True, force_grouping=True)
    return f"{text}{NO_BREAK_SPACE}%" if unit == IndicatorUnit.PERCENT else text


def trend_label(result):
    """The trend in a word: "förbättring", "försämring", "oförändrat", "inga mätvärden", or
    "ingen baslinje" when there are values but nothing to compare them with."""
    if result.trend == NO_DATA and result.latest and result.facts.baseline is None:
        return str(NO_BASELINE)
    return str(TREND_LABELS[result.trend])


def summary(result):
    """The indicator in a line: "18,0 % → 16,0 % sedan 2023, målet 15,0 %: förbättring"."""
    facts = result.facts
    decimals = decimals_of(facts)

    def value(figure):
        return format_value(figure, facts.unit, decimals)

    baseline, latest = facts.baseline, result.latest
    if baseline and latest:
        change = _("%(baseline)s → %(latest)s since %(year)s") % {
            "baseline": value(baseline.value),
            "latest": value(latest.value),
            "year": baseline.on.year,
        }
    elif baseline:
        change = _("Baseline %(value)s (%(year)s)") % {
            "value": value(baseline.value),
            "year": baseline.on.year,
        }
    elif latest:
        change = _("Latest %(value)s (%(year)s)") % {
            "value": value(latest.value),
            "year": latest.on.year,
        }
    else:  # the trend would only say it again
        return _("No baseline and no values yet")
    words = {"change": change, "trend": trend_label(result)}
    if facts.target is not None:
        return _("%(change)s, the target %(target)s: %(trend)s") % {
            **words,
            "target": value(facts.target),
        }
    return _("%(change)s: %(trend)s") % words


@dataclass(frozen=True)
class Row:
    """A value in the table: its date, the value in words, its note and source."""

    on: object
    value: str
    note: str
    source_url: str


@dataclass(frozen=True)
class IndicatorView:
    """One indicator as a page shows it (see ``followup/includes/indicator.html``)."""

    result: object  # followup.indicators.IndicatorResult
    summary: str
    trend_label: str
    badge_class: str
    chart: object  # followup.line_charts.LineChart, None without values
    rows: list
    baseline: str  # its value in words, "" without one
    target: str
    unit_label: str  # the value column's unit: "%", or "" for counts, rates and indices
    direction_label: str

    @property
    def facts(self):
        return self.result.facts

    @classmethod
    def of(cls, result):
        facts = result.facts
        decimals = decimals_of(facts)

        def fmt(value, places=None):
            return format_value(value, facts.unit, decimals if places is None else places)

        text = summary(result)
        chart = None
        if result.values:
            chart = line_chart(
                facts.name,
                f"{text}. {measured(result)}",
                result.values,
                baseline=facts.baseline,
                target=facts.target,
                fmt=fmt,
                unit=facts.unit,
            )
        return cls(
            result=result,
            summary=text,
            trend_label=trend_label(result),
            badge_class=TREND_BADGES[result.trend],
            chart=chart,
            rows=[Row(v.on, fmt(v.value), v.note, v.source_url) for v in result.values],
            baseline=fmt(facts.baseline.value) if facts.baseline else "",
            target=fmt(facts.target) if facts.target is not None else "",
            unit_label="%" if facts.unit == IndicatorUnit.PERCENT else "",
            direction_label=str(IndicatorDirection(facts.direction).label),
        )


def measured(result):
    """When the values shown were measured, for the chart's description."""
    values = result.values
    return ngettext(
        "%(count)s value, measured %(first)s.",
        "%(count)s values, measured %(first)s to %(last)s.",
        len(values),
    ) % {"count": len(values), "first": values[0].on.isoformat(), "last": values[-1].on.isoformat()}


@dataclass(frozen=True)
class IndicatorGroup:
    title: str | None  # the focus area's; None: the whole promise
    indicators: list  # IndicatorResult, in the promise's order


def indicator_groups(indicators, areas=()):
    """``indicators`` (IndicatorResults) by focus area: those of the whole promise first, then
    the focus areas in the order of ``areas`` (their titles), then any other in order met."""
    order = {title: index for index, title in enumerate(areas)}
    groups = {}
    for result in indicators:
        groups.setdefault(result.facts.focus_area, []).append(result)
    titles = sorted(
        groups,
        key=lambda title: (title is not None, order.get(title, len(order))),
    )
    return [IndicatorGroup(title, groups[title]) for title in titles]


def text_lines(followup, areas=()):
    """The indicators for a terminal: a heading, then those of the whole promise and of each
    focus area (in the order of ``areas``, their titles), each with its summary line."""
    if not followup.indicators:
        return []
    lines = ["", _("Outcomes")]
    for group in indicator_groups(followup.indicators, areas):
        lines.append(f"» {group.title or _('The whole promise')}")
        lines += [f"  {r.facts.name}: {summary(r)}" for r in group.indicators]
    return lines


def xlsx_sheet(indicators):
    """(header, rows, widths) of the workbook's sheet of indicators: a row per value shown (an
    indicator without one has a row of its own, without a date), each with its indicator's
    baseline, target, latest value and trend beside it, so that a filter on one indicator
    shows all of it."""
    header = [
        _("Indicator"), _("Focus area"), _("Unit"), _("Direction"), _("Date"), _("Value"),
        _("Note"), _("Baseline date"), _("Baseline value"), _("Target"), _("Latest value"),
        _("Trend"), _("Source"), _("Source URL"),
    ]  # fmt: skip
    rows = []
    for result in indicators:
        facts = result.facts
        baseline, latest = facts.baseline, result.latest
        about = [
            baseline.on if baseline else None,
            baseline.value if baseline else None,
            facts.target,
            latest.value if latest else None,
            capfirst(trend_label(result)),
            facts.source,
        ]
        first = [
            facts.name,
            facts.focus_area or str(_("The whole promise")),
            str(IndicatorUnit(facts.unit).label),
            str(IndicatorDirection(facts.direction).label),
        ]
        for value in result.values or [None]:
            measured_as = [value.on, value.value, value.note] if value else [None, None, ""]
            rows.append([*first, *measured_as, *about, value.source_url if value else ""])
    widths = [50, 22, 12, 18, 12, 10, 40, 12, 10, 10, 10, 16, 30, 30]
    return header, rows, widths
