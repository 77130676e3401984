"""The dashboard: the follow-up at a glance, built in one place (:meth:`Dashboard.build`).

Everything on it comes from the engine's :class:`~followup.engine.Followup`; the two parts that
read activities (:func:`monthly_activity`, :func:`recent_activities`) aggregate in one query each.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from commitments.access import can_administer, reporting_organisations, succession
from commitments.dates import add_months
from commitments.enums import CommitmentKind, FollowupStatus, PromiseStatus
from commitments.models import Activity
from commitments.services import existing_successor

from . import problems
from .charts import Series, bar_chart
from .loading import followup_for
from .outcome import Outcome, needs_attention, total, unplanned
from .presentation import YEAR_PARTS, sections

# How each part of a year's quota periods is drawn: met solid, missed hatched (it must read
# apart in black and white), open and upcoming lighter.
YEAR_COLOURS = {
    "met": ("#146c43", False),
    "missed": ("#b02a37", True),
    "open": ("#0072B2", False),
    "upcoming": ("#adb5bd", False),
}


@dataclass
class Tile:
    """One part of the quota periods so far (met, missed, open, upcoming), with its count."""

    part: str  # met, missed, open or upcoming (the template words each)
    count: int
    behind: int = 0  # of the open ones, how many are behind


def tiles(followup):
    """The quota periods of the whole promise as of the follow-up's date, by how they stand."""
    whole = total(followup.years)
    behind = sum(p.status == FollowupStatus.BEHIND for r in followup.commitments for p in r.periods)
    return [
        Tile(part, getattr(whole, part), behind if part == "open" else 0)
        for part, _label in YEAR_PARTS
    ]


@dataclass
class Timing:
    status: str
    days_left: int | None  # until the promise's end
    extended: bool


def timing(followup):
    promise = followup.promise
    end = promise.end
    days_left = (end - followup.as_of).days if followup.as_of <= end else None
    return Timing(promise.status, days_left, promise.status == PromiseStatus.EXTENDED)


@dataclass
class YearCell:
    periods: list  # the commitment's periods ending in the year
    met: int

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
    """(years, rows): every quota commitment's periods, by the year each period ends.

    Each row is (result, [(year, YearCell or None)]).
    """
    quotas = [r for r in followup.commitments if r.facts.kind == CommitmentKind.QUOTA]
    years = [summary.year for summary in followup.years]
    rows = []
    for result in quotas:
        by_year = defaultdict(list)
        for period in result.periods:
            by_year[period.end.year].append(period)
        cells = [
            (
                year,
                YearCell(by_year[year], sum(p.status == FollowupStatus.MET for p in by_year[year]))
                if by_year.get(year)
                else None,
            )
            for year in years
        ]
        rows.append((result, cells))
    return years, rows


def year_chart(followup):
    """Stacked bars: each year's quota periods met, missed, open and upcoming."""
    return bar_chart(
        _("Quota periods per year"),
        _(
            "How the quota periods ending each year stand: met, missed, still open and not yet "
            "begun. A year is only fully met when all its periods are."
        ),
        [str(year.year) for year in followup.years],
        [
            Series(str(label), [getattr(y, part) for y in followup.years], *YEAR_COLOURS[part])
            for part, label in YEAR_PARTS
        ],
        stacked=True,
        label_name=_("Year"),
    )


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
# A chart of activities per month covers at most this many months (the latest ones).
MAX_MONTHS = 72


def month_label(month):
    return _("%(month)s %(year)s") % {"month": MONTHS[month.month - 1], "year": month.year}


def months_between(start, end):
    """The first days of the months from ``start``'s to ``end``'s, at most :data:`MAX_MONTHS`."""
    first, last = start.replace(day=1), end.replace(day=1)
    count = (last.year - first.year) * 12 + last.month - first.month + 1
    count = max(1, min(count, MAX_MONTHS))
    return [add_months(last, offset) for offset in range(1 - count, 1)]


