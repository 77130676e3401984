"""What the dashboard and the reports show, built from the engine's follow-up.

Functions over a :class:`~followup.engine.Followup` are pure; the two that read activities
(:func:`monthly_activity`, :func:`recent_activities`) aggregate in one query each.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from commitments.dates import add_months
from commitments.enums import CommitmentKind, FollowupStatus, Light, PromiseStatus
from commitments.models import Activity

from .charts import bar_chart
from .engine import LIGHTS

# Most urgent first: behind can still be caught up; missed cannot; at risk may soon be behind.
URGENCY = {
    FollowupStatus.BEHIND: 0,
    FollowupStatus.MISSED: 1,
    FollowupStatus.AT_RISK: 2,
    FollowupStatus.INACTIVE: 3,
}
LIGHT_ORDER = [Light.GREEN, Light.AMBER, Light.RED, Light.GREY]


@dataclass
class Tile:
    light: str
    label: str
    count: int


def tiles(followup):
    """Commitments per traffic light, green to grey."""
    counts = defaultdict(int)
    for result in followup.commitments:
        counts[LIGHTS[result.status]] += 1
    return [Tile(light, Light(light).label, counts[light]) for light in LIGHT_ORDER]


def needs_attention(followup):
    """Commitments that are behind, missed, at risk or inactive, the most urgent first.

    Within a status, the one whose period ends soonest comes first.
    """
    far = datetime.date.max

    def urgency(result):
        end = result.current.end if result.current else far
        return URGENCY[result.status], end, result.key

    return sorted((r for r in followup.commitments if r.status in URGENCY), key=urgency)


@dataclass
class Timing:
    status: str
    days_left: int | None  # until the effective end (or valid_until when open-ended)
    extended: bool


def timing(followup):
    promise = followup.promise
    end = promise.effective_end or promise.valid_until
    days_left = (end - followup.as_of).days if followup.as_of <= end else None
    return Timing(promise.status, days_left, promise.status == PromiseStatus.EXTENDED)


@dataclass
class YearCell:
    periods: list  # the commitment's periods starting in the year
    met: int
    ended: int

    @property
    def single(self):
        return self.periods[0] if len(self.periods) == 1 else None

    @property
    def worst(self):
        """The status to show for the year: a missed period outweighs the others."""
        statuses = [p.status for p in self.periods]
        for status in (FollowupStatus.MISSED, FollowupStatus.BEHIND, FollowupStatus.AT_RISK):
            if status in statuses:
                return status
        return statuses[-1]


def year_table(followup):
    """(years, rows): every quota commitment's periods, year by year (by the period's start)."""
    quotas = [r for r in followup.commitments if r.facts.kind == CommitmentKind.QUOTA]
    years = sorted({p.start.year for r in quotas for p in r.periods})
    rows = []
    for result in quotas:
        by_year = defaultdict(list)
        for period in result.periods:
            by_year[period.start.year].append(period)
        cells = []
        for year in years:
            periods = by_year.get(year)
            if not periods:
                cells.append(None)
                continue
            met = sum(p.status == FollowupStatus.MET for p in periods)
            ended = sum(p.end < followup.as_of or p.status == FollowupStatus.MET for p in periods)
            cells.append(YearCell(periods, met, ended))
        rows.append((result, cells))
    return years, rows


def completion_by_year(followup):
    """(year, periods met, periods judged) over every quota period that has ended or been met."""
    met, judged = defaultdict(int), defaultdict(int)
    for result in followup.commitments:
        for period in result.periods:
            if period.status == FollowupStatus.MET or period.end < followup.as_of:
                judged[period.start.year] += 1
                met[period.start.year] += period.status == FollowupStatus.MET
    return [(year, met[year], judged[year]) for year in sorted(judged)]


def months_ending(as_of, count=12):
    """The first days of the ``count`` months up to and including ``as_of``'s month."""
    last = as_of.replace(day=1)
    return [add_months(last, offset) for offset in range(1 - count, 1)]


def monthly_activity(promise, as_of, count=12):
    """(months, {party name: [activities per month]}): activities logged per month per party.

    One aggregate query. Counts activities (not quantities): how often each party acted.
    """
    months = months_ending(as_of, count)
    rows = (
        Activity.objects.for_promise(promise)
        .filter(occurred_on__gte=months[0], occurred_on__lte=as_of)
        .annotate(month=TruncMonth("occurred_on"))
        .values("organisation__name", "organisation__kind", "month")
        .annotate(n=Count("id"))
        .order_by()
    )
    index = {month: i for i, month in enumerate(months)}
    series, kinds = {}, {}
    for row in rows:
        values = series.setdefault(row["organisation__name"], [0] * len(months))
        values[index[row["month"]]] += row["n"]
        kinds[row["organisation__name"]] = row["organisation__kind"]
    order = {"police_area": 0, "municipality": 1}
    names = sorted(series, key=lambda name: (order.get(kinds[name], 2), name))
    return months, {name: series[name] for name in names}


def recent_activities(promise, as_of, limit=10):
    """The latest activities up to ``as_of`` (no staff names: organisations only)."""
    return list(
        Activity.objects.for_promise(promise)
        .filter(occurred_on__lte=as_of)
        .select_related("commitment", "organisation")
        .order_by("-occurred_on", "-pk")[:limit]
    )


def month_label(month):
    return _("%(month)s %(year)s") % {"month": MONTHS[month.month - 1], "year": month.year}


MONTHS = [
    gettext_lazy("Jan"),
    gettext_lazy("Feb"),
    gettext_lazy("Mar"),
    gettext_lazy("Apr"),
    gettext_lazy("May"),
    gettext_lazy("Jun"),
    gettext_lazy("Jul"),
    gettext_lazy("Aug"),
    gettext_lazy("Sep"),
    gettext_lazy("Oct"),
    gettext_lazy("Nov"),
    gettext_lazy("Dec"),
]


def activity_chart(promise, as_of):
    """Bar chart: activities per month and party over the twelve months up to ``as_of``."""
    months, per_party = monthly_activity(promise, as_of)
    return bar_chart(
        _("Activities per month and party"),
        _("Logged activities in each of the twelve months up to %(date)s, per party.")
        % {"date": as_of.isoformat()},
        [month_label(m) for m in months],
        list(per_party.items()),
        axis_labels=[str(MONTHS[m.month - 1]) for m in months],
    )


def completion_chart(followup):
    """Bar chart: the share of each year's judged quota periods that were met."""
    rows = completion_by_year(followup)
    return bar_chart(
        _("Quota periods met per year"),
        _("Share of the quota periods that ended or were met each year, that were met."),
        [str(year) for year, met, judged in rows],
        [(_("Met"), [round(100 * met / judged) for year, met, judged in rows])],
        unit=" %",
        maximum=100,
    )