def monthly_activity(promise, months, last_day):
    """{party name: [activities per month]}: activities logged per month per party.

    One aggregate query, up to ``last_day``. Counts activities (not quantities): how often each
    party acted.
    """
    rows = (
        Activity.objects.for_promise(promise)
        .counted()
        .filter(occurred_on__gte=months[0], occurred_on__lte=last_day)
        .annotate(month=TruncMonth("occurred_on"))
        .values("organisation__name", "organisation__kind", "month")
        .annotate(n=Count("id"))
        .order_by()
    )
    index = {month: i for i, month in enumerate(months)}
    series, kinds = {}, {}
    for row in rows:
        month = row["month"]
        if isinstance(month, datetime.datetime):  # some backends truncate to a datetime
            month = month.date()
        values = series.setdefault(row["organisation__name"], [0] * len(months))
        values[index[month]] += row["n"]
        kinds[row["organisation__name"]] = row["organisation__kind"]
    order = {"police_area": 0, "municipality": 1}
    names = sorted(series, key=lambda name: (order.get(kinds[name], 2), name))
    return {name: series[name] for name in names}


def activity_chart(promise, start, end):
    """Bar chart: activities per month and party from ``start`` to ``end``, years on the axis."""
    months = months_between(start, end)
    per_party = monthly_activity(promise, months, end)
    return bar_chart(
        _("Activities per month and party"),
        _("Logged activities in each month from %(start)s to %(end)s, per party.")
        % {"start": month_label(months[0]), "end": month_label(months[-1])},
        [month_label(m) for m in months],
        list(per_party.items()),
        axis_labels=[str(MONTHS[m.month - 1]) for m in months],
        axis_years=[str(m.year) if i == 0 or m.month == 1 else "" for i, m in enumerate(months)],
        label_name=_("Month"),
    )


def recent_activities(promise, as_of, limit=10):
    """The latest activities up to ``as_of`` that count (approved)."""
    return list(
        Activity.objects.for_promise(promise)
        .counted()
        .filter(occurred_on__lte=as_of)
        .select_related("commitment", "organisation")
        .order_by("-occurred_on", "-pk")[:limit]
    )


@dataclass
class Dashboard:
    """Everything the dashboard shows of the follow-up, as of one date: the same for everyone
    who may see the promise, so that it can be cached (see :class:`Standing` for the rest)."""

    promise: object
    followup: object
    timing: Timing
    outcome: Outcome | None
    tiles: list
    statuses: list  # (status, number of commitments), those present
    attention: list
    sections: list
    problems: list  # local problems needing attention (followup.problems.ProblemResult)
    years: list
    year_rows: list
    charts: list = field(default_factory=list)
    unplanned: list = field(default_factory=list)  # open quotas on track, not covered by plans
    recent: list = field(default_factory=list)
    recent_outside: set = field(default_factory=set)  # ids of those outside the days in force

    @classmethod
    def build(cls, promise, as_of):
        followup = followup_for(promise, as_of)
        years, year_rows = year_table(followup)
        recent = recent_activities(promise, as_of)
        return cls(
            promise=promise,
            followup=followup,
            timing=timing(followup),
            outcome=Outcome.of(followup),
            tiles=tiles(followup),
            statuses=[(status, n) for status, n in followup.summary.items() if n],
            attention=needs_attention(followup),
            problems=problems.attention(followup),
            unplanned=unplanned(followup),
            sections=sections(followup, promise.focus_areas.prefetch_related("local_problems")),
            years=years,
            year_rows=year_rows,
            charts=[
                year_chart(followup),
                activity_chart(promise, add_months(as_of.replace(day=1), -11), as_of),
            ],
            recent=recent,
            recent_outside={a.pk for a in recent if not promise.is_in_force_on(a.occurred_on)},
        )


@dataclass
class Standing:
    """What the dashboard shows that depends on who looks: whether they may log, start the next
    promise, and which promises before and after it they may follow links to."""

    extended: bool  # past its end date, in force until a new promise is given
    can_report: bool = False
    is_admin: bool = False  # administers the promise: may start the next one
    replaces: object = None  # the promise it replaces, if the user may see it
    replaced_by: list = field(default_factory=list)  # those replacing it that the user may see
    next_promise: object = None  # for admins: one replacing it already, draft or published

    @classmethod
    def build(cls, promise, as_of, user):
        is_admin = can_administer(user, promise)
        replaces, replaced_by = succession(user, promise)
        return cls(
            extended=promise.status_on(as_of) == PromiseStatus.EXTENDED,
            can_report=bool(reporting_organisations(user, promise)),
            is_admin=is_admin,
            replaces=replaces,
            replaced_by=replaced_by,
            next_promise=existing_successor(promise) if is_admin else None,
        )
